import { loadFormSpec } from '../stats/formSpec.js';
import { ROW_OF_KIND } from '../stats/observed.js';
import type { RightKind } from '../../model/index.js';

/*
 * Labels the export documents share. A letter names the right as the law does (RIGHT_LEGAL_NAMES in the model);
 * a case table names the kind as the 统计表 names its case rows (rules/stats, domain.md §8).
 */

export { RIGHT_LEGAL_NAMES as RIGHT_KIND_LABELS } from '../../model/index.js';

const caseRows = loadFormSpec().cases.rows;

/** The 统计表 case row of a kind of right (商标侵权案件 …), from the form's data. */
export function statRowLabel(kind: RightKind): string {
  const code = ROW_OF_KIND[kind];
  return caseRows.find((r) => r.code === code)?.nameZh ?? kind;
}

export const yuan = (x: number): string =>
  `¥${new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x)}`;
