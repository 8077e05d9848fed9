import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Right, RightKind } from '../model/index.js';
import type { ImportItem, RowError } from './registry.js';

/*
 * The CSV form of the watch list: one right per row, one column per field (docs/rights.md). Lists are written
 * with `|` between items; authorized sellers as `name=…;platform=…;sellerId=…;creditCode=…` entries. Cells a
 * kind does not use must be empty. UTF-8, with or without a BOM (Excel writes one; export writes one).
 */

export const CSV_COLUMNS = [
  'id',
  'kind',
  'name',
  'aliases',
  'registrationNo',
  'niceClasses',
  'goods',
  'owner',
  'ownerCreditCode',
  'validFrom',
  'validTo',
  'wellKnown',
  'referencePriceMin',
  'referencePriceCurrency',
  'category',
  'regionCodes',
  'areaText',
  'announcementNo',
  'markType',
  'number',
  'patentType',
  'filingDate',
  'patentStatus',
  'patentee',
  'licensees',
  'authorizedSellers',
  'source',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

const COMMON: CsvColumn[] = ['id', 'kind', 'source'];
const NAMED: CsvColumn[] = ['name', 'aliases', 'authorizedSellers'];

/** The columns each kind uses. */
export const COLUMNS_BY_KIND: Record<RightKind, CsvColumn[]> = {
  trademark: [
    ...COMMON,
    ...NAMED,
    'registrationNo',
    'niceClasses',
    'goods',
    'owner',
    'ownerCreditCode',
    'validFrom',
    'validTo',
    'wellKnown',
    'referencePriceMin',
    'referencePriceCurrency',
  ],
  gi: [...COMMON, ...NAMED, 'category', 'regionCodes', 'areaText', 'announcementNo'],
  special: [...COMMON, ...NAMED, 'announcementNo', 'validFrom', 'validTo', 'markType'],
  patent: [...COMMON, 'number', 'patentType', 'filingDate', 'patentStatus', 'patentee', 'licensees'],
};

const KINDS = Object.keys(COLUMNS_BY_KIND) as RightKind[];
const SELLER_KEYS = ['name', 'platform', 'sellerId', 'creditCode'] as const;

function list(cell: string): string[] {
  return cell
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A right's field path (from validation) → the CSV column it came from. */
export function columnOfField(field: string): string {
  const head = field.split(/[.[]/)[0] ?? field;
  if (field.startsWith('protectedArea.regionCodes')) return `regionCodes (${field})`;
  if (field.startsWith('protectedArea.text')) return 'areaText';
  if (field === 'referencePrice.min') return 'referencePriceMin';
  if (field === 'referencePrice.currency') return 'referencePriceCurrency';
  if (field === 'status') return 'patentStatus';
  return field === head ? field : `${head} (${field})`;
}

interface RowResult {
  raw: Record<string, unknown>;
  errors: { field: string; message: string }[];
}

/** One CSV record → the watch-list object it describes (not yet validated), plus cell-level errors. */
export function csvRecordToRaw(record: Record<string, string>): RowResult {
  const errors: RowResult['errors'] = [];
  const cell = (c: CsvColumn) => (record[c] ?? '').trim();
  const kind = cell('kind') as RightKind;
  if (!KINDS.includes(kind)) {
    errors.push({
      field: 'kind',
      message: `应为 ${KINDS.join(' / ')} 之一 (unknown kind "${cell('kind')}")`,
    });
    return { raw: {}, errors };
  }
  const used = new Set(COLUMNS_BY_KIND[kind]);
  for (const c of CSV_COLUMNS) {
    if (!used.has(c) && cell(c) !== '') {
      errors.push({ field: c, message: `${kind} 不使用此列，应留空 (column not used for ${kind})` });
    }
  }
  const raw: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined && value !== '') raw[key] = value;
  };
  put('id', cell('id'));
  put('kind', kind);
  if (kind !== 'patent') {
    put('name', cell('name'));
    raw.aliases = list(cell('aliases'));
    const sellers = list(cell('authorizedSellers')).map((entry, i) => {
      const seller: Record<string, string> = {};
      for (const part of entry.split(';')) {
        const eq = part.indexOf('=');
        const key = part.slice(0, eq).trim();
        if (eq < 0 || !(SELLER_KEYS as readonly string[]).includes(key)) {
          errors.push({
            field: `authorizedSellers[${i}]`,
            message: `"${part}" 应为 name=…;platform=…;sellerId=…;creditCode=… (expected key=value)`,
          });
          continue;
        }
        seller[key] = part.slice(eq + 1).trim();
      }
      return seller;
    });
    raw.authorizedSellers = sellers;
  }
  switch (kind) {
    case 'trademark': {
      put('registrationNo', cell('registrationNo'));
      raw.niceClasses = list(cell('niceClasses')).flatMap((c, i) => {
        if (/^\d+$/.test(c)) return [Number(c)];
        errors.push({ field: `niceClasses[${i}]`, message: `"${c}" 不是整数 (not a whole number)` });
        return [];
      });
      const goods = list(cell('goods'));
      if (goods.length) raw.goods = goods;
      put('owner', cell('owner'));
      put('ownerCreditCode', cell('ownerCreditCode'));
      put('validFrom', cell('validFrom'));
      put('validTo', cell('validTo'));
      const wk = cell('wellKnown').toLowerCase();
      if (['true', '1', '是', 'yes', 'y'].includes(wk)) raw.wellKnown = true;
      else if (['', 'false', '0', '否', 'no', 'n'].includes(wk)) raw.wellKnown = false;
      else errors.push({ field: 'wellKnown', message: `"${cell('wellKnown')}" 应为 是/否 或 true/false` });
      const min = cell('referencePriceMin');
      if (min !== '') {
        if (Number.isFinite(Number(min))) {
          raw.referencePrice = { min: Number(min), currency: cell('referencePriceCurrency') || 'CNY' };
        } else {
          errors.push({ field: 'referencePriceMin', message: `"${min}" 不是数字 (not a number)` });
        }
      } else if (cell('referencePriceCurrency') !== '') {
        errors.push({
          field: 'referencePriceCurrency',
          message: '填写币种时必须填写 referencePriceMin (currency without a price)',
        });
      }
      break;
    }
    case 'gi':
      put('category', cell('category'));
      raw.protectedArea = { regionCodes: list(cell('regionCodes')), text: cell('areaText') };
      put('announcementNo', cell('announcementNo'));
      break;
    case 'special':
      put('announcementNo', cell('announcementNo'));
      put('validFrom', cell('validFrom'));
      put('validTo', cell('validTo'));
      put('markType', cell('markType'));
      break;
    case 'patent':
      put('number', cell('number'));
      put('patentType', cell('patentType'));
      put('filingDate', cell('filingDate'));
      put('status', cell('patentStatus'));
      put('patentee', cell('patentee'));
      raw.licensees = list(cell('licensees'));
      break;
  }
  put('source', cell('source'));
  return { raw, errors };
}

/** Parses CSV text into import items; problems of the file or its cells come back as errors. */
export function parseRightsCsv(text: string): { items: ImportItem[]; errors: RowError[] } {
  const errors: RowError[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim());
        const unknown = names.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
        if (unknown.length) throw new Error(`unknown column ${unknown.map((u) => `"${u}"`).join(', ')}`);
        for (const required of ['id', 'kind'])
          if (!names.includes(required)) throw new Error(`column "${required}" is missing`);
        return names;
      },
      info: true,
      skip_empty_lines: true,
      relax_column_count: false,
    });
  } catch (err) {
    errors.push({
      row: '第 1 行 (header)',
      field: '(file)',
      message: `CSV 无法解析 (cannot parse): ${(err as Error).message}`,
    });
    return { items: [], errors };
  }
  const items: ImportItem[] = [];
  for (const { record, info } of records) {
    const row = `第 ${info.lines} 行 (line ${info.lines})`;
    const { raw, errors: cellErrors } = csvRecordToRaw(record);
    items.push({ row, raw, errors: cellErrors, describeField: columnOfField });
  }
  return { items, errors };
}

