import {
  isLead,
  type DecideLeads,
  type ExistingLeadKey,
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
 * Stores the hits of a listing version and the leads they open. Which leads open is not decided here: the
 * caller passes the rule (src/leads/openLeads.ts), which sees this version's flagged hits and the listing's
 * existing leads inside the same transaction, and this repository persists its answer.
 */
export class SqliteHitRepository implements HitRepository {
  private readonly insertHit;
  private readonly insertLead;
  private readonly existingLeads;

  constructor(private readonly db: Db) {
    this.insertHit = db.prepare(
      `INSERT INTO hits (listing_pk, content_hash, right_id, kind, reason, score, flagged, tier, rules, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertLead = db.prepare(
      `INSERT INTO leads (listing_pk, hit_pk, right_key, kind, reason, score, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'new', ?, ?)`,
    );
    this.existingLeads = db.prepare<[number], { right_key: string; reason: Reason }>(
      'SELECT right_key, reason FROM leads WHERE listing_pk = ?',
    );
  }

  async record(
    listingPk: number,
    contentHash: string,
    hits: Hit[],
    decideLeads: DecideLeads,
  ): Promise<RecordHitsResult> {
    return this.recordSync(listingPk, contentHash, hits, decideLeads);
  }

  /** The synchronous core of record, so a caller inside a larger transaction (the crawl commit) can use it. */
  recordSync(
    listingPk: number,
    contentHash: string,
    hits: Hit[],
    decideLeads: DecideLeads,
  ): RecordHitsResult {
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      const result: RecordHitsResult = { hitPks: [], newLeadIds: [] };
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
        // Only leads open leads; a watch signal is stored and shown, never a lead.
        if (isLead(hit)) {
          flagged.push({ hitPk, rightId: hit.rightId, kind: hit.kind, reason: hit.reason, score: hit.score });
        }
      }
      if (flagged.length === 0) return result;
      // right_key is '' for a hit without a right, so that UNIQUE (listing_pk, right_key, reason) holds.
      const existing: ExistingLeadKey[] = this.existingLeads
        .all(listingPk)
        .map((l) => ({ rightId: l.right_key === '' ? null : l.right_key, reason: l.reason }));
      // A plain INSERT: should a rule ever open a lead twice, the UNIQUE key fails the whole transaction.
      for (const lead of decideLeads(flagged, existing)) {
        const info = this.insertLead.run(
          listingPk,
          lead.hitPk,
          lead.rightId ?? '',
          lead.kind,
          lead.reason,
          lead.score,
          now,
          now,
        );
        result.newLeadIds.push(Number(info.lastInsertRowid));
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
