import type { DismissReason, Finding, Lead, WhitelistEntry } from '../model/index.js';
import type { Db } from './database.js';
import {
  FINDING_FROM,
  FINDING_SELECT,
  toFinding,
  toWhitelist,
  type FindingRow,
  type WhitelistRow,
} from './findingRows.js';
import { leadById, moveLeadInTx } from './sqliteLeads.js';
import { auditInTx } from './workflowAudit.js';
import {
  FindingError,
  type WorkflowActor,
  type ConfirmResult,
  type FindingQuery,
  type FindingRepository,
  type LeadOpening,
} from './workflowRepositories.js';

function where(query: Omit<FindingQuery, 'limit' | 'offset' | 'sort'>): {
  sql: string;
  params: Record<string, unknown>;
} {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  const add = (sql: string, name: string, value: unknown) => {
    parts.push(sql);
    params[name] = value;
  };
  if (query.review) add('f.review = @review', 'review', query.review);
  if (query.tier) add('h.tier = @tier', 'tier', query.tier);
  if (query.platform) add('l.platform = @platform', 'platform', query.platform);
  if (query.rightId) add('f.right_key = @rightId', 'rightId', query.rightId);
  if (query.rightIds)
    add(
      'f.right_key IN (SELECT value FROM json_each(@rightIds))',
      'rightIds',
      JSON.stringify(query.rightIds),
    );
  if (query.leadId !== undefined) add('f.lead_pk = @leadId', 'leadId', query.leadId);
  if (query.sellerId) add('l.seller_id = @sellerId', 'sellerId', query.sellerId);
  if (query.kind) add('f.kind = @kind', 'kind', query.kind);
  if (query.reason) add('f.reason = @reason', 'reason', query.reason);
  if (query.category)
    add(
      "substr(coalesce(json_extract(l.data, '$.category'), ''), 1, length(@category)) = @category",
      'category',
      query.category,
    );
  if (query.region)
    add(
      "substr(coalesce(json_extract(l.data, '$.seller.regionCode'), ''), 1, length(@region)) = @region",
      'region',
      query.region,
    );
  if (query.minScore !== undefined) add('f.score >= @minScore', 'minScore', query.minScore);
  if (query.since) add('f.created_at >= @since', 'since', query.since);
  if (query.until) add('f.created_at < @until', 'until', query.until);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export class SqliteFindingRepository implements FindingRepository {
  constructor(private readonly db: Db) {}

  async list(query: FindingQuery = {}): Promise<Finding[]> {
    const { limit, offset, sort, ...filter } = query;
    const w = where(filter);
    // By default leads before watch signals, highest score first: the order staff review in.
    const order =
      sort === 'newest' ? 'f.created_at DESC, f.pk DESC' : "(h.tier = 'lead') DESC, f.score DESC, f.pk";
    const rows = this.db
      .prepare<Record<string, unknown>, FindingRow>(
        `${FINDING_SELECT} ${w.sql} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
      )
      .all({ ...w.params, limit: limit ?? -1, offset: offset ?? 0 });
    return rows.map(toFinding);
  }

  async get(id: number): Promise<Finding | null> {
    return this.getSync(id);
  }

  private getSync(id: number): Finding | null {
    const row = this.db.prepare<[number], FindingRow>(`${FINDING_SELECT} WHERE f.pk = ?`).get(id);
    return row ? toFinding(row) : null;
  }

  private require(id: number): Finding {
    const finding = this.getSync(id);
    if (!finding) throw FindingError.notFound(id);
    return finding;
  }

  async count(query: Omit<FindingQuery, 'limit' | 'offset' | 'sort'> = {}): Promise<number> {
    const w = where(query);
    const sql = `SELECT count(*) ${FINDING_FROM} ${w.sql}`;
    return Number(this.db.prepare(sql).pluck().get(w.params));
  }

  async confirm(id: number, who: WorkflowActor, opening: LeadOpening): Promise<ConfirmResult> {
    return this.db
      .transaction((): ConfirmResult => {
        const finding = this.require(id);
        if (finding.review === 'confirmed') {
          throw FindingError.alreadyConfirmed(id);
        }
        const rightKey = finding.rightId ?? '';
        let leadPk = this.db
          .prepare<[string, string, string], number>(
            'SELECT pk FROM leads WHERE platform = ? AND seller_id = ? AND right_key = ?',
          )
          .pluck()
          .get(finding.platform, finding.sellerId, rightKey);
        const opened = leadPk === undefined;
        if (leadPk === undefined) {
          leadPk = Number(
            this.db
              .prepare(
                `INSERT INTO leads (platform, seller_id, seller_name, right_key, kind, state, risk_score, risk_tier,
                                  risk_json, region_code, opened_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
              )
              .run(
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
                who.at,
              ).lastInsertRowid,
          );
          this.db
            .prepare(
              'INSERT INTO lead_transitions (lead_pk, from_state, to_state, actor, reason, at) VALUES (?, NULL, ?, ?, ?, ?)',
            )
            .run(leadPk, opening.state, who.actor, opening.reason, who.at);
          auditInTx(
            this.db,
            who,
            'lead.open',
            { type: 'lead', id: leadPk },
            {
              to: opening.state,
              finding: id,
              reason: opening.reason,
            },
          );
        }
        this.db
          .prepare(
            `UPDATE findings SET review = 'confirmed', dismiss_reason = NULL, dismiss_note = NULL, reviewed_by = ?,
                  reviewed_at = ?, lead_pk = ?, updated_at = ? WHERE pk = ?`,
          )
          .run(who.actor, who.at, leadPk, who.at, id);
        // The seller's other findings for the right join the lead too (全链条: the seller, not one listing).
        this.db
          .prepare(
            `UPDATE findings SET lead_pk = @lead WHERE lead_pk IS NULL AND right_key = @right AND listing_pk IN
             (SELECT pk FROM listings WHERE platform = @platform AND seller_id = @seller)`,
          )
          .run({ lead: leadPk, right: rightKey, platform: finding.platform, seller: finding.sellerId });
        this.db.prepare('UPDATE leads SET updated_at = ? WHERE pk = ?').run(who.at, leadPk);
        auditInTx(this.db, who, 'finding.confirm', { type: 'finding', id }, { lead: leadPk });
        if (!opened) {
          // The new finding re-weighs the lead, and may move it (reviewing → confirmed, closed → reviewing).
          this.db
            .prepare('UPDATE leads SET risk_score = ?, risk_tier = ?, risk_json = ? WHERE pk = ?')
            .run(opening.riskScore, opening.riskTier, JSON.stringify(opening.risk), leadPk);
          const move = opening.joinMove?.((leadById(this.db, leadPk) as Lead).state);
          if (move) moveLeadInTx(this.db, leadPk, move, who);
        }
        const lead = leadById(this.db, leadPk) as Lead;
        return { finding: this.require(id), lead, opened };
      })
      .immediate();
  }

  async dismiss(
    id: number,
    who: WorkflowActor,
    dismissal: { reason: DismissReason; note: string; whitelist: boolean },
  ): Promise<Finding> {
    return this.db
      .transaction((): Finding => {
        const finding = this.require(id);
        if (finding.review === 'dismissed') {
          throw FindingError.alreadyDismissed(id);
        }
        if (dismissal.whitelist && finding.rightId === null) {
          throw FindingError.whitelistWithoutRight(id);
        }
        this.db
          .prepare(
            `UPDATE findings SET review = 'dismissed', dismiss_reason = ?, dismiss_note = ?, reviewed_by = ?,
                  reviewed_at = ?, updated_at = ? WHERE pk = ?`,
          )
          .run(dismissal.reason, dismissal.note, who.actor, who.at, who.at, id);
        auditInTx(this.db, who, 'finding.dismiss', { type: 'finding', id }, { ...dismissal });
        if (dismissal.whitelist) {
          const entry = Number(
            this.db
              .prepare(
                `INSERT INTO seller_whitelist (platform, seller_id, right_key, note, created_by, created_at)
               VALUES (?, ?, ?, ?, ?, ?)`,
              )
              .run(finding.platform, finding.sellerId, finding.rightId, dismissal.note, who.actor, who.at)
              .lastInsertRowid,
          );
          auditInTx(
            this.db,
            who,
            'whitelist.add',
            { type: 'whitelist', id: entry },
            {
              platform: finding.platform,
              seller: finding.sellerId,
              right: finding.rightId,
            },
          );
        }
        return this.require(id);
      })
      .immediate();
  }

  async whitelist(options: { includeRevoked?: boolean } = {}): Promise<WhitelistEntry[]> {
    const filter = options.includeRevoked ? '' : 'WHERE revoked_at IS NULL';
    return this.db
      .prepare<[], WhitelistRow>(`SELECT * FROM seller_whitelist ${filter} ORDER BY pk`)
      .all()
      .map(toWhitelist);
  }

  async revokeWhitelist(id: number, who: WorkflowActor): Promise<WhitelistEntry> {
    return this.db
      .transaction((): WhitelistEntry => {
        const info = this.db
          .prepare(
            'UPDATE seller_whitelist SET revoked_by = ?, revoked_at = ? WHERE pk = ? AND revoked_at IS NULL',
          )
          .run(who.actor, who.at, id);
        if (info.changes === 0) {
          throw FindingError.whitelistNotFound(id);
        }
        auditInTx(this.db, who, 'whitelist.revoke', { type: 'whitelist', id }, {});
        return toWhitelist(
          this.db
            .prepare<[number], WhitelistRow>('SELECT * FROM seller_whitelist WHERE pk = ?')
            .get(id) as WhitelistRow,
        );
      })
      .immediate();
  }
}
