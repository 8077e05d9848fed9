import type { DismissReason, Finding, Lead, WhitelistEntry } from '../../model/index.js';
import {
  FINDING_FROM,
  FINDING_SELECT,
  toFinding,
  toWhitelist,
  type FindingRow,
  type WhitelistRow,
} from '../findingRows.js';
import {
  FindingError,
  type ConfirmResult,
  type FindingQuery,
  type FindingRepository,
  type LeadOpening,
  type WorkflowActor,
} from '../workflowRepositories.js';
import { lockAuditChain, pgAuditInTx } from './pgAudit.js';
import type { PgConn, PgExec } from './pgDatabase.js';
import { lockLeadKey, moveLeadInPgTx, pgLeadById } from './pgLeads.js';

/*
 * Findings, their review and the seller whitelist on PostgreSQL: the same rows and rules as
 * SqliteFindingRepository. A confirmation is one transaction (the finding, the lead it opens or joins, the
 * joined lead's new risk and move, the audit entries). SQLite's single writer made "open the seller's lead for
 * the right unless it exists" safe; here it is `INSERT … ON CONFLICT DO NOTHING` on the lead's unique key, so two
 * workers confirming findings of one seller and right at once make one lead, and the second joins it; and it is
 * taken under the lead key's advisory lock (lockLeadKey), so a finding the crawl stores meanwhile joins it. ISO times
 * are compared and ordered COLLATE "C" (SQLite's byte order, whatever the database's locale).
 */

/** WHERE of a finding query, with its values for $1, $2 … */
function where(query: Omit<FindingQuery, 'limit' | 'offset' | 'sort'>): { sql: string; values: unknown[] } {
  const parts: string[] = [];
  const values: unknown[] = [];
  /** `sql` with `$?` standing for the value's placeholder. */
  const add = (sql: string, value: unknown) => {
    values.push(value);
    parts.push(sql.replaceAll('$?', `$${values.length}`));
  };
  if (query.review) add('f.review = $?', query.review);
  if (query.tier) add('h.tier = $?', query.tier);
  if (query.platform) add('l.platform = $?', query.platform);
  if (query.rightId) add('f.right_key = $?', query.rightId);
  if (query.rightIds) add('f.right_key = ANY($?::text[])', [...query.rightIds]);
  if (query.leadId !== undefined) add('f.lead_pk = $?', query.leadId);
  if (query.sellerId) add('l.seller_id = $?', query.sellerId);
  if (query.kind) add('f.kind = $?', query.kind);
  if (query.reason) add('f.reason = $?', query.reason);
  // Prefixes of the listing's JSON, as SQLite's substr(json_extract(…)) = prefix.
  if (query.category) add("starts_with(coalesce(l.data::jsonb ->> 'category', ''), $?)", query.category);
  if (query.region)
    add("starts_with(coalesce(l.data::jsonb -> 'seller' ->> 'regionCode', ''), $?)", query.region);
  if (query.minScore !== undefined) add('f.score >= $?', query.minScore);
  if (query.since) add('f.created_at COLLATE "C" >= $?', query.since);
  if (query.until) add('f.created_at COLLATE "C" < $?', query.until);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', values };
}

async function findingById(c: PgExec, id: number, lock = false): Promise<Finding | null> {
  const { rows } = await c.query<FindingRow>(
    `${FINDING_SELECT} WHERE f.pk = $1 ${lock ? 'FOR UPDATE OF f' : ''}`,
    [id],
  );
  return rows[0] ? toFinding(rows[0]) : null;
}

/** The finding, its row locked for the rest of the transaction (a review in progress). */
async function requireLocked(c: PgExec, id: number): Promise<Finding> {
  const finding = await findingById(c, id, true);
  if (!finding) throw FindingError.notFound(id);
  return finding;
}

export class PgFindingRepository implements FindingRepository {
  constructor(private readonly conn: PgConn) {}

