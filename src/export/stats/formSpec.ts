import { z } from 'zod';
import { MarkwatchError } from '../../common/errors.js';
import { parseJsonFile, type JsonProblem } from '../../common/jsonFile.js';
import { packagePath } from '../../common/packageRoot.js';

/*
 * The 知识产权执法数据统计表 as data (rules/stats/form-<version>.json, domain.md §8): both blocks, the 8 case rows
 * plus the total, the 11 columns with their units, the notes printed on the form and which date makes a case
 * count in each column. The code below never names a row or column in Chinese; it reads them from here.
 */

export class StatsError extends MarkwatchError {
  constructor(
    code: string,
    message: string,
    readonly problems: readonly JsonProblem[] = [],
  ) {
    super(code, message);
  }
}

const named = { code: z.string().min(1), nameZh: z.string().min(1) };

export const CASE_FLAGS = ['ecommerce', 'keyMarket', 'rural', 'foreignVictim'] as const;
export type CaseFlag = (typeof CASE_FLAGS)[number];
export const CASE_DATES = ['opened', 'closed', 'referred'] as const;
export type CaseDate = (typeof CASE_DATES)[number];
export const MONEY_CODES = [
  'amountInvolved',
  'finesConfiscations',
  'lossesRecovered',
  'foreignLossesRecovered',
] as const;
export type MoneyCode = (typeof MONEY_CODES)[number];

export const ROW_CODES = [
  'trademark',
  'gi',
  'officialSpecialOlympic',
  'trademarkAgency',
  'otherTrademark',
  'patentPassingOff',
  'patentAgency',
  'otherPatent',
] as const;
export type RowCode = (typeof ROW_CODES)[number];

const ColumnSchema = z.discriminatedUnion('kind', [
  z
    .object({ ...named, unit: z.literal('件'), kind: z.literal('count'), countsBy: z.enum(CASE_DATES) })
    .strict(),
  z
    .object({
      ...named,
      code: z.enum(MONEY_CODES),
      unit: z.literal('万元'),
      kind: z.literal('money'),
      countsBy: z.enum(CASE_DATES),
    })
    .strict(),
  z
    .object({
      ...named,
      unit: z.literal('件'),
      kind: z.literal('flag'),
      flag: z.enum(CASE_FLAGS),
      countsBy: z.enum(CASE_DATES),
    })
    .strict(),
]);
export type FormColumn = z.infer<typeof ColumnSchema>;

export const FormSpecSchema = z
  .object({
    source: z.string().min(1),
    effectiveDate: z.iso.date(),
    version: z.string().min(1),
    title: z.string().min(1),
    header: z.object({ unit: z.string(), period: z.string(), submitted: z.string() }).strict(),
    notes: z.array(z.string().min(1)).min(1),
    keyMarketLabelDefault: z.string().min(1),
    keyMarketLabelNote: z.string(),
    actions: z
      .object({
        title: z.string().min(1),
        columns: z.array(z.object({ ...named, unit: z.string().min(1) }).strict()).length(5),
      })
      .strict(),
    cases: z
      .object({
        title: z.string().min(1),
        rows: z
          .array(z.object({ code: z.enum(ROW_CODES), nameZh: z.string().min(1) }).strict())
          .length(ROW_CODES.length),
        totalRow: z.object(named).strict(),
        columns: z.array(ColumnSchema).length(11),
        /** Cells printed blank because the row and column do not correspond (rule 2): `row:column`. */
        blankCells: z.array(z.string().regex(/^\w+:\w+$/)).default([]),
        blankCellsNote: z.string().optional(),
        countsByNote: z.string(),
      })
      .strict(),
  })
  .strict();
export type FormSpec = z.infer<typeof FormSpecSchema>;

export const FORM_VERSION = '2020';

const cache = new Map<string, FormSpec>();

/** rules/stats/form-<version>.json, read once; the error names the file and every bad field. */
export function loadFormSpec(version: string = FORM_VERSION): FormSpec {
  let spec = cache.get(version);
  if (!spec) {
    spec = parseJsonFile(packagePath('rules', 'stats', `form-${version}.json`), FormSpecSchema, {
      error: (message, problems) => new StatsError('stats.form_invalid', message, problems),
    });
    cache.set(version, spec);
  }
  return spec;
}

/** A column's printed name: the key-market column carries the configurable label. */
export function columnName(column: FormColumn, keyMarketLabel: string): string {
  return column.nameZh.replace('{keyMarketLabel}', keyMarketLabel);
}
