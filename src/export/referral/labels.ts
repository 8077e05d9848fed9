import type { RightKind } from '../../model/index.js';

/*
 * Labels the export documents share. The right kinds as the 统计表 names its case rows (domain.md §8), and as
 * a letter names the right (the same words src/leads/transferLetter.ts uses; one copy belongs in src/model).
 */

export const RIGHT_KIND_LABELS: Readonly<Record<RightKind, string>> = {
  trademark: '注册商标专用权',
  gi: '地理标志',
  special: '特殊标志',
  patent: '专利权',
};

export const STAT_ROW_LABELS: Readonly<Record<RightKind, string>> = {
  trademark: '商标侵权案件',
  gi: '地理标志案件',
  special: '官方标志、特殊标志和奥林匹克标志案件',
  patent: '假冒专利案件',
};

export const yuan = (x: number): string =>
  `¥${new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x)}`;
