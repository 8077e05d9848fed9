import type { Hit, RuleFire } from '../model/index.js';
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
  rules: string;
  created_at: string;
}

export class SqliteHitRepository implements HitRepository {
  private readonly insertHit;
  private readonly insertLead;

  constructor(private readonly db: Db) {
    this.insertHit = db.prepare(
      `INSERT INTO hits (listing_pk, content_hash, right_id, kind, reason, score, flagged, rules, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertLead = db.prepare(
      `INSERT INTO leads (listing_pk, hit_pk, right_key, kind, reason, score, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'new', ?, ?)
       ON CONFLICT (listing_pk, right_key, reason) DO NOTHING`,
    );
  }

  async record(listingPk: number, contentHash: string, hits: Hit[]): Promise<RecordHitsResult> {
    return this.recordSync(listingPk, contentHash, hits);
  }

  /** The synchronous core of record, so a caller inside a larger transaction (the crawl commit) can use it. */
  recordSync(listingPk: number, contentHash: string, hits: Hit[]): RecordHitsResult {
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      const result: RecordHitsResult = { hitPks: [], newLeadIds: [] };
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
            JSON.stringify(hit.rules),
            now,
          ).lastInsertRowid,
        );
        result.hitPks.push(hitPk);
        if (!hit.flagged) continue;
        const lead = this.insertLead.run(
          listingPk,
          hitPk,
          hit.rightId ?? '',
          hit.kind,
          hit.reason,
          hit.score,
          now,
          now,
        );
        if (lead.changes > 0) result.newLeadIds.push(Number(lead.lastInsertRowid));
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
      rules: JSON.parse(r.rules) as RuleFire[],
      createdAt: r.created_at,
    }));
  }
}
