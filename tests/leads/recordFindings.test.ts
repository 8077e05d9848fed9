import { describe, expect, it } from 'vitest';
import { openFindings } from '../../src/leads/openFindings.js';
import { listingContentHash, type DecideFindings, type Hit, type Listing } from '../../src/model/index.js';
import { openStore } from '../../src/store/index.js';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir();

const listing: Listing = {
  id: 'x1',
  platform: 'shopa',
  url: 'http://127.0.0.1/shopa/item/x1',
  title: '耐克 运动鞋',
  seller: { id: 's1', name: '某店' },
  capturedAt: '2026-11-01T00:00:00Z',
};

const hit = (rightId: string, reason: Hit['reason'], flaggedHit = true): Hit => ({
  listingId: 'x1',
  rightId,
  kind: 'trademark',
  reason,
  score: 0.9,
  flagged: flaggedHit,
  rules: [],
});

describe('the store persists what the lead rule decides', () => {
  it('hands the rule the flagged hits with their stored keys and the listing’s existing leads', async () => {
    const store = await openStore(tempDir());
    const hash = listingContentHash(listing);
    const { pk } = await store.listings.upsert(listing, hash);
    const seen: Parameters<DecideFindings>[] = [];
    const spy: DecideFindings = (flagged, existing) => {
      seen.push([flagged, existing]);
      return openFindings(flagged, existing);
    };
    const first = await store.hits.record(
      pk,
      hash,
      [hit('tm-a', 'trademark.counterfeit'), hit('tm-b', 'trademark.use', false)],
      spy,
    );
    expect(seen[0]?.[0]).toEqual([
      {
        hitPk: first.hitPks[0],
        rightId: 'tm-a',
        kind: 'trademark',
        reason: 'trademark.counterfeit',
        score: 0.9,
      },
    ]);
    expect(seen[0]?.[1]).toEqual([]);
    expect(first.newFindingIds).toHaveLength(1);

    const second = await store.hits.record(
      pk,
      hash,
      [hit('tm-a', 'trademark.counterfeit'), hit('tm-a', 'trademark.evasion')],
      spy,
    );
    expect(seen[1]?.[1]).toEqual([{ rightId: 'tm-a', reason: 'trademark.counterfeit' }]);
    expect(second.newFindingIds).toHaveLength(1);
    expect((await store.findings.list()).map((l) => l.reason).sort()).toEqual([
      'trademark.counterfeit',
      'trademark.evasion',
    ]);
    await store.close();
  });

  it('rolls back the hits too when a rule opens the same lead twice (the UNIQUE key guards the rule)', async () => {
    const store = await openStore(tempDir());
    const hash = listingContentHash(listing);
    const { pk } = await store.listings.upsert(listing, hash);
    const twice: DecideFindings = (flagged) => [...flagged, ...flagged];
    await expect(store.hits.record(pk, hash, [hit('tm-a', 'trademark.counterfeit')], twice)).rejects.toThrow(
      /UNIQUE/,
    );
    expect(await store.hits.forListing(pk)).toEqual([]);
    expect(await store.findings.list()).toEqual([]);
    await store.close();
  });
});
