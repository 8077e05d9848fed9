import pg from 'pg';
import { ChainVerifier, type AuditEntry, type AuditRow } from '../../src/common/auditChain.js';
import type { Hit, Listing } from '../../src/model/index.js';
import type { AuditQuery, AuditRepository, Store } from '../../src/store/index.js';
import { lockLeadKey } from '../../src/store/pg/pgLeads.js';

/*
 * TEMPORARY stand-ins, for tests of the PostgreSQL workflow repositories on a branch where the repositories
 * they need for their fixtures (listings, hits, evidence, audit, the crawl's — ported by other helpers) still
 * answer `store.pg_unsupported`. Each is used only then: once the real repository is registered in pgStore.ts,
 * the tests run through it, and this file can be deleted with its call sites (tests/workflow/workflowFixture.ts,
 * tests/store/sqliteDashboard.test.ts).
 */

/** Whether the repository's method answers, or is a not-yet-ported stand-in. */
export function ported(call: () => unknown): boolean {
  try {
    const result = call();
    if (result instanceof Promise) result.catch(() => undefined);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'store.pg_unsupported') return false;
    throw err;
  }
}

/** One small pool per database for the stand-ins (a connection per call made 300-listing tests crawl). */
const pools = new Map<string, pg.Pool>();

async function withClient<T>(url: string, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: 2 });
    // The database may be dropped under an idle connection at the end of a test file.
    pool.on('error', () => undefined);
    pools.set(url, pool);
  }
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

/** Closes the stand-ins' pool of the database (before it is dropped). */
export async function endPending(url: string): Promise<void> {
  const pool = pools.get(url);
  pools.delete(url);
  await pool?.end();
}

/**
 * Stores a new listing with one lead-tier hit and its finding, with the rows and the finding rule of
 * SqliteListingRepository.upsert + SqliteHitRepository.record (in one transaction, under the lead key's lock) (a whitelisted seller's finding arrives dismissed;
 * one of a seller with a lead for the right joins it). Returns the listing's pk and the finding's id.
 */
export function seedFlaggedRows(
  url: string,
  listing: Listing,
  hash: string,
  hit: Hit,
): Promise<{ listingPk: number; findingId: number }> {
  const now = new Date().toISOString();
  const insert = async (c: pg.PoolClient) => {
    const l = await c.query<{ pk: string }>(
      `INSERT INTO listings (platform, listing_id, url, title, seller_id, seller_name, content_hash, data,
                             first_seen_at, last_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING pk`,
      [
        listing.platform,
        listing.id,
        listing.url,
        listing.title,
        listing.seller.id,
        listing.seller.name,
        hash,
        JSON.stringify(listing),
        listing.capturedAt,
      ],
    );
    const listingPk = Number(l.rows[0]?.pk);
    const h = await c.query<{ pk: string }>(
      `INSERT INTO hits (listing_pk, content_hash, right_id, kind, reason, score, flagged, tier, rules, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9) RETURNING pk`,
      [listingPk, hash, hit.rightId, hit.kind, hit.reason, hit.score, hit.tier ?? null, '[]', now],
    );
    // As the crawl must (see lockLeadKey): a confirmation opening the seller's lead is waited for.
    await lockLeadKey(c, listing.platform, listing.seller.id, hit.rightId ?? '');
    const f = await c.query<{ pk: string }>(
      `INSERT INTO findings (listing_pk, hit_pk, right_key, kind, reason, score, review, dismiss_reason,
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
       RETURNING pk`,
      [listingPk, Number(h.rows[0]?.pk), hit.rightId ?? '', hit.kind, hit.reason, hit.score, now],
    );
    return { listingPk, findingId: Number(f.rows[0]?.pk) };
  };
  return withClient(url, async (c) => {
    await c.query('BEGIN');
    try {
      const result = await insert(c);
      await c.query('COMMIT');
      return result;
    } catch (err) {
      await c.query('ROLLBACK');
      throw err;
    }
  });
}

interface AuditDbRow {
  seq: string;
  at: string;
  actor: string;
  role: string;
  os_user: string;
  action: string;
  subject_type: string;
  subject_id: string;
  detail_json: string;
  prev_hash: string;
  hash: string;
}

function toEntry(r: AuditDbRow): AuditEntry {
  return {
    seq: Number(r.seq),
    at: r.at,
    actor: r.actor,
    role: r.role,
    osUser: r.os_user,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    detail: JSON.parse(r.detail_json) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Reads the audit chain of a PostgreSQL database: list (subject, limit) and verify, with the real verifier. */
export function auditReader(url: string): Pick<AuditRepository, 'list' | 'verify'> {
  const rows = (query: AuditQuery) =>
    withClient(url, async (c) => {
      const where: string[] = [];
      const values: unknown[] = [];
      if (query.subjectType !== undefined) where.push(`subject_type = $${values.push(query.subjectType)}`);
      if (query.subjectId !== undefined) where.push(`subject_id = $${values.push(query.subjectId)}`);
      const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const { rows } = await c.query<AuditDbRow>(
        `SELECT * FROM audit_log ${filter} ORDER BY seq LIMIT $${values.push(query.limit ?? null)}`,
        values,
      );
      return rows.map(toEntry);
    });
  return {
    list: (query = {}) => rows(query),
    verify: async () => {
      const verifier = new ChainVerifier();
      for (const entry of await rows({})) verifier.add(entry as AuditRow);
      return verifier.finish({});
    },
  };
}

/** `repository` with `method` replaced (the other methods as they are). */
function replaced<T extends object>(repository: T, method: string, standIn: unknown): T {
  return Object.assign(Object.create(repository) as T, { [method]: standIn });
}

/**
 * The store, with stand-ins for what the workflow services and tests read from repositories PostgreSQL does not
 * have yet: the audit log (list, verify), a listing (listings.get) and a listing's evidence (none is stored by
 * these tests). A ported repository is left as it is.
 */
export function withPending(store: Store, url: string | null): Store {
  if (url === null) return store;
  const s = store as { audit: AuditRepository; listings: Store['listings']; evidence: Store['evidence'] };
  if (!ported(() => store.audit.list({ limit: 0 }))) {
    const reader = auditReader(url);
    s.audit = replaced(replaced(store.audit, 'list', reader.list), 'verify', reader.verify);
  }
  if (!ported(() => store.listings.get('', ''))) {
    s.listings = replaced(store.listings, 'get', (platform: string, listingId: string) =>
      withClient(url, async (c) => {
        const { rows } = await c.query<{
          pk: string;
          data: string;
          content_hash: string;
          first_seen_at: string;
          last_seen_at: string;
        }>(
          `SELECT pk, data, content_hash, first_seen_at, last_seen_at FROM listings
           WHERE platform = $1 AND listing_id = $2`,
          [platform, listingId],
        );
        const r = rows[0];
        return r
          ? {
              pk: Number(r.pk),
              listing: JSON.parse(r.data) as Listing,
              contentHash: r.content_hash,
              firstSeenAt: r.first_seen_at,
              lastSeenAt: r.last_seen_at,
            }
          : null;
      }),
    );
  }
  if (!ported(() => store.evidence.forListing('', ''))) {
    s.evidence = replaced(store.evidence, 'forListing', async () => []);
  }
  return store;
}
