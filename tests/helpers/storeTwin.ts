import { afterEach } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { errorCode } from '../../src/common/errors.js';
import type { PgExec } from '../../src/store/pg/pgDatabase.js';
import { openPgStore } from '../../src/store/pg/pgStore.js';
import type { OpenedTestStore } from './pgStore.js';

/*
 * A second connection to a test store (another process's view of the same database): the SQLite file opened
 * again, or a second pool on the same PostgreSQL database. Twins are closed after each test.
 */
export function useTwins(): (o: OpenedTestStore | undefined) => Promise<Store> {
  const twins: Store[] = [];
  afterEach(async () => {
    for (const t of twins.splice(0)) await t.close();
  });
  return async (o) => {
    if (!o) throw new Error('no store opened yet');
    const twin = o.url ? await openPgStore(o.url, o.dataDir, { poolSize: 4 }) : await openStore(o.dataDir);
    twins.push(twin);
    return twin;
  };
}

export interface FindingKey {
  platform: string;
  listingId: string;
  rightId: string | null;
  reason: string;
  review: string;
  leadId: number | null;
}

/**
 * The findings of a store, by key. Until the PostgreSQL findings repository is ported (another helper's part
 * of issue 17) they are read from its table directly on PostgreSQL.
 */
export async function findingKeys(store: Store): Promise<FindingKey[]> {
  try {
    return (await store.findings.list({ limit: 100_000 })).map((f) => ({
      platform: f.platform,
      listingId: f.listingId,
      rightId: f.rightId,
      reason: f.reason,
      review: f.review,
      leadId: f.leadId,
    }));
  } catch (err) {
    if (errorCode(err) !== 'store.pg_unsupported') throw err;
    const db = (store as unknown as { db: PgExec }).db;
    const { rows } = await db.query<FindingKey & Record<string, unknown>>(
      `SELECT l.platform, l.listing_id AS "listingId", nullif(f.right_key, '') AS "rightId", f.reason, f.review,
              f.lead_pk AS "leadId"
       FROM findings f JOIN listings l ON l.pk = f.listing_pk ORDER BY f.pk`,
    );
    return rows;
  }
}
