import { chinaDate } from '../../common/chinaTime.js';
import type { WorkflowDeps } from '../../workflow/deps.js';
import { publicityCsv, publicityHtml } from './publicityDocs.js';
import { publicityRowsBetween, type PublicityPeriod } from './publicityPeriod.js';

/* The 公示 export as one document, for the CLI (written to a file) and the web app (sent as a download). */

export type PublicityFormat = 'html' | 'csv';

export interface ExportedDocument {
  /** A safe ASCII download name. */
  fileName: string;
  contentType: string;
  body: string;
}

export async function publicityDocument(
  deps: Pick<WorkflowDeps, 'store' | 'office' | 'now'>,
  period: PublicityPeriod,
  format: PublicityFormat,
): Promise<ExportedDocument & { rows: number }> {
  const rows = await publicityRowsBetween(deps, period);
  const fileName = `publicity-${period.from}-${period.to}.${format}`;
  if (format === 'csv') {
    return { fileName, contentType: 'text/csv; charset=utf-8', body: publicityCsv(rows), rows: rows.length };
  }
  const header = { period, office: deps.office.name, madeOn: chinaDate(deps.now()) };
  return {
    fileName,
    contentType: 'text/html; charset=utf-8',
    body: publicityHtml(rows, header),
    rows: rows.length,
  };
}

/** The format a file name asks for, or null. */
export function publicityFormatOf(file: string): PublicityFormat | null {
  const m = /\.(html?|csv)$/i.exec(file);
  if (!m) return null;
  return m[1]?.toLowerCase() === 'csv' ? 'csv' : 'html';
}
