import { parse } from 'csv-parse/sync';
import type { JsonProblem } from '../../common/jsonFile.js';
import { formatProblems } from '../../common/jsonFile.js';
import type { NewStatAction, NewStatCase } from '../../store/index.js';
import {
  readCount,
  readDate,
  readFlag,
  readLeadId,
  readRow,
  readText,
  readYuan,
  type Read,
} from './entryFields.js';
import { StatsError, type FormSpec } from './formSpec.js';

/*
 * Officer-entered figures from a CSV (`markwatch stats import FILE.csv`). Two shapes, told apart by the header:
 * cases (a 案件编号 column) and enforcement actions (a 行动编号 column). Every problem is collected and named by
 * file, line and column; any problem and nothing is saved (the caller saves only a clean result, in one
 * transaction).
 */

export const CASE_COLUMNS = {
  unit: '报送单位',
  caseNo: '案件编号',
  row: '案件类别',
  openedOn: '立案日期',
  closedOn: '结案日期',
  referredOn: '移送日期',
  amountInvolvedFen: '涉案金额（元）',
  finesFen: '罚没款金额（元）',
  lossesRecoveredFen: '挽回经济损失（元）',
  foreignLossesRecoveredFen: '挽回外商投资企业经济损失（元）',
  ecommerce: '电商领域',
  keyMarket: '重点实体市场',
  rural: '农村市场',
  foreignVictim: '外商投资企业被侵权',
  leadId: '线索编号',
  note: '备注',
} as const;

export const ACTION_COLUMNS = {
  unit: '报送单位',
  ref: '行动编号',
  on: '日期',
  actions: '开展执法行动（次）',
  deployments: '出动执法人员（人次）',
  marketActions: '实体市场执法行动（次）',
  marketDeployments: '实体市场出动执法人员（人次）',
  keyMarkets: '辖区重点实体市场数量（个）',
  note: '备注',
} as const;

export type ParsedEntries =
  | { kind: 'cases'; entries: Array<NewStatCase & { line: number }> }
  | { kind: 'actions'; entries: Array<NewStatAction & { line: number }> };

/** One input record: its line (0 for a web form) and its cells by column name. */
export type EntryRecord = { line: number; get: (column: string) => string };

export class Collector {
  readonly problems: JsonProblem[] = [];
  constructor(private readonly file: string) {}
  take<T>(rec: EntryRecord, column: string, read: (text: string) => Read<T>): T {
    const r = read(rec.get(column));
    if (r.ok) return r.value;
    this.problems.push({ file: this.file, line: rec.line, field: column, message: r.message });
    return undefined as T;
  }
  fail(line: number, column: string, message: string): void {
    this.problems.push({ file: this.file, line, field: column, message });
  }
}

function records(
  text: string,
  file: string,
  needed: readonly string[],
): { header: string[]; rows: EntryRecord[] } {
  let raw: Array<{ record: string[]; info: { lines: number } }>;
  try {
    raw = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as typeof raw;
  } catch (err) {
    throw new StatsError(
      'stats.csv_invalid',
      `${file}: 不是有效的 CSV (not valid CSV): ${(err as Error).message}`,
    );
  }
  const [head, ...body] = raw;
  const header = (head?.record ?? []).map((h) => h.trim());
  const missing = needed.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new StatsError(
      'stats.csv_invalid',
      `${file}:1: 缺少列 (missing columns): ${missing.map((c) => `「${c}」`).join('、')}`,
    );
  }
  const rows = body.map(({ record, info }) => ({
    line: info.lines,
    get: (column: string) => {
      const i = header.indexOf(column);
      return i < 0 ? '' : (record[i] ?? '');
    },
  }));
  return { header, rows };
}

