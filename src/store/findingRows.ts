import type { DismissReason, Finding, FindingReview, Tier, WhitelistEntry } from '../model/index.js';

/*
 * Rows of findings and of the seller whitelist, and their domain objects: one mapping for the SQLite and
 * PostgreSQL stores.
 */

export interface FindingRow {
  pk: number;
  listing_pk: number;
  listing_id: string;
  platform: string;
  url: string;
  title: string;
  seller_id: string;
  seller_name: string;
  right_key: string;
  kind: Finding['kind'];
  reason: Finding['reason'];
  tier: Tier | null;
  score: number;
  review: FindingReview;
  dismiss_reason: DismissReason | null;
  dismiss_note: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  lead_pk: number | null;
  created_at: string;
  updated_at: string;
}

/** The joins a finding is read through (its listing and hit). */
export const FINDING_FROM = `FROM findings f JOIN listings l ON l.pk = f.listing_pk JOIN hits h ON h.pk = f.hit_pk`;

/** A finding's row; a caller adds its WHERE / ORDER BY / LIMIT. */
export const FINDING_SELECT = `SELECT f.pk, f.listing_pk, l.listing_id, l.platform, l.url, l.title, l.seller_id, l.seller_name,
                       f.right_key, f.kind, f.reason, h.tier, f.score, f.review, f.dismiss_reason, f.dismiss_note,
                       f.reviewed_by, f.reviewed_at, f.lead_pk, f.created_at, f.updated_at
                ${FINDING_FROM}`;

export function toFinding(r: FindingRow): Finding {
  return {
    id: r.pk,
    listingPk: r.listing_pk,
    listingId: r.listing_id,
    platform: r.platform,
    url: r.url,
    title: r.title,
    sellerId: r.seller_id,
    sellerName: r.seller_name,
    rightId: r.right_key === '' ? null : r.right_key,
    kind: r.kind,
    reason: r.reason,
    tier: r.tier,
    score: r.score,
    review: r.review,
    dismissReason: r.dismiss_reason,
    dismissNote: r.dismiss_note,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at,
    leadId: r.lead_pk,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface WhitelistRow {
  pk: number;
  platform: string;
  seller_id: string;
  right_key: string;
  note: string;
  created_by: string;
  created_at: string;
  revoked_by: string | null;
  revoked_at: string | null;
}

export const toWhitelist = (r: WhitelistRow): WhitelistEntry => ({
  id: r.pk,
  platform: r.platform,
  sellerId: r.seller_id,
  rightId: r.right_key,
  note: r.note,
  createdBy: r.created_by,
  createdAt: r.created_at,
  revokedBy: r.revoked_by,
  revokedAt: r.revoked_at,
});
