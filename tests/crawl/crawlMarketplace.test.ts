import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformId } from '../../src/marketplace/platformIds.js';
import { useTempDir } from '../helpers/tempDir.js';
import {
  budgetFor,
  crawlQuery,
  expectedIds,
  ourRequests,
  robotsRule,
  testBed,
  type Bed,
} from './marketplaceHarness.js';

const tempDir = useTempDir();
let bed: Bed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

async function storedIds(b: Bed, platform: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await b.harness.store.frontier.entries(1)) {
    if (e.kind === 'item' && e.platform === platform && e.state === 'done' && e.itemId) out.push(e.itemId);
  }
  return out.sort();
}

describe.each([
  ['shopa', 'http'],
  ['shopb', 'http'],
  ['shopc', 'browser'],
] as const)('crawling %s (%s path) against the sample marketplace', (platform, mode) => {
  it(
    'stores every listing the query finds, as the platform shows it, once',
    { timeout: 120_000 },
    async () => {
      bed = await testBed(tempDir(), { crawl: { evidence: 'none' } });
      const { market, harness } = bed;
      const query = '耐克';
      const expected = expectedIds(market, platform as PlatformId, query);
      expect(expected.length).toBeGreaterThan(3);
      const result = await harness.run({
        platforms: [platform],
        queries: [query],
        budget: budgetFor(market, platform as PlatformId, query),
        concurrency: mode === 'browser' ? 3 : 4,
      });
      if (result.status === 'busy') throw new Error('busy');
      expect(result.stats.errorsByClass).toEqual({});
      expect(result.tally.duplicateCommits).toBe(0);
      expect(await storedIds(bed, platform)).toEqual(expected);
      expect(result.stats.listingsNew).toBe(expected.length);
      for (const id of expected.slice(0, 5)) {
        const stored = await harness.store.listings.get(platform, id);
        const truth = market.catalog.listingAt(Number(id.slice(2))).listing;
        expect(stored?.listing).toMatchObject({ id, title: truth.title, price: truth.price });
        expect(stored?.listing.seller.id).toBe(truth.seller.id);
      }
    },
  );
});

