import { chinaDate } from '../../common/chinaTime.js';
import type { WorkflowDeps } from '../../workflow/deps.js';
import type { CaseDetail } from './caseDetails.js';
import { typicalCaseRows } from './typicalCaseRows.js';
import { typicalCasesXlsx } from './typicalCasesXlsx.js';

/* The 典型案例表 as one download, for the CLI (written to a file) and the web app. */

export async function typicalCasesDocument(
  deps: Pick<WorkflowDeps, 'store' | 'rightOf' | 'office' | 'now'>,
  leadIds: readonly number[],
  details: ReadonlyMap<number, CaseDetail> = new Map(),
): Promise<{ fileName: string; contentType: string; body: Buffer; rows: number }> {
  const rows = await typicalCaseRows(deps, leadIds, details);
  const madeOn = chinaDate(deps.now());
  return {
    fileName: `typical-cases-${madeOn}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: await typicalCasesXlsx(rows, { office: deps.office.name, madeOn }),
    rows: rows.length,
  };
}
