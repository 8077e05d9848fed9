import { MarkwatchError } from '../common/errors.js';
import type { Lead, LeadState, LeadTransition, RiskTier } from '../model/index.js';
import type { Db } from './database.js';
import { auditInTx } from './workflowAudit.js';
import type {
  WorkflowActor,
  LeadMove,
  LeadQuery,
  LeadRepository,
  Relisting,
} from './workflowRepositories.js';

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

const SELECT = `SELECT d.*, (SELECT count(*) FROM findings f WHERE f.lead_pk = d.pk) AS finding_count FROM leads d`;

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

/** The lead with this key, read inside the caller's transaction. */
export function leadById(db: Db, id: number): Lead | null {
  const row = db.prepare<[number], LeadRow>(`${SELECT} WHERE d.pk = ?`).get(id);
  return row ? toLead(row) : null;
}

/** A lead that does not exist, or whose state changed under a move. */
export class LeadStoreError extends MarkwatchError {}

/** Moves a lead inside the caller's transaction: the state check, the transition row and the audit entry. */
export function moveLeadInTx(db: Db, id: number, move: LeadMove, who: WorkflowActor): Lead {
  const info = db
    .prepare('UPDATE leads SET state = ?, updated_at = ? WHERE pk = ? AND state = ?')
    .run(move.to, who.at, id, move.from);
  if (info.changes === 0) {
    const current = leadById(db, id);
    if (!current) throw new LeadStoreError('lead.not_found', `线索 ${id} 不存在 (lead ${id} not found)`);
    throw new LeadStoreError(
      'store.lead_moved',
      `线索 ${id} 的状态已变为 ${current.state}（预期 ${move.from}），未作更改 (lead ${id} is now ${current.state}, expected ${move.from}; nothing changed)`,
    );
  }
  db.prepare(
    'INSERT INTO lead_transitions (lead_pk, from_state, to_state, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(id, move.from, move.to, who.actor, move.reason, who.at);
  auditInTx(
    db,
    who,
    'lead.move',
    { type: 'lead', id },
    {
      from: move.from,
      to: move.to,
      reason: move.reason,
      ...(move.detail ? { detail: move.detail } : {}),
    },
  );
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
        `${SELECT} ${where(filter)} ORDER BY d.risk_score DESC, d.pk LIMIT @limit OFFSET @offset`,
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
      .prepare<
        [number],
        {
          pk: number;
          lead_pk: number;
          from_state: LeadState | null;
          to_state: LeadState;
          actor: string;
          reason: string;
          at: string;
        }
      >('SELECT * FROM lead_transitions WHERE lead_pk = ? ORDER BY pk')
      .all(leadId)
      .map((r) => ({
        id: r.pk,
        leadId: r.lead_pk,
        from: r.from_state,
        to: r.to_state,
        actor: r.actor,
        reason: r.reason,
        at: r.at,
      }));
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