/** One case from a record (a CSV line, or the web form's fields read by column name). */
export function caseFromRecord(rec: EntryRecord, spec: FormSpec, defaultUnit: string, c: Collector) {
  const C = CASE_COLUMNS;
  const entry = {
    line: rec.line,
    unit: c.take(rec, C.unit, (t) => readText(t, false)) || defaultUnit,
    caseNo: c.take(rec, C.caseNo, (t) => readText(t, true, 100)),
    row: c.take(rec, C.row, (t) => readRow(t, spec)),
    openedOn: c.take(rec, C.openedOn, readDate),
    closedOn: c.take(rec, C.closedOn, readDate),
    referredOn: c.take(rec, C.referredOn, readDate),
    amountInvolvedFen: c.take(rec, C.amountInvolvedFen, readYuan),
    finesFen: c.take(rec, C.finesFen, readYuan),
    lossesRecoveredFen: c.take(rec, C.lossesRecoveredFen, readYuan),
    foreignLossesRecoveredFen: c.take(rec, C.foreignLossesRecoveredFen, readYuan),
    ecommerce: c.take(rec, C.ecommerce, readFlag),
    keyMarket: c.take(rec, C.keyMarket, readFlag),
    rural: c.take(rec, C.rural, readFlag),
    foreignVictim: c.take(rec, C.foreignVictim, readFlag),
    leadId: c.take(rec, C.leadId, readLeadId),
    note: c.take(rec, C.note, (t) => readText(t, false, 1000)),
  };
  checkCase(entry, c);
  return entry;
}

function caseEntries(rows: EntryRecord[], spec: FormSpec, defaultUnit: string, c: Collector) {
  const seen = new Map<string, number>();
  return rows.map((rec) => {
    const entry = caseFromRecord(rec, spec, defaultUnit, c);
    const key = `${entry.unit}\u0000${entry.caseNo}`;
    const first = seen.get(key);
    if (entry.caseNo && first !== undefined) {
      c.fail(
        rec.line,
        CASE_COLUMNS.caseNo,
        `"${entry.caseNo}" 与第 ${first} 行重复 (duplicate of line ${first})`,
      );
    } else seen.set(key, rec.line);
    return entry;
  });
}

/** Checks across a case's fields; also used by the web form. */
export function checkCase(
  e: Pick<NewStatCase, 'openedOn' | 'closedOn' | 'referredOn'> & { line: number },
  c: Collector,
): void {
  const C = CASE_COLUMNS;
  if (e.openedOn === null && e.closedOn === null && e.referredOn === null) {
    c.fail(e.line, C.openedOn, '立案、结案、移送日期至少填一个 (give at least one date)');
  }
  if (e.openedOn && e.closedOn && e.closedOn < e.openedOn) {
    c.fail(e.line, C.closedOn, `结案日期早于立案日期 ${e.openedOn} (closed before opened)`);
  }
}

/** One enforcement action from a record. */
export function actionFromRecord(rec: EntryRecord, defaultUnit: string, c: Collector) {
  const A = ACTION_COLUMNS;
  return {
    line: rec.line,
    unit: c.take(rec, A.unit, (t) => readText(t, false)) || defaultUnit,
    ref: c.take(rec, A.ref, (t) => readText(t, true, 100)),
    on: c.take(rec, A.on, (t) => {
      const r = readDate(t);
      return r.ok && r.value === null ? { ok: false, message: '不能为空 (required)' } : r;
    }) as string,
    actions: c.take(rec, A.actions, (t) => readCount(t, 0)),
    deployments: c.take(rec, A.deployments, (t) => readCount(t, 0)),
    marketActions: c.take(rec, A.marketActions, (t) => readCount(t, 0)),
    marketDeployments: c.take(rec, A.marketDeployments, (t) => readCount(t, 0)),
    keyMarkets: c.take(rec, A.keyMarkets, (t) => readCount(t, null)),
    note: c.take(rec, A.note, (t) => readText(t, false, 1000)),
  };
}

/** Parses an entries CSV; throws StatsError listing every problem (file:line: field "column": message). */
export function parseEntryCsv(
  text: string,
  file: string,
  spec: FormSpec,
  defaultUnit: string,
): ParsedEntries {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const isActions = firstLine.includes(ACTION_COLUMNS.ref);
  const c = new Collector(file);
  let parsed: ParsedEntries;
  if (isActions) {
    const { rows } = records(text, file, [ACTION_COLUMNS.ref, ACTION_COLUMNS.on]);
    parsed = { kind: 'actions', entries: rows.map((rec) => actionFromRecord(rec, defaultUnit, c)) };
  } else {
    const { rows } = records(text, file, [CASE_COLUMNS.caseNo, CASE_COLUMNS.row]);
    parsed = { kind: 'cases', entries: caseEntries(rows, spec, defaultUnit, c) };
  }
  if (parsed.entries.length === 0) c.fail(2, '', '没有数据行 (no data rows)');
  if (c.problems.length > 0) {
    throw new StatsError(
      'stats.csv_invalid',
      `${file}: ${c.problems.length} 处错误，未导入任何数据 (nothing imported)\n${formatProblems(c.problems)}`,
      c.problems,
    );
  }
  return parsed;
}
