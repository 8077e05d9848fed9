import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { CrawlScheduler } from '../../src/crawl/scheduler.js';
import { generationAt, lastEditEpoch } from '../../src/marketplace/dynamics.js';
import { parseListingId } from '../../src/marketplace/catalog/catalog.js';
import type { Store } from '../../src/store/index.js';
import { describeStores, type OpenedTestStore } from '../helpers/pgStore.js';
import { useTempDir } from '../helpers/tempDir.js';

async function blobBytes(store: Store, sha256: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of store.blobs.open(sha256)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
import { testJob } from './crawlHarness.js';
import { budgetFor, ourRequests, testBed, type Bed } from './marketplaceHarness.js';

const tempDir = useTempDir();
let bed: Bed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

const SEED = 2026;

/** A fresh store of the kind under test, and its data directory (where evidence files go). */
async function freshStore(
  open: () => Promise<Store>,
  opened: () => OpenedTestStore[],
): Promise<{ store: Store; dataDir: string }> {
  const store = await open();
  return { store, dataDir: opened().at(-1)!.dataDir };
}

describeStores('listing changes between runs', (open, _kind, opened) => {
  it(
    'keeps every version of an edited listing and links a relisting to the listing it replaces',
    { timeout: 120_000 },
    async () => {
      const rate = { editRate: 0.3, takedownRate: 0.25 };
      const { store: into, dataDir } = await freshStore(open, opened);
      bed = await testBed(dataDir, { faults: rate, crawl: { evidence: 'none' }, store: into });
      const { market, harness } = bed;
      const job = { platforms: ['shopa'], queries: ['运动鞋', '耐克'], budget: 200 };
      const first = await harness.run(job);
      if (first.status === 'busy') throw new Error('busy');
      const seen = (await harness.store.frontier.entries(first.stats.runPk))
        .filter((e) => e.kind === 'item' && e.state === 'done')
        .map((e) => parseListingId('shopa', e.itemId!)!.index);
      expect(seen.length).toBeGreaterThan(10);
      market.advanceEpoch();
      const second = await harness.run(job);
      if (second.status === 'busy') throw new Error('busy');
      const relisted = seen.filter((i) => generationAt(SEED, i, 1, rate.takedownRate) > 0);
      const edited = seen.filter(
        (i) =>
          generationAt(SEED, i, 1, rate.takedownRate) === 0 &&
          market.catalog.listingAt(i).kind === 'ordinary' &&
          lastEditEpoch(SEED, i, 1, rate.editRate) === 1,
      );
      expect(relisted.length + edited.length).toBeGreaterThan(0);
      expect(second.stats.listingsChanged).toBe(edited.length);
      expect(second.stats.relistings).toBe(relisted.length);
      expect(second.stats.listingsNew).toBe(relisted.length);
      for (const i of edited) {
        const id = market.catalog.listingAt(i).listing.id;
        const versions = await harness.store.listings.versions('shopa', id);
        expect(versions).toHaveLength(2);
        expect(versions[1]!.listing.title.startsWith(versions[0]!.listing.title)).toBe(true);
      }
      const relistEvents = harness.events.filter((e) => e.type === 'listing' && e.relistingOf);
      for (const e of relistEvents) {
        if (e.type !== 'listing') continue;
        const now = parseListingId('shopa', e.listingId)!;
        expect(parseListingId('shopa', e.relistingOf!)!.index).toBe(now.index);
        expect(now.generation).toBeGreaterThan(0);
      }
      // Unchanged listings are not matched again: only new and changed versions got hits recorded.
      expect(second.stats.listingsUnchanged).toBe(seen.length - relisted.length - edited.length);
    },
  );

  it(
    'records a taken-down listing as offline when its known URL is crawled again',
    { timeout: 120_000 },
    async () => {
      const rate = { takedownRate: 0.25 };
      const { store: into, dataDir } = await freshStore(open, opened);
      bed = await testBed(dataDir, { faults: rate, crawl: { evidence: 'none' }, store: into });
      const { market, harness } = bed;
      const first = await harness.run({ platforms: ['shopa'], queries: ['运动鞋', '耐克'], budget: 120 });
      if (first.status === 'busy') throw new Error('busy');
      const known = (await harness.store.frontier.entries(first.stats.runPk)).filter(
        (e) => e.kind === 'item' && e.state === 'done',
      );
      market.advanceEpoch();
      const gone = known.filter(
        (e) => generationAt(SEED, parseListingId('shopa', e.itemId!)!.index, 1, rate.takedownRate) > 0,
      );
      const live = known.filter((e) => !gone.includes(e));
      expect(gone.length).toBeGreaterThan(0);
      expect(live.length).toBeGreaterThan(0);
      // The marketplace's search hides taken-down items, so the check re-crawls the known item URLs: a run
      // whose frontier holds just those rows (left by a process that is gone) is resumed by the engine.
      const { store } = harness;
      const deadOwner = `${hostname()}/2147483646/gone`;
      const claim = await store.frontier.claimRun('recheck', deadOwner, Date.now(), 60_000, () => false);
      await store.frontier.savePlan(claim.runPk, {
        budgetPerPlatform: 0,
        multiplier: 1,
        periods: [],
        queries: [],
        dropped: 0,
      });
      await store.frontier.enqueue(
        claim.runPk,
        [...gone, ...live].map((e) => ({
          kind: 'item' as const,
          platform: e.platform,
          domain: e.domain,
          url: e.url,
          itemId: e.itemId,
          priority: 10,
        })),
      );
      const recheck = await harness.run({ name: 'recheck', platforms: ['shopa'] });
      if (recheck.status === 'busy') throw new Error('busy');
      expect(recheck.stats.resumed).toBe(true);
      expect(recheck.stats.offline).toBe(gone.length);
      expect(recheck.stats.errorsByClass.offline).toBe(gone.length);
      expect(recheck.stats.listingsUnchanged).toBe(live.length);
      expect(recheck.stats.failed).toBe(0);
      const rows = await store.frontier.entries(recheck.stats.runPk);
      expect(rows).toHaveLength(gone.length + live.length);
      for (const row of rows) {
        const wasGone = gone.some((g) => g.itemId === row.itemId);
        expect(row.state).toBe(wasGone ? 'skipped' : 'done');
      }
      const offlineEvents = harness.events.filter(
        (e) => e.type === 'failure' && e.errorClass === 'offline' && e.outcome === 'skipped',
      );
      expect(offlineEvents).toHaveLength(gone.length);
    },
  );
});

describeStores('evidence', (open, kind, opened) => {
  it(
    'stores HTML (gzip), response headers and capture record per listing, hash-verified, and a WARC per run',
    { timeout: 60_000 },
    async () => {
      const { store: into, dataDir } = await freshStore(open, opened);
      bed = await testBed(dataDir, { crawl: { evidence: 'all', warc: true }, store: into });
      const { market, harness } = bed;
      const result = await harness.run({
        platforms: ['shopa'],
        queries: ['耐克'],
        budget: budgetFor(market, 'shopa', '耐克'),
      });
      if (result.status === 'busy') throw new Error('busy');
      const items = (await harness.store.frontier.entries(result.stats.runPk)).filter(
        (e) => e.kind === 'item',
      );
      expect(items.length).toBeGreaterThan(3);
      for (const item of items) {
        const evidence = await harness.store.evidence.forListing('shopa', item.itemId!);
        expect(evidence.map((e) => e.kind).sort()).toEqual(['headers', 'html', 'manifest']);
        for (const e of evidence) {
          expect(e.path).toMatch(
            new RegExp(`^evidence/${e.sha256.slice(0, 2)}/${e.sha256.slice(2, 4)}/${e.sha256}`),
          );
          // Through the store's blobs: files under the data directory (SQLite), large objects (PostgreSQL).
          const bytes = await blobBytes(harness.store, e.sha256);
          if (kind === 'sqlite') {
            const stored = readFileSync(join(dataDir, e.path));
            expect(e.path.endsWith('.gz') ? gunzipSync(stored) : stored).toEqual(bytes);
          }
          expect(createHash('sha256').update(bytes).digest('hex')).toBe(e.sha256);
          expect(bytes.length).toBe(e.bytes);
          expect(e.capturedAt).toMatch(/Z$/);
        }
        const html = evidence.find((e) => e.kind === 'html')!;
        expect(html.contentType).toMatch(/gbk/i);
        const record = JSON.parse(
          (await blobBytes(harness.store, evidence.find((e) => e.kind === 'headers')!.sha256)).toString(
            'utf8',
          ),
        );
        expect(record).toMatchObject({
          platform: 'shopa',
          listingId: item.itemId,
          url: item.url,
          status: 200,
        });
        expect(record.capturedAtShanghai).toMatch(/\+08:00$/);
        expect(record.headers['content-type']).toMatch(/gbk/i);
        expect(record.artefacts[0]).toMatchObject({ kind: 'html', sha256: html.sha256 });
        // The manifest lists every other artefact of the capture with its hash; its own hash is its name.
        const manifestRow = evidence.find((e) => e.kind === 'manifest')!;
        const manifest = JSON.parse((await blobBytes(harness.store, manifestRow.sha256)).toString('utf8'));
        const others = evidence.filter((e) => e.kind !== 'manifest');
        expect(
          manifest.artefacts.map((a: { kind: string; sha256: string }) => `${a.kind}:${a.sha256}`).sort(),
        ).toEqual(others.map((e) => `${e.kind}:${e.sha256}`).sort());
        expect(manifest.identity).toMatchObject({
          platform: 'shopa',
          itemId: item.itemId,
          listingUrl: item.url,
        });
        expect(manifest.time.capturedAtShanghai).toMatch(/\+08:00$/);
        expect(manifest.integrity.trustedTimestamp.status).toBe('absent');
      }
      const warc = join(dataDir, 'warc', `run-${result.stats.runPk}.warc.gz`);
      expect(existsSync(warc)).toBe(true);
      const text = gunzipSync(readFileSync(warc)).toString('latin1');
      const responses = text.match(/WARC-Type: response/g) ?? [];
      expect(responses.length).toBe(result.stats.pages);
      expect(text).toContain(`WARC-Target-URI: ${items[0]!.url}`);
    },
  );
});

// The browser path's evidence differs from the HTTP path's in the fetcher only: one store kind suffices.
describe('evidence from the browser path', () => {
  it(
    'takes a full-page screenshot with images only for listings that hit (browser path)',
    { timeout: 120_000 },
    async () => {
      const dataDir = tempDir();
      bed = await testBed(dataDir, { crawl: { evidence: 'hits' } });
      const { market, harness } = bed;
      const result = await harness.run({
        platforms: ['shopc'],
        queries: ['耐克'],
        budget: 40,
        concurrency: 3,
      });
      if (result.status === 'busy') throw new Error('busy');
      const items = (await harness.store.frontier.entries(result.stats.runPk)).filter(
        (e) => e.kind === 'item',
      );
      let shots = 0;
      let flagged = 0;
      for (const item of items) {
        const stored = (await harness.store.listings.get('shopc', item.itemId!))!;
        const hits = await harness.store.hits.forListing(stored.pk);
        const evidence = await harness.store.evidence.forListing('shopc', item.itemId!);
        if (hits.some((h) => h.flagged)) {
          flagged++;
          const shot = evidence.find((e) => e.kind === 'screenshot')!;
          expect(shot.contentType).toBe('image/png');
          expect(readFileSync(join(dataDir, shot.path)).subarray(1, 4).toString()).toBe('PNG');
          expect(evidence.filter((e) => e.kind === 'html')).toHaveLength(2); // as received + rendered DOM
          const manifest = JSON.parse(
            readFileSync(join(dataDir, evidence.find((e) => e.kind === 'manifest')!.path), 'utf8'),
          );
          expect(manifest.artefacts.map((a: { kind: string }) => a.kind).sort()).toEqual([
            'headers',
            'html',
            'html',
            'screenshot',
          ]);
          expect(manifest.hits.length).toBeGreaterThan(0);
          shots++;
        } else {
          expect(evidence).toEqual([]);
        }
      }
      expect(flagged).toBeGreaterThan(0);
      expect(shots).toBe(flagged);
      // Product images were loaded for the evidence captures only.
      const images = ourRequests(market).filter((r) => r.path.startsWith('/shopc/img/'));
      expect(images.length).toBeGreaterThan(0);
      expect(images.length).toBeLessThanOrEqual(flagged * 2);
    },
  );
});

describe('scheduler', () => {
  it(
    'runs a job on its cron schedule and does not start it again while it runs',
    { timeout: 60_000 },
    async () => {
      bed = await testBed(tempDir(), { crawl: { evidence: 'none' } });
      const { harness } = bed;
      const job = testJob({ name: 'every-second', cron: '* * * * * *', queries: ['耐克'], budget: 30 });
      const skipped: string[] = [];
      let finishedRuns = 0;
      let cronRunFinished!: () => void;
      const cronRun = new Promise<void>((resolve) => (cronRunFinished = resolve));
      const scheduler = new CrawlScheduler(harness.runtime, [job], {
        skipped: (_job, reason) => skipped.push(reason),
        finished: () => {
          if (++finishedRuns === 2) cronRunFinished();
        },
      });
      const manual = scheduler.trigger('every-second');
      expect(scheduler.isRunning('every-second')).toBe(true);
      expect(await scheduler.trigger('every-second')).toBeNull();
      expect(skipped).toEqual(['still running in this process']);
      const result = await manual;
      expect(result?.status).toBe('ok');
      scheduler.start();
      await cronRun;
      await scheduler.stop();
      const runs = (await harness.store.runs.recent(10)).filter((r) => r.kind === 'crawl:every-second');
      expect(runs.length).toBeGreaterThanOrEqual(2);
      expect(runs.every((r) => r.status === 'ok' || r.status === 'running')).toBe(true);
    },
  );
});
