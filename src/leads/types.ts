import type { Reason, RightKind, Tier } from '../model/index.js';

/*
 * What the lead rules read, as small structural types: the integrator fills them from the store (hits,
 * listing versions, notices, cases), so the rules stay pure and testable without a database.
 */

/** A finding (one flagged listing × one right × one reason), with the listing facts it was found on. */
export interface FindingFacts {
  findingId: number | string;
  platform: string;
  listingId: string;
  url: string;
  sellerId: string;
  sellerName: string;
  /** The platform's shop id when it differs from the seller id. */
  shopId?: string;
  /** 统一社会信用代码 from the shop's licence disclosure, when shown. */
  creditCode?: string;
  rightId: string;
  kind: RightKind;
  reason: Reason;
  tier?: Tier;
  /** The hit score, 0..1. */
  score: number;
  title: string;
  /** Displayed price. */
  price?: number;
  /** ISO 4217; absent means CNY (the listing format's price is in CNY). */
  currency?: string;
  sales?: number;
  category?: string;
  /** ISO instant of the capture the finding was made on. */
  capturedAt: string;
  /** GB/T 2260 code of the seller's region. */
  regionCode?: string;
  /** Perceptual hashes (hex, 64-bit) of the listing's images, when computed. */
  imageHashes?: readonly string[];
  /** Set when the crawler saw this listing come back after a takedown (its relisting key matched). */
  relistedFrom?: RelistedFrom;
}

/** The taken-down listing a finding's listing is a relisting of. */
export interface RelistedFrom {
  listingId: string;
  /** ISO instant the earlier listing was seen taken down. */
  takenDownAt: string;
  /** The crawler's relisting key, shown in the explanation. */
  key?: string;
}

/** Who a history event was about: matched to a finding by shop id, or by name on the same platform. */
export interface SellerRef {
  platform: string;
  sellerId?: string;
  shopId?: string;
  sellerName?: string;
  creditCode?: string;
}

/** A notice sent to a platform about a seller's listings. */
export interface NoticeEvent {
  noticeId: number | string;
  seller: SellerRef;
  rightId: string;
  /** The listings the notice named: a finding on one of them is the takedown check's business, not a repeat. */
  listingIds?: readonly string[];
  /** ISO instant the notice was sent (or recorded as submitted). */
  at: string;
  outcome?: 'pending' | 'taken_down' | 'rejected' | 'counter_noticed' | 'restored';
}

/** A closed case (an administrative penalty or a court judgment) against a seller. */
export interface ClosedCaseEvent {
  caseId: number | string;
  seller: SellerRef;
  kind: RightKind;
  rightId?: string;
  /** ISO date or instant the case was closed (decision date). */
  closedAt: string;
  /** Decision number, e.g. 杭市监处罚〔2024〕12号, shown in the explanation. */
  decisionNo?: string;
}

/** What is on record about sellers: notices sent and cases closed. */
export interface SellerHistory {
  notices: readonly NoticeEvent[];
  closedCases: readonly ClosedCaseEvent[];
}
