import {
  isLead,
  type DecideFindings,
  type ExistingFindingKey,
  type FlaggedHit,
  type Hit,
  type Reason,
  type RuleFire,
  type Tier,
} from '../../model/index.js';
import type { HitRepository, RecordHitsResult, StoredHit } from '../repositories.js';
import type { PgConn } from './pgDatabase.js';
import { lockLeadKey } from './pgLeads.js';

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

// A whitelisted seller's finding is stored dismissed (visible, reversible); a finding of a seller whose lead
// for the right is open joins that lead.
const INSERT_FINDING = `
  INSERT INTO findings (listing_pk, hit_pk, right_key, kind, reason, score, review, dismiss_reason,
                        reviewed_by, reviewed_at, lead_pk, created_at, updated_at)
  SELECT $1, $2, $3, $4, $5, $6,
         CASE WHEN w.pk IS NULL THEN 'new' ELSE 'dismissed' END,
         CASE WHEN w.pk IS NULL THEN NULL ELSE 'whitelisted' END,
         CASE WHEN w.pk IS NULL THEN NULL ELSE 'system' END,
         CASE WHEN w.pk IS NULL THEN NULL ELSE $7 END,
         (SELECT d.pk FROM leads d WHERE d.platform = l.platform AND d.seller_id = l.seller_id
            AND d.right_key = $3),
         $7, $7
  FROM listings l
  LEFT JOIN seller_whitelist w ON w.platform = l.platform AND w.seller_id = l.seller_id
       AND w.right_key = $3 AND w.revoked_at IS NULL
  WHERE l.pk = $1
  LIMIT 1
  RETURNING pk`;

/*
 * The hits of a listing version and the findings they open, on PostgreSQL. As in SQLite the finding rule is
 * the caller's (src/leads/openFindings.ts); it sees this version's flagged hits and the listing's existing
 * findings inside the same transaction.
 */
export class PgHitRepository implements HitRepository {
  /** `listingLocked`: the caller's transaction already holds the listing's row lock (the crawl commit). */
  constructor(
    private readonly conn: PgConn,
    private readonly options: { listingLocked?: boolean } = {},
  ) {}

  async record(
    listingPk: number,
    contentHash: string,
    hits: Hit[],
    decideFindings: DecideFindings,
  ): Promise<RecordHitsResult> {
    const now = new Date().toISOString();
    return this.conn.tx(async (c) => {
      // Workers recording hits of one listing at once would both read "no finding yet" and then collide on
      // UNIQUE (listing_pk, right_key, reason): the listing's row lock makes them take turns.
      if (!this.options.listingLocked) {
        await c.query('SELECT 1 FROM listings WHERE pk = $1 FOR UPDATE', [listingPk]);
      }
      const result: RecordHitsResult = { hitPks: [], newFindingIds: [] };
      const flagged: FlaggedHit[] = [];
      for (const hit of hits) {
        const { rows } = await c.query<{ pk: number }>(
          `INSERT INTO hits (listing_pk, content_hash, right_id, kind, reason, score, flagged, tier, rules, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING pk`,
          [
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
          ],
        );
        const hitPk = rows[0]!.pk;
        result.hitPks.push(hitPk);
        // Only lead-tier hits open findings; a watch signal is stored and shown, never a finding.
        if (isLead(hit)) {
          flagged.push({ hitPk, rightId: hit.rightId, kind: hit.kind, reason: hit.reason, score: hit.score });
        }
      }
      if (flagged.length === 0) return result;
      // right_key is '' for a hit without a right, so that UNIQUE (listing_pk, right_key, reason) holds.
      const { rows } = await c.query<{ right_key: string; reason: Reason }>(
        'SELECT right_key, reason FROM findings WHERE listing_pk = $1',
        [listingPk],
      );
      const existing: ExistingFindingKey[] = rows.map((l) => ({
        rightId: l.right_key === '' ? null : l.right_key,
        reason: l.reason,
      }));
      const decided = decideFindings(flagged, existing);
      if (decided.length === 0) return result;
      // A finding joins its seller's lead for the right when one exists. A confirmation opening that lead at the
      // same moment holds the lead key's lock (pgLeads.ts): taking it here too, in sorted order, means either
      // this finding sees the new lead or the confirmation sees this finding, never neither.
      const seller = await c.query<{ platform: string; seller_id: string }>(
        'SELECT platform, seller_id FROM listings WHERE pk = $1',
        [listingPk],
      );
      const { platform, seller_id: sellerId } = seller.rows[0]!;
      for (const key of [...new Set(decided.map((f) => f.rightId ?? ''))].sort()) {
        await lockLeadKey(c, platform, sellerId, key);
      }
      // A plain INSERT: should a rule ever open a finding twice, the UNIQUE key fails the whole transaction.
      for (const f of decided) {
        const inserted = await c.query<{ pk: number }>(INSERT_FINDING, [
          listingPk,
          f.hitPk,
          f.rightId ?? '',
          f.kind,
          f.reason,
          f.score,
          now,
        ]);
        result.newFindingIds.push(inserted.rows[0]!.pk);
      }
      return result;
    });
  }

  async forListing(listingPk: number): Promise<StoredHit[]> {
    const { rows } = await this.conn.query<HitRow>(
      `SELECT h.*, l.listing_id FROM hits h JOIN listings l ON l.pk = h.listing_pk
       WHERE h.listing_pk = $1 ORDER BY h.pk`,
      [listingPk],
    );
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