function sellersCell(right: Right): string {
  if (right.kind === 'patent') return '';
  return right.authorizedSellers
    .map((s) =>
      SELLER_KEYS.filter((k) => s[k] !== undefined)
        .map((k) => `${k}=${s[k] ?? ''}`)
        .join(';'),
    )
    .join('|');
}

/** One right → its CSV cells. */
export function rightToCsvRecord(right: Right): Record<CsvColumn, string> {
  const r = Object.fromEntries(CSV_COLUMNS.map((c) => [c, ''])) as Record<CsvColumn, string>;
  r.id = right.id;
  r.kind = right.kind;
  r.source = right.source ?? '';
  switch (right.kind) {
    case 'trademark':
      Object.assign(r, {
        name: right.name,
        aliases: right.aliases.join('|'),
        registrationNo: right.registrationNo,
        niceClasses: right.niceClasses.join('|'),
        goods: (right.goods ?? []).join('|'),
        owner: right.owner,
        ownerCreditCode: right.ownerCreditCode ?? '',
        validFrom: right.validFrom,
        validTo: right.validTo,
        wellKnown: right.wellKnown ? 'true' : 'false',
        referencePriceMin: right.referencePrice ? String(right.referencePrice.min) : '',
        referencePriceCurrency: right.referencePrice?.currency ?? '',
        authorizedSellers: sellersCell(right),
      });
      break;
    case 'gi':
      Object.assign(r, {
        name: right.name,
        aliases: right.aliases.join('|'),
        category: right.category,
        regionCodes: right.protectedArea.regionCodes.join('|'),
        areaText: right.protectedArea.text,
        announcementNo: right.announcementNo ?? '',
        authorizedSellers: sellersCell(right),
      });
      break;
    case 'special':
      Object.assign(r, {
        name: right.name,
        aliases: right.aliases.join('|'),
        announcementNo: right.announcementNo,
        validFrom: right.validFrom,
        validTo: right.validTo,
        markType: right.markType ?? '',
        authorizedSellers: sellersCell(right),
      });
      break;
    case 'patent':
      Object.assign(r, {
        number: right.number,
        patentType: right.patentType,
        filingDate: right.filingDate,
        patentStatus: right.status,
        patentee: right.patentee,
        licensees: right.licensees.join('|'),
      });
      break;
  }
  return r;
}

/** Rights → CSV text with a header row and a UTF-8 BOM (so Excel shows Chinese correctly). */
export function rightsToCsv(rights: Right[]): string {
  return (
    '\uFEFF' +
    stringify(
      rights.map((r) => rightToCsvRecord(r)),
      { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'unix' },
    )
  );
}