describe('politeness against the sample marketplace', () => {
  it(
    'respects robots.txt (no disallowed path requested, skips recorded) and keeps the Crawl-delay',
    { timeout: 60_000 },
    async () => {
      const disallow = ['/shopa/cart/', '/*/api/notices', '/shopa/item/10000002', '/shopa/item/10000004'];
      bed = await testBed(tempDir(), { faults: { robots: { crawlDelay: 0.3, disallow } } });
      const { market, harness } = bed;
      const query = '耐克';
      const result = await crawlQuery(bed, 'shopa', query);
      const requests = ourRequests(market);
      const rules = disallow.map(robotsRule);
      expect(requests[0]?.path).toBe('/robots.txt');
      expect(requests.filter((r) => rules.some((rule) => rule.test(r.path)))).toEqual([]);
      const skipped = (await harness.store.frontier.entries(result.stats.runPk)).filter(
        (e) => e.state === 'skipped',
      );
      expect(skipped.length).toBe(result.stats.skippedRobots);
      expect(skipped.every((e) => rules.some((rule) => rule.test(new URL(e.url).pathname)))).toBe(true);
      const expected = expectedIds(market, 'shopa', query);
      const disallowedExpected = expected.filter((id) =>
        rules.some((rule) => rule.test(`/shopa/item/${id}`)),
      );
      expect(skipped.length).toBe(disallowedExpected.length);
      expect(result.stats.errorsByClass).toEqual(skipped.length ? { robots: skipped.length } : {});
      // Crawl-delay 0.3 s: consecutive requests at least 300 ms apart (arrival times; small clock slack).
      const gaps = requests.slice(1).map((r, i) => r.time - (requests[i]?.time ?? 0));
      expect(requests.length).toBeGreaterThan(5);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(295);
    },
  );

  it(
    'honours 429 with Retry-After for the whole host and still gets every listing',
    { timeout: 90_000 },
    async () => {
      bed = await testBed(tempDir(), { faults: { rate429: 0.25, retryAfterSec: 1 }, crawl: { retries: 8 } });
      const { market } = bed;
      const query = '耐克';
      const result = await crawlQuery(bed, 'shopb', query);
      const requests = ourRequests(market);
      const limited = requests.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(result.stats.errorsByClass.http_429).toBe(limited.length);
      // Requests already on the wire may still arrive just after a 429; none is sent after it is seen
      // until Retry-After (1 s) has passed, whichever worker holds the next page.
      for (const r of limited) {
        expect(requests.filter((x) => x.time > r.time + 150 && x.time < r.time + 990)).toEqual([]);
      }
      expect(await storedIds(bed, 'shopb')).toEqual(expectedIds(market, 'shopb', query));
    },
  );

  it(
    'detects the captcha page, cools the host down, rotates the session and finishes',
    { timeout: 90_000 },
    async () => {
      bed = await testBed(tempDir(), {
        faults: { block: { maxRequests: 4, windowMs: 1000, blockMs: 500 } },
        crawl: { blockCooldownMs: 700 },
      });
      const { market, harness } = bed;
      const query = '耐克';
      const result = await crawlQuery(bed, 'shopa', query);
      const requests = ourRequests(market);
      const captchas = requests.filter((r) => r.fault === 'captcha');
      expect(captchas.length).toBeGreaterThan(0);
      expect(result.stats.errorsByClass.blocked).toBe(captchas.length);
      // After a captcha is seen the host is left alone for the cool-down (0.7 s), by every worker.
      for (const c of captchas) {
        expect(requests.filter((x) => x.time > c.time + 150 && x.time < c.time + 690)).toEqual([]);
      }
      expect(await storedIds(bed, 'shopa')).toEqual(expectedIds(market, 'shopa', query));
      const rotated = (await harness.store.frontier.entries(result.stats.runPk)).filter(
        (e) => e.sessionRotations > 0,
      );
      expect(rotated.length).toBeGreaterThan(0);
    },
  );

  it(
    'survives 5xx bursts, truncated pages and hanging connections, recording each error class',
    { timeout: 120_000 },
    async () => {
      bed = await testBed(tempDir(), {
        faults: { rate5xx: 0.08, burstLength: 2, truncateRate: 0.1, hangRate: 0.03 },
        crawl: { timeoutMs: 800, retries: 8 },
      });
      const { market } = bed;
      const query = '耐克';
      const result = await crawlQuery(bed, 'shopa', query);
      const requests = ourRequests(market);
      const count = (f: string) => requests.filter((r) => r.fault === f).length;
      expect(count('5xx') + count('truncated') + count('hang')).toBeGreaterThan(0);
      expect(result.stats.errorsByClass.http_5xx ?? 0).toBe(count('5xx'));
      expect(result.stats.errorsByClass.truncated ?? 0).toBe(count('truncated'));
      expect(result.stats.errorsByClass.timeout ?? 0).toBe(count('hang'));
      expect(await storedIds(bed, 'shopa')).toEqual(expectedIds(market, 'shopa', query));
      expect(result.tally.duplicateCommits).toBe(0);
    },
  );

  it(
    'stores each listing once when result pages repeat items of the previous page',
    { timeout: 90_000 },
    async () => {
      bed = await testBed(tempDir(), { listings: 6000, faults: { duplicateRate: 1, duplicateCount: 3 } });
      const { market } = bed;
      const query = '茶';
      const expected = expectedIds(market, 'shopb', query);
      expect(expected.length).toBeGreaterThan(60);
      const result = await crawlQuery(bed, 'shopb', query);
      expect(ourRequests(market).filter((r) => r.fault === 'duplicate').length).toBeGreaterThan(0);
      expect(await storedIds(bed, 'shopb')).toEqual(expected);
      expect(result.stats.listingsNew).toBe(expected.length);
      expect(result.tally.duplicateCommits).toBe(0);
    },
  );
});
