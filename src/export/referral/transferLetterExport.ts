import { chinaDate } from '../../common/chinaTime.js';
import type { WorkflowDeps } from '../../workflow/deps.js';
import { transferLetterFor } from '../../workflow/referral.js';
import type { ExportedDocument } from '../publicity/publicityExport.js';

/*
 * The 线索通报 letter to another region's bureau as a download: the letter src/leads/transferLetter.ts writes
 * (escaped HTML, or plain text), for the CLI and the web app.
 */

export type LetterFormat = 'html' | 'txt';

export async function transferLetterDocument(
  deps: Pick<WorkflowDeps, 'store' | 'rightOf' | 'office'>,
  leadId: number,
  at: Date,
  format: LetterFormat,
): Promise<ExportedDocument & { inArea: boolean; subject: string }> {
  const letter = await transferLetterFor(deps, leadId, at);
  return {
    fileName: `transfer-lead${leadId}-${chinaDate(at)}.${format}`,
    contentType: format === 'html' ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
    body: format === 'html' ? letter.html : letter.text,
    inArea: letter.inArea,
    subject: letter.subject,
  };
}

export function letterFormatOf(file: string): LetterFormat | null {
  const m = /\.(html?|txt)$/i.exec(file);
  if (!m) return null;
  return m[1]?.toLowerCase() === 'txt' ? 'txt' : 'html';
}
