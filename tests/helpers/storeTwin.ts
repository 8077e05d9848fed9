import { afterEach } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
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

/** The findings of a store, by key (through the findings repository, on either store). */
export async function findingKeys(store: Store): Promise<FindingKey[]> {
  return (await store.findings.list({ limit: 100_000 })).map((f) => ({
    platform: f.platform,
    listingId: f.listingId,
    rightId: f.rightId,
    reason: f.reason,
    review: f.review,
    leadId: f.leadId,
  }));
}
