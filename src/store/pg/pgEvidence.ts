import type { Evidence } from '../../model/index.js';
import type { EvidenceRepository, NewEvidence } from '../repositories.js';
import type { PgConn } from './pgDatabase.js';

const SELECT = `SELECT e.pk AS id, l.platform, l.listing_id AS "listingId", e.kind, e.url, e.sha256, e.path, e.bytes,
                       e.content_type AS "contentType", e.captured_at AS "capturedAt"
                FROM evidence e JOIN listings l ON l.pk = e.listing_pk`;

/** Evidence records on PostgreSQL (the files themselves live in the evidence store). */
export class PgEvidenceRepository implements EvidenceRepository {
  constructor(private readonly conn: PgConn) {}

  async add(listingPk: number, e: Omit<NewEvidence, 'platform' | 'listingId'>): Promise<number> {
    const { rows } = await this.conn.query<{ pk: number }>(
      `INSERT INTO evidence (listing_pk, kind, url, sha256, path, bytes, content_type, captured_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING pk`,
      [listingPk, e.kind, e.url, e.sha256, e.path, e.bytes, e.contentType, e.capturedAt],
    );
    return rows[0]!.pk;
  }

  /** A page's evidence records in one statement (the crawl commit's hot path), in the given order. */
  async addAll(
    listingPk: number,
    list: readonly Omit<NewEvidence, 'platform' | 'listingId'>[],
  ): Promise<void> {
    if (list.length === 0) return;
    await this.conn.query(
      `INSERT INTO evidence (listing_pk, kind, url, sha256, path, bytes, content_type, captured_at)
       SELECT $1, kind, url, sha256, path, bytes, content_type, captured_at
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[])
            WITH ORDINALITY AS e(kind, url, sha256, path, bytes, content_type, captured_at, n)
       ORDER BY n`,
      [
        listingPk,
        list.map((e) => e.kind),
        list.map((e) => e.url),
        list.map((e) => e.sha256),
        list.map((e) => e.path),
        list.map((e) => e.bytes),
        list.map((e) => e.contentType),
        list.map((e) => e.capturedAt),
      ],
    );
  }

  async forListing(platform: string, listingId: string): Promise<Evidence[]> {
    const { rows } = await this.conn.query<Evidence & Record<string, unknown>>(
      `${SELECT} WHERE l.platform = $1 AND l.listing_id = $2 ORDER BY e.pk`,
      [platform, listingId],
    );
    return rows;
  }

  async get(id: number): Promise<Evidence | null> {
    const { rows } = await this.conn.query<Evidence & Record<string, unknown>>(`${SELECT} WHERE e.pk = $1`, [
      id,
    ]);
    return rows[0] ?? null;
  }
}
