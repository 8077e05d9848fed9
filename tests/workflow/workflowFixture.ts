import { onTestFinished } from 'vitest';
import { openFindings } from '../../src/leads/openFindings.js';
import { listingContentHash, type Hit, type Listing } from '../../src/model/index.js';
import { openStore, type Store, type WorkflowActor } from '../../src/store/index.js';
import { openPgStore } from '../../src/store/pg/pgStore.js';
import { createPgDatabase, type StoreKind } from '../helpers/pgStore.js';

/**
 * A store with flagged listings: each `listed` call stores a listing of a seller and its lead-tier hit. `kind`
 * 'postgres' opens a new PostgreSQL database (dropped when the test ends; `url` for a second connection) with `dir`
 * as its data directory.
 */
export async function workflowStore(dir: string, kind: StoreKind = 'sqlite') {
  clock = START;
  let store: Store;
  let url: string | null = null;
  if (kind === 'sqlite') {
    store = await openStore(dir);
  } else {
    const db = await createPgDatabase();
    url = db.url;
    const pgStore = await openPgStore(db.url, dir, { poolSize: 4 });
    onTestFinished(async () => {
      await pgStore.close();
      await db.drop();
    });
    store = pgStore;
  }
  let n = 0;
  const listed = async (
    seller: string,
    options: { rightId?: string; title?: string; price?: number; sales?: number } = {},
  ): Promise<number> => {
    n++;
    const listing: Listing = {
      id: `L${n}`,
      platform: 'shopa',
      url: `https://shop.example/item/L${n}`,
      title: options.title ?? `耐克 运动鞋 高仿 ${n}`,
      price: options.price ?? 99,
      sales: options.sales ?? 10,
      seller: { id: seller, name: `${seller} 店`, regionCode: '330106' },
      capturedAt: '2026-11-01T00:00:00Z',
    };
    const hash = listingContentHash(listing);
    const hit: Hit = {
      listingId: listing.id,
      rightId: options.rightId ?? 'tm-naike',
      kind: 'trademark',
      reason: 'trademark.counterfeit',
      score: 0.9,
      flagged: true,
      tier: 'lead',
      rules: [],
    };
    const { pk } = await store.listings.upsert(listing, hash);
    const { newFindingIds } = await store.hits.record(pk, hash, [hit], openFindings);
    return newFindingIds[0] ?? 0;
  };
  return { store, listed, url };
}

const START = Date.parse('2026-12-01T00:00:00Z');
let clock = START;
/** A staff actor; each call is one minute later (from the start again for each new store). */
export function staff(actor = 'staff-1'): WorkflowActor {
  clock += 60_000;
  return { actor, role: 'staff', osUser: 'tester', at: new Date(clock).toISOString() };
}
