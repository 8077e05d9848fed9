import { afterEach, describe, expect, it } from 'vitest';
import { FAULT_PROFILES } from '../../src/marketplace/faults/faultSettings.js';
import { truthEntries } from '../../src/marketplace/generator.js';
import type { PlatformId } from '../../src/marketplace/platformIds.js';
import { useTempDir } from '../helpers/tempDir.js';
import { budgetFor, expectedIds, ourRequests, testBed, type Bed } from './marketplaceHarness.js';

/*
 * Issue 12: under the `flaky` profile (429s, 5xx bursts, slow and hanging answers, truncated pages, result
 * pages that repeat items) no listing the budget reaches may be lost, on any platform. One worker and the
 * marketplace's fixed seed make the fault sequence the same in every run, so a failure here reproduces.
 */

const tempDir = useTempDir();
let bed: Bed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

describe.each(['shopa', 'shopb', 'shopc'] as const)('%s under the flaky fault profile', (platform) => {
  it(
    'captures every listing the query reaches (planted ones included), each once',
    { timeout: 240_000 },
    async () => {
      bed = await testBed(tempDir(), {
        faults: { ...FAULT_PROFILES.flaky },
        // Above the profile's slow answers (1.5 s), well under a hang's wait.
        crawl: { evidence: 'none', timeoutMs: 4_000 },
      });
      const { market, harness } = bed;
      // 耐克 reaches planted cases on every platform; 茶 adds enough requests for every kind of fault.
      const queries = ['耐克', '茶'];
      const expected = [
        ...new Set(queries.flatMap((q) => expectedIds(market, platform as PlatformId, q))),
      ].sort();
      const planted = [...truthEntries(market.catalog, 0)]
        .filter((t) => t.platform === platform && expected.includes(t.listingId))
        .map((t) => t.listingId);
      expect(planted.length).toBeGreaterThan(0);
      const result = await harness.run({
        platforms: [platform],
        queries,
        // Room for every page of both queries (the planner splits it between them).
        budget: 2 * queries.reduce((n, q) => n + budgetFor(market, platform as PlatformId, q), 0),
        concurrency: 1,
      });
      if (result.status === 'busy') throw new Error('busy');
      // The faults did happen (else this test proves nothing) …
      const faulted = ourRequests(market).filter((r) => r.fault && r.fault !== 'slow');
      expect(faulted.length).toBeGreaterThan(0);
      // … and cost nothing: every listing stored, once, and the run says ok.
      const stored = (await harness.store.frontier.entries(result.stats.runPk))
        .filter((e) => e.kind === 'item' && e.state === 'done')
        .map((e) => e.itemId ?? '')
        .sort();
      expect(result.tally.failedByClass).toEqual({});
      expect(result.stats.errorsByClass.parse ?? 0).toBe(0);
      expect(stored).toEqual(expected);
      expect(planted.filter((id) => !stored.includes(id))).toEqual([]);
      expect(result.stats.listingsNew).toBe(expected.length);
      expect(result.tally.duplicateCommits).toBe(0);
      expect(result.status).toBe('ok');
    },
  );
});

describe('shopc when its data calls fail', () => {
  it(
    'retries a rendered page whose API call answered 429/5xx or JSON cut short, instead of calling it parse',
    { timeout: 240_000 },
    async () => {
      // Rates high enough that the app's own data calls fail often (the flaky test above may not hit one).
      bed = await testBed(tempDir(), {
        faults: { rate429: 0.15, retryAfterSec: 1, rate5xx: 0.05, burstLength: 1, truncateRate: 0.15 },
        crawl: { evidence: 'none', retries: 8 },
      });
      const { market, harness } = bed;
      const query = '耐克';
      const expected = expectedIds(market, 'shopc', query);
      const result = await harness.run({
        platforms: ['shopc'],
        queries: [query],
        budget: budgetFor(market, 'shopc', query),
        concurrency: 1,
      });
      if (result.status === 'busy') throw new Error('busy');
      const dataFaults = ourRequests(market).filter(
        (r) => r.path.includes('/api/') && ['429', '5xx', 'truncated'].includes(r.fault ?? ''),
      );
      expect(dataFaults.length).toBeGreaterThan(0);
      expect(result.stats.errorsByClass.parse ?? 0).toBe(0);
      const stored = (await harness.store.frontier.entries(result.stats.runPk))
        .filter((e) => e.kind === 'item' && e.state === 'done')
        .map((e) => e.itemId ?? '')
        .sort();
      expect(stored).toEqual(expected);
      expect(result.status).toBe('ok');
    },
  );
});
