import { readFileSync } from 'node:fs';
import type { Right } from '../model/index.js';
import type { Actor } from '../model/index.js';
import type { ImportItem, ImportOptions, ImportReport, RightsRegistry, RowError } from './registry.js';
import { parseRightsCsv, rightsToCsv } from './rightsCsv.js';

/*
 * Bulk files of rights: the watch-list JSON (`{"rights": [...]}`, optionally with `source`, `effectiveDate`
 * and `notes` beside it, as the reference files in data/reference/ have) and the CSV form.
 */

export type RightsFormat = 'json' | 'csv';

/** The format from the file name: .csv is CSV, anything else JSON. */
export function formatOfFile(file: string): RightsFormat {
  return /\.csv$/i.test(file) ? 'csv' : 'json';
}

function fileError(message: string): { items: ImportItem[]; errors: RowError[] } {
  return { items: [], errors: [{ row: '(file)', field: '(file)', message }] };
}

const METADATA_KEYS = new Set(['rights', 'source', 'effectiveDate', 'notes']);

/** Parses watch-list JSON text into import items (`rights[3]` labels); file-level problems are errors. */
export function parseRightsJson(text: string): { items: ImportItem[]; errors: RowError[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return fileError(`不是有效的 JSON (not valid JSON): ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { rights?: unknown }).rights)) {
    return {
      items: [],
      errors: [
        {
          row: '(file)',
          field: 'rights',
          message: '应为 {"rights": [...]} (expected an object with a "rights" array)',
        },
      ],
    };
  }
  const unknown = Object.keys(doc).filter((k) => !METADATA_KEYS.has(k));
  const errors: RowError[] = unknown.map((k) => ({
    row: '(file)',
    field: k,
    message: `未知字段 (unknown top-level field)`,
  }));
  const rights = (doc as { rights: unknown[] }).rights;
  return { items: rights.map((raw, i) => ({ row: `rights[${i}]`, raw })), errors };
}

/** Reads a rights file (JSON or CSV by extension unless `format` is given). */
export function readRightsFile(
  file: string,
  format: RightsFormat = formatOfFile(file),
): { items: ImportItem[]; errors: RowError[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return fileError(`${file}: 无法读取 (cannot read): ${(err as Error).message}`);
  }
  return format === 'csv' ? parseRightsCsv(text) : parseRightsJson(text);
}

/** Rights → file text in the format. JSON is exactly the watch-list format `markwatch match` reads. */
export function formatRights(rights: Right[], format: RightsFormat): string {
  return format === 'csv' ? rightsToCsv(rights) : JSON.stringify({ rights }, null, 2) + '\n';
}

/**
 * Imports a rights file all or nothing: file-level problems, cell problems and validation problems all go
 * into one report, and nothing is written unless there are none.
 */
export async function importRightsFile(
  registry: RightsRegistry,
  actor: Actor,
  file: string,
  options: ImportOptions & { format?: RightsFormat } = {},
): Promise<ImportReport> {
  const { items, errors } = readRightsFile(file, options.format);
  const report = await registry.importRights(actor, items, {
    ...options,
    dryRun: options.dryRun || errors.length > 0,
  });
  if (errors.length) {
    report.errors.unshift(...errors);
    report.ok = false;
    report.written = false;
    report.created = [];
    report.updated = [];
    report.unchanged = [];
  }
  return report;
}
