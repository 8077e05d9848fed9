import type { Listing } from '../model/index.js';
import type { Db } from './database.js';
import type { ListingRepository, StoredListing, UpsertStatus } from './repositories.js';

interface ListingRow {
  pk: number;
  data: string;
  content_hash: string;
  first_seen_at: string;
  last_seen_at: string;
}

export class SqliteListingRepository implements ListingRepository {
  private readonly findStmt;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly touchStmt;
  private readonly versionStmt;

  constructor(private readonly db: Db) {
    this.findStmt = db.prepare<[string, string], ListingRow>(
      'SELECT pk, data, content_hash, first_seen_at, last_seen_at FROM listings WHERE platform = ? AND listing_id = ?',
    );
    this.insertStmt = db.prepare(
      `INSERT INTO listings (platform, listing_id, url, title, seller_id, seller_name, content_hash, data, first_seen_at, last_seen_at)
       VALUES (@platform, @listingId, @url, @title, @sellerId, @sellerName, @hash, @data, @at, @at)`,
    );
    this.updateStmt = db.prepare(
      `UPDATE listings SET url = @url, title = @title, seller_id = @sellerId, seller_name = @sellerName,
              content_hash = @hash, data = @data, last_seen_at = @at WHERE pk = @pk`,
    );
    this.touchStmt = db.prepare('UPDATE listings SET last_seen_at = ? WHERE pk = ?');
    this.versionStmt = db.prepare(
      'INSERT OR IGNORE INTO listing_versions (listing_pk, content_hash, data, captured_at) VALUES (?, ?, ?, ?)',
    );
  }

  /** The synchronous core of upsert, so a caller inside a larger transaction (the crawl commit) can use it. */
  readonly upsertSync = (listing: Listing, hash: string): { pk: number; status: UpsertStatus } =>
    this.db
      .transaction(() => {
        const params = {
          platform: listing.platform,
          listingId: listing.id,
          url: listing.url,
          title: listing.title,
          sellerId: listing.seller.id,
          sellerName: listing.seller.name,
          hash,
          data: JSON.stringify(listing),
          at: listing.capturedAt,
        };
        const row = this.findStmt.get(listing.platform, listing.id);
        let pk: number;
        let status: UpsertStatus;
        if (!row) {
          pk = Number(this.insertStmt.run(params).lastInsertRowid);
          status = 'new';
        } else if (row.content_hash !== hash) {
          pk = row.pk;
          this.updateStmt.run({ ...params, pk });
          status = 'changed';
        } else {
          pk = row.pk;
          this.touchStmt.run(listing.capturedAt, pk);
          status = 'unchanged';
        }
        if (status !== 'unchanged') this.versionStmt.run(pk, hash, params.data, listing.capturedAt);
        return { pk, status };
      })
      .immediate();

  async upsert(listing: Listing, contentHash: string): Promise<{ pk: number; status: UpsertStatus }> {
    return this.upsertSync(listing, contentHash);
  }

  async get(platform: string, listingId: string): Promise<StoredListing | null> {
    const row = this.findStmt.get(platform, listingId);
    if (!row) return null;
    return {
      pk: row.pk,
      listing: JSON.parse(row.data) as Listing,
      contentHash: row.content_hash,
      firstSeenAt: row.first_seen_at,
      lastSeenAt: row.last_seen_at,
    };
  }

  async versions(platform: string, listingId: string) {
    const rows = this.db
      .prepare<[string, string], { content_hash: string; captured_at: string; data: string }>(
        `SELECT v.content_hash, v.captured_at, v.data FROM listing_versions v
         JOIN listings l ON l.pk = v.listing_pk WHERE l.platform = ? AND l.listing_id = ? ORDER BY v.pk`,
      )
      .all(platform, listingId);
    return rows.map((r) => ({
      contentHash: r.content_hash,
      capturedAt: r.captured_at,
      listing: JSON.parse(r.data) as Listing,
    }));
  }

  async count(): Promise<number> {
    return Number(this.db.prepare('SELECT count(*) FROM listings').pluck().get());
  }
}