  async list(query: FindingQuery = {}): Promise<Finding[]> {
    const { limit, offset, sort, ...filter } = query;
    const w = where(filter);
    const n = w.values.length;
    // By default leads before watch signals, highest score first: the order staff review in. (NULLS LAST: a
    // hit without a tier sorts after the leads, as in SQLite, where NULL is the smallest value.)
    const order =
      sort === 'newest'
        ? 'f.created_at COLLATE "C" DESC, f.pk DESC'
        : "(h.tier = 'lead') DESC NULLS LAST, f.score DESC, f.pk";
    const { rows } = await this.conn.query<FindingRow>(
      `${FINDING_SELECT} ${w.sql} ORDER BY ${order} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...w.values, limit ?? null, offset ?? 0],
    );
    return rows.map(toFinding);
  }

  async get(id: number): Promise<Finding | null> {
    return findingById(this.conn, id);
  }

  async count(query: Omit<FindingQuery, 'limit' | 'offset' | 'sort'> = {}): Promise<number> {
    const w = where(query);
    const { rows } = await this.conn.query<{ n: number }>(
      `SELECT count(*) AS n ${FINDING_FROM} ${w.sql}`,
      w.values,
    );
    return rows[0]?.n ?? 0;
  }

  async confirm(id: number, who: WorkflowActor, opening: LeadOpening): Promise<ConfirmResult> {
    return this.conn.tx(async (c): Promise<ConfirmResult> => {
      await lockAuditChain(c);
      const finding = await requireLocked(c, id);
      if (finding.review === 'confirmed') {
        throw FindingError.alreadyConfirmed(id);
      }
      const rightKey = finding.rightId ?? '';
      await lockLeadKey(c, finding.platform, finding.sellerId, rightKey);
      // Opens the lead unless the (platform, seller, right) key exists: a concurrent insert of the same key waits
      // for the other transaction and then does nothing, and the lead is read below.
      const inserted = await c.query<{ pk: number }>(
        `INSERT INTO leads (platform, seller_id, seller_name, right_key, kind, state, risk_score, risk_tier,
                            risk_json, region_code, opened_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
         ON CONFLICT (platform, seller_id, right_key) DO NOTHING
         RETURNING pk`,
        [
          finding.platform,
          finding.sellerId,
          finding.sellerName,
          rightKey,
          finding.kind,
          opening.state,
          opening.riskScore,
          opening.riskTier,
          JSON.stringify(opening.risk),
          opening.regionCode,
          who.at,
        ],
      );
      const opened = inserted.rows.length > 0;
      let leadPk: number;
      if (inserted.rows[0]) {
        leadPk = inserted.rows[0].pk;
        await c.query(
          `INSERT INTO lead_transitions (lead_pk, from_state, to_state, actor, reason, at)
           VALUES ($1, NULL, $2, $3, $4, $5)`,
          [leadPk, opening.state, who.actor, opening.reason, who.at],
        );
        await pgAuditInTx(
          c,
          who,
          'lead.open',
          { type: 'lead', id: leadPk },
          { to: opening.state, finding: id, reason: opening.reason },
        );
      } else {
        // The lead exists: lock it, so its state read for the join move below is the one the move starts from.
        const { rows } = await c.query<{ pk: number }>(
          'SELECT pk FROM leads WHERE platform = $1 AND seller_id = $2 AND right_key = $3 FOR UPDATE',
          [finding.platform, finding.sellerId, rightKey],
        );
        leadPk = (rows[0] as { pk: number }).pk;
      }
      await c.query(
        `UPDATE findings SET review = 'confirmed', dismiss_reason = NULL, dismiss_note = NULL, reviewed_by = $1,
                reviewed_at = $2, lead_pk = $3, updated_at = $2 WHERE pk = $4`,
        [who.actor, who.at, leadPk, id],
      );
      // The seller's other findings for the right join the lead too (全链条: the seller, not one listing).
      await c.query(
        `UPDATE findings SET lead_pk = $1 WHERE lead_pk IS NULL AND right_key = $2 AND listing_pk IN
         (SELECT pk FROM listings WHERE platform = $3 AND seller_id = $4)`,
        [leadPk, rightKey, finding.platform, finding.sellerId],
      );
      await c.query('UPDATE leads SET updated_at = $1 WHERE pk = $2', [who.at, leadPk]);
      await pgAuditInTx(c, who, 'finding.confirm', { type: 'finding', id }, { lead: leadPk });
      if (!opened) {
        // The new finding re-weighs the lead, and may move it (reviewing → confirmed, closed → reviewing).
        await c.query('UPDATE leads SET risk_score = $1, risk_tier = $2, risk_json = $3 WHERE pk = $4', [
          opening.riskScore,
          opening.riskTier,
          JSON.stringify(opening.risk),
          leadPk,
        ]);
        const move = opening.joinMove?.(((await pgLeadById(c, leadPk)) as Lead).state);
        if (move) await moveLeadInPgTx(c, leadPk, move, who);
      }
      const lead = (await pgLeadById(c, leadPk)) as Lead;
      return { finding: (await findingById(c, id)) as Finding, lead, opened };
    });
  }

  async dismiss(
    id: number,
    who: WorkflowActor,
    dismissal: { reason: DismissReason; note: string; whitelist: boolean },
  ): Promise<Finding> {
    return this.conn.tx(async (c): Promise<Finding> => {
      await lockAuditChain(c);
      const finding = await requireLocked(c, id);
      if (finding.review === 'dismissed') {
        throw FindingError.alreadyDismissed(id);
      }
      if (dismissal.whitelist && finding.rightId === null) {
        throw FindingError.whitelistWithoutRight(id);
      }
      await c.query(
        `UPDATE findings SET review = 'dismissed', dismiss_reason = $1, dismiss_note = $2, reviewed_by = $3,
                reviewed_at = $4, updated_at = $4 WHERE pk = $5`,
        [dismissal.reason, dismissal.note, who.actor, who.at, id],
      );
      await pgAuditInTx(c, who, 'finding.dismiss', { type: 'finding', id }, { ...dismissal });
      if (dismissal.whitelist) {
        const { rows } = await c.query<{ pk: number }>(
          `INSERT INTO seller_whitelist (platform, seller_id, right_key, note, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING pk`,
          [finding.platform, finding.sellerId, finding.rightId, dismissal.note, who.actor, who.at],
        );
        await pgAuditInTx(
          c,
          who,
          'whitelist.add',
          { type: 'whitelist', id: (rows[0] as { pk: number }).pk },
          { platform: finding.platform, seller: finding.sellerId, right: finding.rightId },
        );
      }
      return (await findingById(c, id)) as Finding;
    });
  }

  async whitelist(options: { includeRevoked?: boolean } = {}): Promise<WhitelistEntry[]> {
    const filter = options.includeRevoked ? '' : 'WHERE revoked_at IS NULL';
    const { rows } = await this.conn.query<WhitelistRow>(
      `SELECT * FROM seller_whitelist ${filter} ORDER BY pk`,
    );
    return rows.map(toWhitelist);
  }

  async revokeWhitelist(id: number, who: WorkflowActor): Promise<WhitelistEntry> {
    return this.conn.tx(async (c): Promise<WhitelistEntry> => {
      await lockAuditChain(c);
      // Only a live entry is revoked: of two revocations, the second finds it revoked.
      const { rows } = await c.query<WhitelistRow>(
        `UPDATE seller_whitelist SET revoked_by = $1, revoked_at = $2 WHERE pk = $3 AND revoked_at IS NULL
         RETURNING *`,
        [who.actor, who.at, id],
      );
      if (!rows[0]) {
        throw FindingError.whitelistNotFound(id);
      }
      await pgAuditInTx(c, who, 'whitelist.revoke', { type: 'whitelist', id }, {});
      return toWhitelist(rows[0]);
    });
  }
}
