import { expect, it } from 'vitest';
import { listingContentHash, type Listing } from '../../src/model/index.js';
import { openFindings } from '../../src/leads/openFindings.js';
import { describeStores } from '../helpers/pgStore.js';
import { findingKeys } from '../helpers/storeTwin.js';

const listing: Listing = {
  id: 'x1',
  platform: 'shopa',
  url: 'http://127.0.0.1/shopa/item/x1',
  title: '耐克 运动鞋',
  price: 99,
  seller: { id: 's1', name: '某店' },
  capturedAt: '2026-11-01T00:00:00.000Z',
};

describeStores('listing repository', (open) => {
  it('keeps every version and reports new / unchanged / changed', async () => {
    const store = await open();
    expect((await store.listings.upsert(listing, listingContentHash(listing))).status).toBe('new');
    const later = { ...listing, capturedAt: '2026-11-02T00:00:00.000Z' };
    expect(listingContentHash(later)).toBe(listingContentHash(listing));
    expect((await store.listings.upsert(later, listingContentHash(later))).status).toBe('unchanged');
    const edited = { ...later, price: 59, capturedAt: '2026-11-03T00:00:00.000Z' };
    expect((await store.listings.upsert(edited, listingContentHash(edited))).status).toBe('changed');
    const versions = await store.listings.versions('shopa', 'x1');
    expect(versions.map((v) => v.listing.price)).toEqual([99, 59]);
    expect((await store.listings.get('shopa', 'x1'))?.lastSeenAt).toBe('2026-11-03T00:00:00.000Z');
  });

  it('opens one lead per flagged hit and never a duplicate', async () => {
    const store = await open();
    const hash = listingContentHash(listing);
    const { pk } = await store.listings.upsert(listing, hash);
    const hit = {
      listingId: 'x1',
      rightId: 'tm-naike',
      kind: 'trademark' as const,
      reason: 'trademark.counterfeit' as const,
      score: 0.9,
      flagged: true,
      rules: [{ rule: 'exact_name', field: 'title' as const, span: [0, 2] as [number, number], weight: 1 }],
    };
    const weak = { ...hit, rightId: 'tm-other', flagged: false, score: 0.2 };
    const first = await store.hits.record(pk, hash, [hit, weak], openFindings);
    expect(first.hitPks).toHaveLength(2);
    expect(first.newFindingIds).toHaveLength(1);
    const again = await store.hits.record(pk, hash, [hit], openFindings);
    expect(again.newFindingIds).toEqual([]);
    expect(await findingKeys(store)).toEqual([
      {
        platform: 'shopa',
        listingId: 'x1',
        rightId: 'tm-naike',
        reason: 'trademark.counterfeit',
        review: 'new',
        leadId: null,
      },
    ]);
    expect((await store.hits.forListing(pk))[0]?.rules[0]?.span).toEqual([0, 2]);
  });
});
