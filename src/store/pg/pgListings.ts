import type { Listing } from '../../model/index.js';
import type { ListingRepository, StoredListing, UpsertStatus } from '../repositories.js';
import type { PgConn } from './pgDatabase.js';

interface ListingRow {
  pk: number;
  data: string;
  content_hash: string;
  first_seen_at: string;
  last_seen_at: string;
}

const FIND = `SELECT pk, data, content_hash, first_seen_at, last_seen_at FROM listings
              WHERE platform = $1 AND listing_id = $2`;

/** Listings and their versions on PostgreSQL (same behaviour as SqliteListingRepository). */
export class PgListingRepository implements ListingRepository {
  constructor(private readonly conn: PgConn) {}

  /**
   * Two workers may store the same listing at once (two jobs crawling one platform). The row is locked
   * (SELECT … FOR UPDATE) before its hash is compared, and a new one is inserted with ON CONFLICT DO NOTHING
   * (the loser of that race locks the winner's row on its second look), so each version is recorded once.
   * The lock is held to the end of the caller's transaction: the crawl commit's hits and findings of one
   * listing are thereby written by one worker at a time.
   */
  async upsert(listing: Listing, hash: string): Promise<{ pk: number; status: UpsertStatus }> {
    return this.conn.tx(async (c) => {
      const data = JSON.stringify(listing);
      const at = listing.capturedAt;
      const fields = [listing.url, listing.title, listing.seller.id, listing.seller.name, hash, data, at];
      for (let attempt = 0; attempt < 2; attempt++) {
        const { rows } = await c.query<{ pk: number; content_hash: string }>(
          'SELECT pk, content_hash FROM listings WHERE platform = $1 AND listing_id = $2 FOR UPDATE',
          [listing.platform, listing.id],
        );
        const row = rows[0];
        if (row && row.content_hash === hash) {
          await c.query('UPDATE listings SET last_seen_at = $2 WHERE pk = $1', [row.pk, at]);
          return { pk: row.pk, status: 'unchanged' };
        }
        // The listing row and its version in one statement (one round trip on the crawl's hot path).
        const written = row
          ? await c.query<{ pk: number }>(
              `WITH w AS (UPDATE listings SET url = $2, title = $3, seller_id = $4, seller_name = $5,
                                 content_hash = $6, data = $7, last_seen_at = $8
                          WHERE pk = $1 RETURNING pk)
               , v AS (INSERT INTO listing_versions (listing_pk, content_hash, data, captured_at)
                       SELECT pk, $6, $7, $8 FROM w ON CONFLICT (listing_pk, content_hash) DO NOTHING)
               SELECT pk FROM w`,
              [row.pk, ...fields],
            )
          : await c.query<{ pk: number }>(
              `WITH w AS (INSERT INTO listings (platform, listing_id, url, title, seller_id, seller_name,
                                                content_hash, data, first_seen_at, last_seen_at)
                          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
                          ON CONFLICT (platform, listing_id) DO NOTHING RETURNING pk)
               , v AS (INSERT INTO listing_versions (listing_pk, content_hash, data, captured_at)
                       SELECT pk, $7, $8, $9 FROM w ON CONFLICT (listing_pk, content_hash) DO NOTHING)
               SELECT pk FROM w`,
              [listing.platform, listing.id, ...fields],
            );
        const pk = written.rows[0]?.pk;
        if (pk === undefined) continue; // another worker inserted it meanwhile: lock and compare
        return { pk, status: row ? 'changed' : 'new' };
      }
      throw new Error(`listings: ${listing.platform}/${listing.id} neither inserted nor found`);
    });
  }

  async get(platform: string, listingId: string): Promise<StoredListing | null> {
    const row = (await this.conn.query<ListingRow>(FIND, [platform, listingId])).rows[0];
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
    const { rows } = await this.conn.query<{ content_hash: string; captured_at: string; data: string }>(
      `SELECT v.content_hash, v.captured_at, v.data FROM listing_versions v
       JOIN listings l ON l.pk = v.listing_pk WHERE l.platform = $1 AND l.listing_id = $2 ORDER BY v.pk`,
      [platform, listingId],
    );
    return rows.map((r) => ({
      contentHash: r.content_hash,
      capturedAt: r.captured_at,
      listing: JSON.parse(r.data) as Listing,
    }));
  }

  async count(): Promise<number> {
    const { rows } = await this.conn.query<{ n: number }>('SELECT count(*) AS n FROM listings');
    return rows[0]?.n ?? 0;
  }
}
