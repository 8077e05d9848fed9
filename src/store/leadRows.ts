import type { Lead, LeadState, LeadTransition, RiskTier } from '../model/index.js';
import type { LeadMove, Relisting } from './workflowRepositories.js';

/*
 * Rows of leads, their transitions and relistings, and their domain objects: one mapping for the SQLite and
 * PostgreSQL stores.
 */

export interface LeadRow {
  pk: number;
  platform: string;
  seller_id: string;
  seller_name: string;
  right_key: string;
  kind: Lead['kind'];
  state: LeadState;
  risk_score: number;
  risk_tier: RiskTier;
  risk_json: string;
  region_code: string | null;
  finding_count: number;
  opened_at: string;
  updated_at: string;
}

/** A lead with its finding count; a caller adds its WHERE / ORDER BY / LIMIT (the table's alias is `d`). */
export const LEAD_SELECT = `SELECT d.*, (SELECT count(*) FROM findings f WHERE f.lead_pk = d.pk) AS finding_count FROM leads d`;

export function toLead(r: LeadRow): Lead {
  return {
    id: r.pk,
    platform: r.platform,
    sellerId: r.seller_id,
    sellerName: r.seller_name,
    rightId: r.right_key === '' ? null : r.right_key,
    kind: r.kind,
    state: r.state,
    riskScore: r.risk_score,
    riskTier: r.risk_tier,
    risk: JSON.parse(r.risk_json) as unknown,
    regionCode: r.region_code,
    findingCount: r.finding_count,
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
  };
}

export interface TransitionRow {
  pk: number;
  lead_pk: number;
  from_state: LeadState | null;
  to_state: LeadState;
  actor: string;
  reason: string;
  at: string;
}

export const toTransition = (r: TransitionRow): LeadTransition => ({
  id: r.pk,
  leadId: r.lead_pk,
  from: r.from_state,
  to: r.to_state,
  actor: r.actor,
  reason: r.reason,
  at: r.at,
});

export interface RelistingRow {
  lead_pk: number;
  notice_pk: number;
  previous_id: string;
  listing_pk: number;
  listing_id: string;
  url: string;
  detected_at: string;
}

export const toRelisting = (r: RelistingRow): Relisting => ({
  leadId: r.lead_pk,
  noticeId: r.notice_pk,
  previousListingId: r.previous_id,
  listingPk: r.listing_pk,
  listingId: r.listing_id,
  url: r.url,
  detectedAt: r.detected_at,
});

/** What the audit log records of a lead's move. */
export const moveAuditDetail = (move: LeadMove): Record<string, unknown> => ({
  from: move.from,
  to: move.to,
  reason: move.reason,
  ...(move.detail ? { detail: move.detail } : {}),
});
