import type { Lead, LeadTransition, RiskTier } from '../model/index.js';
import type { Db } from './database.js';
import {
  LEAD_SELECT,
  moveAuditDetail,
  toLead,
  toRelisting,
  toTransition,
  type LeadRow,
  type RelistingRow,
  type TransitionRow,
} from './leadRows.js';
import { auditInTx } from './workflowAudit.js';
import {
  LeadStoreError,
  type WorkflowActor,
  type LeadMove,
  type LeadQuery,
  type LeadRepository,
  type Relisting,
} from './workflowRepositories.js';

/** The lead with this key, read inside the caller's transaction. */
export function leadById(db: Db, id: number): Lead | null {
  const row = db.prepare<[number], LeadRow>(`${LEAD_SELECT} WHERE d.pk = ?`).get(id);
  return row ? toLead(row) : null;
}

/** Moves a lead inside the caller's transaction: the state check, the transition row and the audit entry. */
export function moveLeadInTx(db: Db, id: number, move: LeadMove, who: WorkflowActor): Lead {
  const info = db
    .prepare('UPDATE leads SET state = ?, updated_at = ? WHERE pk = ? AND state = ?')
    .run(move.to, who.at, id, move.from);
  if (info.changes === 0) {
    const current = leadById(db, id);
    if (!current) throw LeadStoreError.notFound(id);
    throw LeadStoreError.moved(id, current.state, move.from);
  }
  db.prepare(
    'INSERT INTO lead_transitions (lead_pk, from_state, to_state, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(id, move.from, move.to, who.actor, move.reason, who.at);
  auditInTx(db, who, 'lead.move', { type: 'lead', id }, moveAuditDetail(move));
  return leadById(db, id) as Lead;
}

function where(query: Omit<LeadQuery, 'limit' | 'offset'>): string {
  const parts: string[] = [];
  if (query.state) parts.push('d.state = @state');
  if (query.platform) parts.push('d.platform = @platform');
  if (query.sellerId) parts.push('d.seller_id = @sellerId');
  return parts.length ? `WHERE ${parts.join(' AND ')}` : '';
}

export class SqliteLeadRepository implements LeadRepository {
  constructor(private readonly db: Db) {}

  async list(query: LeadQuery = {}): Promise<Lead[]> {
    const { limit, offset, ...filter } = query;
    return this.db
      .prepare<Record<string, unknown>, LeadRow>(
        `${LEAD_SELECT} ${where(filter)} ORDER BY d.risk_score DESC, d.pk LIMIT @limit OFFSET @offset`,
      )
      .all({ ...filter, limit: limit ?? -1, offset: offset ?? 0 })
      .map(toLead);
  }

  async get(id: number): Promise<Lead | null> {
    return leadById(this.db, id);
  }

  async missing(ids: readonly number[]): Promise<number[]> {
    const found = new Set(
      this.db
        .prepare<[string], number>('SELECT pk FROM leads WHERE pk IN (SELECT value FROM json_each(?))')
        .pluck()
        .all(JSON.stringify(ids)),
    );
    return ids.filter((id) => !found.has(id));
  }

  async count(query: Pick<LeadQuery, 'state'> = {}): Promise<number> {
    return Number(
      this.db
        .prepare(`SELECT count(*) FROM leads d ${where(query)}`)
        .pluck()
        .get({ ...query }),
    );
  }

  async transitions(leadId: number): Promise<LeadTransition[]> {
    return this.db
      .prepare<[number], TransitionRow>('SELECT * FROM lead_transitions WHERE lead_pk = ? ORDER BY pk')
      .all(leadId)
      .map(toTransition);
  }

  async move(id: number, move: LeadMove, who: WorkflowActor): Promise<Lead> {
    return this.db.transaction(() => moveLeadInTx(this.db, id, move, who)).immediate();
  }

  async setRisk(id: number, risk: { score: number; tier: RiskTier; parts: unknown }): Promise<void> {
    this.db
      .prepare('UPDATE leads SET risk_score = ?, risk_tier = ?, risk_json = ? WHERE pk = ?')
      .run(risk.score, risk.tier, JSON.stringify(risk.parts), id);
  }

  async relistingsAfterTakedown(): Promise<Relisting[]> {
    // A relisting detected after the notice took the earlier listing down, and not yet on the lead's record.
    return this.db
      .prepare<[], RelistingRow>(
        `SELECT n.lead_pk, min(n.pk) AS notice_pk, p.listing_id AS previous_id, r.listing_pk, l.listing_id, l.url,
                r.detected_at
         FROM crawl_relistings r
         JOIN notice_items i ON i.listing_pk = r.previous_pk AND i.status = 'taken_down'
              AND r.detected_at >= i.taken_down_at
         JOIN notices n ON n.pk = i.notice_pk
         JOIN listings p ON p.pk = r.previous_pk
         JOIN listings l ON l.pk = r.listing_pk
         WHERE NOT EXISTS (SELECT 1 FROM lead_relistings x WHERE x.lead_pk = n.lead_pk AND x.listing_pk = r.listing_pk)
         GROUP BY n.lead_pk, r.listing_pk
         ORDER BY r.detected_at, r.listing_pk`,
      )
      .all()
      .map(toRelisting);
  }

  async relistingsOf(leadId: number): Promise<Relisting[]> {
    return this.db
      .prepare<[number], RelistingRow>(
        `SELECT x.lead_pk, x.notice_pk, p.listing_id AS previous_id, x.listing_pk, l.listing_id, l.url, x.detected_at
         FROM lead_relistings x
         JOIN crawl_relistings r ON r.listing_pk = x.listing_pk
         JOIN listings p ON p.pk = r.previous_pk
         JOIN listings l ON l.pk = x.listing_pk
         WHERE x.lead_pk = ? ORDER BY x.detected_at, x.listing_pk`,
      )
      .all(leadId)
      .map(toRelisting);
  }

  /** Records a relisting against its lead (once) and moves the lead, in one transaction. */
  async recordRelisting(relisting: Relisting, move: LeadMove | null, who: WorkflowActor): Promise<void> {
    this.db
      .transaction(() => {
        this.db
          .prepare(
            'INSERT INTO lead_relistings (lead_pk, listing_pk, notice_pk, detected_at) VALUES (?, ?, ?, ?)',
          )
          .run(relisting.leadId, relisting.listingPk, relisting.noticeId, relisting.detectedAt);
        auditInTx(this.db, who, 'lead.relisting', { type: 'lead', id: relisting.leadId }, { ...relisting });
        if (move) moveLeadInTx(this.db, relisting.leadId, move, who);
      })
      .immediate();
  }
}
