import type { Reason } from './hit.js';
import type { RightKind } from './right.js';

/** Where a lead stands in the 通知—删除—公示 workflow. */
export const LEAD_STATUSES = [
  'new', // 待审核
  'confirmed', // 已确认
  'dismissed', // 已排除
  'noticed', // 已通知平台
  'taken_down', // 已删除
  'countered', // 不侵权声明
  'referred', // 已移送
  'closed', // 已结案
] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const LEAD_STATUS_LABELS: Record<LeadStatus, string> = {
  new: '待审核',
  confirmed: '已确认',
  dismissed: '已排除',
  noticed: '已通知平台',
  taken_down: '已删除',
  countered: '不侵权声明',
  referred: '已移送',
  closed: '已结案',
};

/** A lead (线索): one flagged hit of one listing against one right, with its workflow state. */
export interface Lead {
  id: number;
  listingId: string;
  platform: string;
  url: string;
  title: string;
  sellerId: string;
  sellerName: string;
  rightId: string | null;
  kind: RightKind;
  reason: Reason;
  score: number;
  status: LeadStatus;
  createdAt: string;
  updatedAt: string;
}
