import type { Lead, LeadTransition, RiskTier } from '../../model/index.js';
import {
  LEAD_SELECT,
  moveAuditDetail,
  toLead,
  toRelisting,
  toTransition,
  type LeadRow,
  type RelistingRow,
  type TransitionRow,
} from '../leadRows.js';
import {
  LeadStoreError,
  type LeadMove,
  type LeadQuery,
  type LeadRepository,
  type Relisting,
  type WorkflowActor,
} from '../workflowRepositories.js';
import { lockAuditChain, pgAuditInTx } from './pgAudit.js';
import type { PgConn, PgExec } from './pgDatabase.js';

/*
 * Leads (seller × right) on PostgreSQL: the same rows and rules as SqliteLeadRepository. A move is one
 * `UPDATE … WHERE state = from`: of two workers moving the same lead from the same state, one updates the row
 * and the other finds it changed (store.lead_moved), exactly as with SQLite's single writer. ISO times are
 * compared and ordered COLLATE "C" (SQLite's byte order, whatever the database's locale).
 */

/** The advisory-lock namespace of lead keys ('mwLd'); the key within it is hashtext(platform, seller, right). */
export const LEAD_KEY_LOCK = 0x6d77_4c64;

/**
 * Locks a lead's key (platform, seller, right) for the rest of the transaction, whether the lead exists or
 * not. A confirmation takes it before opening the lead, and so must the crawl before it stores a finding (the
 * finding joins the seller's lead as it is inserted): otherwise a finding stored while a confirmation opens the
 * lead sees no lead, and the confirmation, not seeing the finding yet, does not join it either. Several keys
 * in one transaction: take them sorted, so that two transactions cannot wait for each other.
 */
export async function lockLeadKey(
  c: PgExec,
  platform: string,
  sellerId: string,
  rightKey: string,
): Promise<void> {
  await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
    LEAD_KEY_LOCK,
    JSON.stringify([platform, sellerId, rightKey]),
  ]);
}

/** The lead with this key, read on `c` (inside the caller's transaction when there is one). */
export async function pgLeadById(c: PgExec, id: number): Promise<Lead | null> {
  const { rows } = await c.query<LeadRow>(`${LEAD_SELECT} WHERE d.pk = $1`, [id]);
  return rows[0] ? toLead(rows[0]) : null;
}

/** Moves a lead inside the caller's transaction: the state check, the transition row and the audit entry. */
export async function moveLeadInPgTx(
  c: PgConn,
  id: number,
  move: LeadMove,
  who: WorkflowActor,
): Promise<Lead> {
  // The check and the change are one statement: a concurrent move of the same lead waits for this row and then
  // finds the state changed.
  const moved = await c.query('UPDATE leads SET state = $1, updated_at = $2 WHERE pk = $3 AND state = $4', [
    move.to,
    who.at,
    id,
    move.from,
  ]);
  if (moved.rowCount === 0) {
    const current = await pgLeadById(c, id);
    if (!current) throw LeadStoreError.notFound(id);
    throw LeadStoreError.moved(id, current.state, move.from);
  }
  await c.query(
    'INSERT INTO lead_transitions (lead_pk, from_state, to_state, actor, reason, at) VALUES ($1, $2, $3, $4, $5, $6)',
    [id, move.from, move.to, who.actor, move.reason, who.at],
  );
  await pgAuditInTx(c, who, 'lead.move', { type: 'lead', id }, moveAuditDetail(move));
  return (await pgLeadById(c, id)) as Lead;
}

/** WHERE of a lead query, with its values for $1, $2 … */
function where(query: Omit<LeadQuery, 'limit' | 'offset'>): { sql: string; values: unknown[] } {
  const parts: string[] = [];
  const values: unknown[] = [];
  const add = (column: string, value: unknown) => {
    values.push(value);
    parts.push(`${column} = $${values.length}`);
  };
  if (query.state) add('d.state', query.state);
  if (query.platform) add('d.platform', query.platform);
  if (query.sellerId) add('d.seller_id', query.sellerId);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', values };
}

export class PgLeadRepository implements LeadRepository {
  constructor(private readonly conn: PgConn) {}

