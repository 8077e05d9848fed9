import type { Reason, Tier } from './hit.js';
import type { RightKind } from './right.js';

/** A finding's review: staff confirm it (it joins or opens a lead) or dismiss it with a reason. */
export const FINDING_REVIEWS = ['new', 'confirmed', 'dismissed'] as const;
export type FindingReview = (typeof FINDING_REVIEWS)[number];

export const FINDING_REVIEW_LABELS: Record<FindingReview, string> = {
  new: '待审核',
  confirmed: '已确认',
  dismissed: '已排除',
};

/** Why a finding was dismissed (the list staff choose from; free text goes beside it). */
export const DISMISS_REASONS = [
  'authorized_seller', // 授权经销/品牌官方店
  'genuine_goods', // 正品（有进货凭证）
  'referential_use', // 指示性使用（适用/兼容）
  'different_goods', // 商品类别不同，不构成混淆
  'false_match', // 误匹配（普通词语、型号等）
  'right_invalid', // 权利无效或已过期
  'whitelisted', // 白名单卖家（自动排除）
  'other', // 其他（见说明）
] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

export const DISMISS_REASON_LABELS: Record<DismissReason, string> = {
  authorized_seller: '授权经销/官方店铺',
  genuine_goods: '正品（有进货凭证）',
  referential_use: '指示性使用（适用/兼容）',
  different_goods: '商品类别不同，不构成混淆',
  false_match: '误匹配（普通词语、型号等）',
  right_invalid: '权利无效或已过期',
  whitelisted: '白名单卖家（自动排除）',
  other: '其他（见说明）',
};

/** A finding: one flagged listing against one right for one reason, with its evidence and its review. */
export interface Finding {
  id: number;
  listingPk: number;
  listingId: string;
  platform: string;
  url: string;
  title: string;
  sellerId: string;
  sellerName: string;
  rightId: string | null;
  kind: RightKind;
  reason: Reason;
  tier: Tier | null;
  score: number;
  review: FindingReview;
  dismissReason: DismissReason | null;
  dismissNote: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  /** The lead (seller × right) it belongs to, once confirmed or once its seller's lead is open. */
  leadId: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A seller excused for one right (an authorised distributor): their findings are dismissed as they come. */
export interface WhitelistEntry {
  id: number;
  platform: string;
  sellerId: string;
  rightId: string;
  note: string;
  createdBy: string;
  createdAt: string;
  revokedBy: string | null;
  revokedAt: string | null;
}
