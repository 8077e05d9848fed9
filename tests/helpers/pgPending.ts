import pg from 'pg';
import { ChainVerifier, type AuditEntry, type AuditRow } from '../../src/common/auditChain.js';
import type { Hit, Listing } from '../../src/model/index.js';
import type { AuditQuery, AuditRepository, Store } from '../../src/store/index.js';

/*
 * TEMPORARY stand-ins, for tests of the PostgreSQL workflow repositories on a branch where the repositories
 * they need for their fixtures (listings, hits, audit — ported by other helpers) still answer
 * `store.pg_unsupported`. Each is used only then: once the real repository is registered in pgStore.ts, the
 * tests run through it and this file can be deleted (with its two call sites in tests/workflow/workflowFixture.ts
 * and tests/store/pg/pgWorkflowRace.test.ts).
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

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Stores a new listing with one lead-tier hit and its finding, with the rows and the finding rule of
 * SqliteListingRepository.upsert + SqliteHitRepository.record (a whitelisted seller's finding arrives dismissed;
 * one of a seller with a lead for the right joins it). Returns the listing's pk and the finding's id.
 */
export function seedFlaggedRows(
  url: string,
  listing: Listing,
  hash: string,
  hit: Hit,
): Promise<{ listingPk: number; findingId: number }> {
  const now = new Date().toISOString();
  return withClient(url, async (c) => {
    await c.query('BEGIN');
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
    await c.query('COMMIT');
    return { listingPk, findingId: Number(f.rows[0]?.pk) };
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

/** The store's audit repository, or the reader above while PostgreSQL's is not ported. */
export function withAudit(store: Store, url: string | null): Store {
  if (url === null || ported(() => store.audit.list({ limit: 0 }))) return store;
  const reader = auditReader(url);
  const original = store.audit;
  const audit: AuditRepository = {
    append: (entry) => original.append(entry),
    all: (options) => original.all(options),
    list: reader.list,
    verify: reader.verify,
  };
  (store as { audit: AuditRepository }).audit = audit;
  return store;
}
