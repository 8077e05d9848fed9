import {
  isLead,
  type DecideFindings,
  type ExistingFindingKey,
  type FlaggedHit,
  type Hit,
  type Reason,
  type RuleFire,
  type Tier,
} from '../model/index.js';
import type { Db } from './database.js';
import type { HitRepository, RecordHitsResult, StoredHit } from './repositories.js';

interface HitRow {
  pk: number;
  listing_pk: number;
  listing_id: string;
  content_hash: string;
  right_id: string | null;
  kind: Hit['kind'];
  reason: Hit['reason'];
  score: number;
  flagged: number;
  tier: Tier | null;
  rules: string;
  created_at: string;
}

/*
 * Stores the hits of a listing version and the findings they open. Which findings open is not decided here: the
 * caller passes the rule (src/leads/openFindings.ts), which sees this version's flagged hits and the listing's
 * existing findings inside the same transaction, and this repository persists its answer.
 */
export class SqliteHitRepository implements HitRepository {
  private readonly insertHit;
  private readonly insertFinding;
  private readonly existingFindings;

  constructor(private readonly db: Db) {
    this.insertHit = db.prepare(
      `INSERT INTO hits (listing_pk, content_hash, right_id, kind, reason, score, flagged, tier, rules, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // A whitelisted seller's finding is stored dismissed (visible, reversible); a finding of a seller whose
    // lead for the right is open joins that lead.
    this.insertFinding = db.prepare(
      `INSERT INTO findings (listing_pk, hit_pk, right_key, kind, reason, score, review, dismiss_reason,
                             reviewed_by, reviewed_at, lead_pk, created_at, updated_at)
       SELECT @listingPk, @hitPk, @rightKey, @kind, @reason, @score,
              CASE WHEN w.pk IS NULL THEN 'new' ELSE 'dismissed' END,
              CASE WHEN w.pk IS NULL THEN NULL ELSE 'whitelisted' END,
              CASE WHEN w.pk IS NULL THEN NULL ELSE 'system' END,
              CASE WHEN w.pk IS NULL THEN NULL ELSE @now END,
              (SELECT d.pk FROM leads d WHERE d.platform = l.platform AND d.seller_id = l.seller_id
                 AND d.right_key = @rightKey),
              @now, @now
       FROM listings l
       LEFT JOIN seller_whitelist w ON w.platform = l.platform AND w.seller_id = l.seller_id
            AND w.right_key = @rightKey AND w.revoked_at IS NULL
       WHERE l.pk = @listingPk
       LIMIT 1`,
    );
    this.existingFindings = db.prepare<[number], { right_key: string; reason: Reason }>(
      'SELECT right_key, reason FROM findings WHERE listing_pk = ?',
    );
  }

  async record(
    listingPk: number,
    contentHash: string,
    hits: Hit[],
    decideFindings: DecideFindings,
  ): Promise<RecordHitsResult> {
    return this.recordSync(listingPk, contentHash, hits, decideFindings);
  }

  /** The synchronous core of record, so a caller inside a larger transaction (the crawl commit) can use it. */
  recordSync(
    listingPk: number,
    contentHash: string,
    hits: Hit[],
    decideFindings: DecideFindings,
  ): RecordHitsResult {
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      const result: RecordHitsResult = { hitPks: [], newFindingIds: [] };
      const flagged: FlaggedHit[] = [];
      for (const hit of hits) {
        const hitPk = Number(
          this.insertHit.run(
            listingPk,
            contentHash,
            hit.rightId,
            hit.kind,
            hit.reason,
            hit.score,
            hit.flagged ? 1 : 0,
            hit.tier ?? null,
            JSON.stringify(hit.rules),
            now,
          ).lastInsertRowid,
        );
        result.hitPks.push(hitPk);
        // Only lead-tier hits open findings; a watch signal is stored and shown, never a finding.
        if (isLead(hit)) {
          flagged.push({ hitPk, rightId: hit.rightId, kind: hit.kind, reason: hit.reason, score: hit.score });
        }
      }
      if (flagged.length === 0) return result;
      // right_key is '' for a hit without a right, so that UNIQUE (listing_pk, right_key, reason) holds.
      const existing: ExistingFindingKey[] = this.existingFindings
        .all(listingPk)
        .map((l) => ({ rightId: l.right_key === '' ? null : l.right_key, reason: l.reason }));
      // A plain INSERT: should a rule ever open a finding twice, the UNIQUE key fails the whole transaction.
      for (const finding of decideFindings(flagged, existing)) {
        const info = this.insertFinding.run({
          listingPk,
          hitPk: finding.hitPk,
          rightKey: finding.rightId ?? '',
          kind: finding.kind,
          reason: finding.reason,
          score: finding.score,
          now,
        });
        result.newFindingIds.push(Number(info.lastInsertRowid));
      }
      return result;
    })();
  }

  async forListing(listingPk: number): Promise<StoredHit[]> {
    const rows = this.db
      .prepare<[number], HitRow>(
        `SELECT h.*, l.listing_id FROM hits h JOIN listings l ON l.pk = h.listing_pk WHERE h.listing_pk = ? ORDER BY h.pk`,
      )
      .all(listingPk);
    return rows.map((r) => ({
      pk: r.pk,
      listingPk: r.listing_pk,
      listingId: r.listing_id,
      contentHash: r.content_hash,
      rightId: r.right_id,
      kind: r.kind,
      reason: r.reason,
      score: r.score,
      flagged: r.flagged === 1,
      ...(r.tier ? { tier: r.tier } : {}),
      rules: JSON.parse(r.rules) as RuleFire[],
      createdAt: r.created_at,
    }));
  }
}
