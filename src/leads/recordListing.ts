import { listingContentHash, type Hit, type Listing } from '../model/index.js';
import type { Store, UpsertStatus } from '../store/index.js';

export interface RecordOutcome {
  status: UpsertStatus;
  hits: number;
  newLeadIds: number[];
}

/**
 * Stores one captured listing and, when its content is new or changed, the hits computed for it, opening a
 * lead for each flagged hit. An unchanged listing is not matched again.
 */
export async function recordListing(
  store: Store,
  listing: Listing,
  match: (listing: Listing) => Hit[],
): Promise<RecordOutcome> {
  const hash = listingContentHash(listing);
  const { pk, status } = await store.listings.upsert(listing, hash);
  if (status === 'unchanged') return { status, hits: 0, newLeadIds: [] };
  const hits = match(listing);
  const { newLeadIds } = await store.hits.record(pk, hash, hits);
  return { status, hits: hits.length, newLeadIds };
}
