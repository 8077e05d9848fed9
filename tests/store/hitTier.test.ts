import { describe, expect, it } from 'vitest';
import { describeStores } from '../helpers/pgStore.js';
import { join } from 'node:path';
import { openFindings } from '../../src/leads/openFindings.js';
import { listingContentHash, type Hit, type Listing } from '../../src/model/index.js';
import { loadMigrations, migrate, openDatabase } from '../../src/store/index.js';
import { useTempDir } from '../helpers/tempDir.js';

/* Issue 13: hits keep their tier in the store, and only leads open leads. */

const tempDir = useTempDir();

const listing: Listing = {
  id: 'x1',
  platform: 'shopa',
  url: 'http://127.0.0.1/shopa/item/x1',
  title: '耐克 运动鞋 海外代购',
  seller: { id: 's1', name: '某店' },
  capturedAt: '2026-11-01T00:00:00Z',
};

const hit = (rightId: string, reason: Hit['reason'], tier?: Hit['tier']): Hit => ({
  listingId: 'x1',
  rightId,
  kind: 'trademark',
  reason,
  score: 0.5,
  flagged: tier === 'lead',
  ...(tier ? { tier } : {}),
  rules: [],
});

describeStores('hit tiers in the store', (open) => {
  it('stores and reads the tier; a watch signal opens no lead', async () => {
    const store = await open();
    const hash = listingContentHash(listing);
    const { pk } = await store.listings.upsert(listing, hash);
    const result = await store.hits.record(
      pk,
      hash,
      [
        hit('tm-a', 'trademark.counterfeit', 'lead'),
        hit('tm-b', 'trademark.grey_channel', 'watch'),
        hit('tm-c', 'trademark.use'),
      ],
      openFindings,
    );
    expect(result.newFindingIds).toHaveLength(1);
    const stored = await store.hits.forListing(pk);
    expect(stored.map((h) => [h.rightId, h.flagged, h.tier ?? null])).toEqual([
      ['tm-a', true, 'lead'],
      ['tm-b', false, 'watch'],
      ['tm-c', false, null],
    ]);
    expect(stored[2]).not.toHaveProperty('tier');
  });
});

describe('the SQLite hit tier migration', () => {
  it('the migration gives hits stored before tiers the tier lead when flagged, none otherwise', () => {
    const file = join(tempDir(), 'old.db');
    const db = openDatabase(file);
    try {
      const all = loadMigrations();
      const before = all.filter((m) => m.name < '0300_hit_tier.sql');
      expect(before.length).toBeLessThan(all.length);
      migrate(db, before);
      db.prepare(
        `INSERT INTO listings (platform, listing_id, url, title, seller_id, seller_name, content_hash, data,
           first_seen_at, last_seen_at) VALUES ('shopa', 'x1', 'u', 't', 's', 'n', 'h', '{}', 'now', 'now')`,
      ).run();
      const insert = db.prepare(
        `INSERT INTO hits (listing_pk, content_hash, right_id, kind, reason, score, flagged, rules, created_at)
         VALUES (1, 'h', ?, 'trademark', ?, 0.5, ?, '[]', 'now')`,
      );
      insert.run('tm-a', 'trademark.counterfeit', 1);
      insert.run('tm-b', 'trademark.use', 0);
      expect(migrate(db)).toContain('0300_hit_tier.sql');
      expect(db.prepare('SELECT right_id, tier FROM hits ORDER BY pk').all()).toEqual([
        { right_id: 'tm-a', tier: 'lead' },
        { right_id: 'tm-b', tier: null },
      ]);
      expect(() => db.prepare("UPDATE hits SET tier = 'maybe' WHERE pk = 1").run()).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });
});