  async list(query: LeadQuery = {}): Promise<Lead[]> {
    const { limit, offset, ...filter } = query;
    const w = where(filter);
    const n = w.values.length;
    const { rows } = await this.conn.query<LeadRow>(
      `${LEAD_SELECT} ${w.sql} ORDER BY d.risk_score DESC, d.pk LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...w.values, limit ?? null, offset ?? 0],
    );
    return rows.map(toLead);
  }

  async get(id: number): Promise<Lead | null> {
    return pgLeadById(this.conn, id);
  }

  async missing(ids: readonly number[]): Promise<number[]> {
    const { rows } = await this.conn.query<{ pk: number }>(
      'SELECT pk FROM leads WHERE pk = ANY($1::bigint[])',
      [[...ids]],
    );
    const found = new Set(rows.map((r) => r.pk));
    return ids.filter((id) => !found.has(id));
  }

  async count(query: Pick<LeadQuery, 'state'> = {}): Promise<number> {
    const w = where(query);
    const { rows } = await this.conn.query<{ n: number }>(
      `SELECT count(*) AS n FROM leads d ${w.sql}`,
      w.values,
    );
    return rows[0]?.n ?? 0;
  }

  async transitions(leadId: number): Promise<LeadTransition[]> {
    const { rows } = await this.conn.query<TransitionRow>(
      'SELECT * FROM lead_transitions WHERE lead_pk = $1 ORDER BY pk',
      [leadId],
    );
    return rows.map(toTransition);
  }

  async move(id: number, move: LeadMove, who: WorkflowActor): Promise<Lead> {
    return this.conn.tx(async (c) => {
      await lockAuditChain(c);
      return moveLeadInPgTx(c, id, move, who);
    });
  }

  async setRisk(id: number, risk: { score: number; tier: RiskTier; parts: unknown }): Promise<void> {
    await this.conn.query('UPDATE leads SET risk_score = $1, risk_tier = $2, risk_json = $3 WHERE pk = $4', [
      risk.score,
      risk.tier,
      JSON.stringify(risk.parts),
      id,
    ]);
  }

  async relistingsAfterTakedown(): Promise<Relisting[]> {
    // A relisting detected after the notice took the earlier listing down, and not yet on the lead's record.
    // (Grouped by every shown column: PostgreSQL wants them named; each is fixed by the relisting row.)
    const { rows } = await this.conn.query<RelistingRow>(
      `SELECT n.lead_pk, min(n.pk) AS notice_pk, p.listing_id AS previous_id, r.listing_pk, l.listing_id, l.url,
              r.detected_at
       FROM crawl_relistings r
       JOIN notice_items i ON i.listing_pk = r.previous_pk AND i.status = 'taken_down'
            AND r.detected_at COLLATE "C" >= i.taken_down_at
       JOIN notices n ON n.pk = i.notice_pk
       JOIN listings p ON p.pk = r.previous_pk
       JOIN listings l ON l.pk = r.listing_pk
       WHERE NOT EXISTS (SELECT 1 FROM lead_relistings x WHERE x.lead_pk = n.lead_pk AND x.listing_pk = r.listing_pk)
       GROUP BY n.lead_pk, r.listing_pk, p.listing_id, l.listing_id, l.url
       ORDER BY r.detected_at COLLATE "C", r.listing_pk`,
    );
    return rows.map(toRelisting);
  }

  async relistingsOf(leadId: number): Promise<Relisting[]> {
    const { rows } = await this.conn.query<RelistingRow>(
      `SELECT x.lead_pk, x.notice_pk, p.listing_id AS previous_id, x.listing_pk, l.listing_id, l.url, x.detected_at
       FROM lead_relistings x
       JOIN crawl_relistings r ON r.listing_pk = x.listing_pk
       JOIN listings p ON p.pk = r.previous_pk
       JOIN listings l ON l.pk = x.listing_pk
       WHERE x.lead_pk = $1 ORDER BY x.detected_at COLLATE "C", x.listing_pk`,
      [leadId],
    );
    return rows.map(toRelisting);
  }

  /** Records a relisting against its lead (once) and moves the lead, in one transaction. */
  async recordRelisting(relisting: Relisting, move: LeadMove | null, who: WorkflowActor): Promise<void> {
    await this.conn.tx(async (c) => {
      await lockAuditChain(c);
      await c.query(
        'INSERT INTO lead_relistings (lead_pk, listing_pk, notice_pk, detected_at) VALUES ($1, $2, $3, $4)',
        [relisting.leadId, relisting.listingPk, relisting.noticeId, relisting.detectedAt],
      );
      await pgAuditInTx(c, who, 'lead.relisting', { type: 'lead', id: relisting.leadId }, { ...relisting });
      if (move) await moveLeadInPgTx(c, relisting.leadId, move, who);
    });
  }
}
