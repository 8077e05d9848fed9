import type { Evidence } from '../model/index.js';
import type { Db } from './database.js';
import type { EvidenceRepository, NewEvidence } from './repositories.js';

export class SqliteEvidenceRepository implements EvidenceRepository {
  constructor(private readonly db: Db) {}

  async add(listingPk: number, e: Omit<NewEvidence, 'platform' | 'listingId'>): Promise<number> {
    return this.addSync(listingPk, e);
  }

  /** The synchronous core of add, so a caller inside a larger transaction (the crawl commit) can use it. */
  addSync(listingPk: number, e: Omit<NewEvidence, 'platform' | 'listingId'>): number {
    const info = this.db
      .prepare(
        `INSERT INTO evidence (listing_pk, kind, url, sha256, path, bytes, content_type, captured_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(listingPk, e.kind, e.url, e.sha256, e.path, e.bytes, e.contentType, e.capturedAt);
    return Number(info.lastInsertRowid);
  }

  async forListing(platform: string, listingId: string): Promise<Evidence[]> {
    return this.db
      .prepare<[string, string], Evidence>(
        `SELECT e.pk AS id, l.platform, l.listing_id AS listingId, e.kind, e.url, e.sha256, e.path, e.bytes,
                e.content_type AS contentType, e.captured_at AS capturedAt
         FROM evidence e JOIN listings l ON l.pk = e.listing_pk WHERE l.platform = ? AND l.listing_id = ? ORDER BY e.pk`,
      )
      .all(platform, listingId);
  }

  async get(id: number): Promise<Evidence | null> {
    return (
      this.db
        .prepare<[number], Evidence>(
          `SELECT e.pk AS id, l.platform, l.listing_id AS listingId, e.kind, e.url, e.sha256, e.path, e.bytes,
                  e.content_type AS contentType, e.captured_at AS capturedAt
           FROM evidence e JOIN listings l ON l.pk = e.listing_pk WHERE e.pk = ?`,
        )
        .get(id) ?? null
    );
  }
}
