import { describe, expect, it } from 'vitest';
import { listingContentHash, type Listing } from '../../src/model/index.js';
import { openStore } from '../../src/store/index.js';
import { useTempDir } from '../helpers/tempDir.js';
import { openFindings } from '../../src/leads/openFindings.js';

const tempDir = useTempDir();

const listing: Listing = {
  id: 'x1',
  platform: 'shopa',
  url: 'http://127.0.0.1/shopa/item/x1',
  title: '耐克 运动鞋',
  price: 99,
  seller: { id: 's1', name: '某店' },
  capturedAt: '2026-11-01T00:00:00.000Z',
};

describe('listing repository', () => {
  it('keeps every version and reports new / unchanged / changed', async () => {
    const store = await openStore(tempDir());
    expect((await store.listings.upsert(listing, listingContentHash(listing))).status).toBe('new');
    const later = { ...listing, capturedAt: '2026-11-02T00:00:00.000Z' };
    expect(listingContentHash(later)).toBe(listingContentHash(listing));
    expect((await store.listings.upsert(later, listingContentHash(later))).status).toBe('unchanged');
    const edited = { ...later, price: 59, capturedAt: '2026-11-03T00:00:00.000Z' };
    expect((await store.listings.upsert(edited, listingContentHash(edited))).status).toBe('changed');
    const versions = await store.listings.versions('shopa', 'x1');
    expect(versions.map((v) => v.listing.price)).toEqual([99, 59]);
    expect((await store.listings.get('shopa', 'x1'))?.lastSeenAt).toBe('2026-11-03T00:00:00.000Z');
    await store.close();
  });

  it('opens one lead per flagged hit and never a duplicate', async () => {
    const store = await openStore(tempDir());
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
    const leads = await store.findings.list();
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({
      listingId: 'x1',
      rightId: 'tm-naike',
      review: 'new',
      leadId: null,
      title: '耐克 运动鞋',
    });
    expect((await store.hits.forListing(pk))[0]?.rules[0]?.span).toEqual([0, 2]);
    await store.close();
  });
});
