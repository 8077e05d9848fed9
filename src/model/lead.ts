import type { RightKind } from './right.js';

/*
 * A lead (线索): one seller on one platform × one right. It groups that seller's confirmed findings and moves
 * through the 通知—删除—公示 workflow; the allowed moves are the state machine in src/workflow/.
 */

export const LEAD_STATES = [
  'new', // 新线索
  'reviewing', // 审核中
  'confirmed', // 已确认
  'dismissed', // 已排除
  'notice_sent', // 已通知平台
  'taken_down', // 已删除
  'rejected', // 通知被驳回
  'counter_noticed', // 收到不侵权声明
  'complaint_filed', // 已投诉/起诉
  'restored', // 已恢复（措施终止）
  'referred', // 已移送公安
  'transferred', // 已线索通报
  'published', // 已公示
  'closed', // 已结案
] as const;
export type LeadState = (typeof LEAD_STATES)[number];

export const LEAD_STATE_LABELS: Record<LeadState, string> = {
  new: '新线索',
  reviewing: '审核中',
  confirmed: '已确认',
  dismissed: '已排除',
  notice_sent: '已通知平台',
  taken_down: '已删除',
  rejected: '已驳回',
  counter_noticed: '已收到不侵权声明',
  complaint_filed: '已投诉或起诉',
  restored: '已恢复',
  referred: '已移送公安',
  transferred: '已线索通报',
  published: '已公示',
  closed: '已结案',
};

export type RiskTier = 'high' | 'medium' | 'watch';

/** One seller on one platform × one right, with its workflow state. */
export interface Lead {
  id: number;
  platform: string;
  sellerId: string;
  sellerName: string;
  rightId: string | null;
  kind: RightKind;
  state: LeadState;
  riskScore: number;
  riskTier: RiskTier;
  /** The score's parts as computed (JSON from src/leads), shown beside it. */
  risk: unknown;
  regionCode: string | null;
  findingCount: number;
  openedAt: string;
  updatedAt: string;
}

/** One move of a lead: who, when, why, from and to. */
export interface LeadTransition {
  id: number;
  leadId: number;
  from: LeadState | null;
  to: LeadState;
  actor: string;
  reason: string;
  at: string;
}

export type NoticeChannelKind = 'api' | 'document';
export type NoticeStatus = 'sent' | 'taken_down' | 'rejected' | 'counter_noticed' | 'partial';

/** A notice to a platform: one right, one or more listings of one lead (IPP allows up to 300). */
export interface Notice {
  id: number;
  leadId: number;
  platform: string;
  rightId: string | null;
  channel: NoticeChannelKind;
  status: NoticeStatus;
  /** The notice as sent (notifier, right proof, listings, evidence hashes). */
  body: unknown;
  /** Where the document for manual submission was written (document channel). */
  documentPath: string | null;
  sentAt: string;
  /** Manual submission: when and how the officer submitted it. */
  submittedAt: string | null;
  submittedHow: string | null;
  /** A counter-notice reached the rights holder at this time (E-Commerce Law Art. 43: 15 days run). */
  counterDeliveredAt: string | null;
  items: NoticeItem[];
}

export interface NoticeItem {
  findingId: number;
  listingPk: number;
  listingId: string;
  url: string;
  externalId: string | null;
  status: 'sent' | 'taken_down' | 'rejected' | 'counter_noticed' | 'still_up';
  checkedAt: string | null;
  takenDownAt: string | null;
  rejectReason: string | null;
}

export const RISK_TIER_LABELS: Record<RiskTier, string> = { high: '高', medium: '中', watch: '关注' };

export const NOTICE_STATUS_LABELS: Record<NoticeStatus, string> = {
  sent: '已发送',
  taken_down: '已删除',
  rejected: '被驳回',
  counter_noticed: '收到不侵权声明',
  partial: '部分处理',
};

export const NOTICE_ITEM_STATUS_LABELS: Record<NoticeItem['status'], string> = {
  sent: '待处理',
  taken_down: '已删除',
  rejected: '被驳回',
  counter_noticed: '收到不侵权声明',
  still_up: '逾期仍在线',
};
