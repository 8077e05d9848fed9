import type { FaultSettings } from '../../src/marketplace/faults/faultSettings.js';
import type { PlatformId } from '../../src/marketplace/platformIds.js';
import { startMarketplace } from '../../src/marketplace/server.js';
import { loadWatchListFile } from '../../src/rights/watchListFile.js';
import type { CrawlJobConfig } from '../../src/config/schema.js';
import type { Store } from '../../src/store/index.js';
import { crawlHarness, testConfig, type Harness } from './crawlHarness.js';

export type Marketplace = Awaited<ReturnType<typeof startMarketplace>>;

export interface Bed {
  market: Marketplace;
  harness: Harness;
  close(): Promise<void>;
}

/** The sample marketplace with some faults, and a crawl harness pointed at it. */
export async function testBed(
  dataDir: string,
  options: {
    listings?: number;
    faults?: Partial<FaultSettings>;
    crawl?: Record<string, unknown>;
    /** The store to crawl into (default: a SQLite store in `dataDir`). */
    store?: Store;
  } = {},
): Promise<Bed> {
  const market = await startMarketplace({ listings: options.listings ?? 1500, faults: options.faults ?? {} });
  const rights = loadWatchListFile('data/demo-watchlist.json');
  const harness = await crawlHarness(
    testConfig(dataDir, market.platforms, options.crawl),
    rights,
    options.store ? { store: options.store } : {},
  );
  return {
    market,
    harness,
    close: async () => {
      await harness.close();
      await market.close();
    },
  };
}

/** Item ids a query finds on a platform (what a complete crawl of that query must store). */
export function expectedIds(market: Marketplace, platform: PlatformId, query: string): string[] {
  return [...market.catalog.search(platform, query)]
    .map((i) => market.catalog.listingAt(i).listing.id)
    .sort();
}

/** Rows needed to crawl a query completely: every item plus every result page. */
export function budgetFor(market: Marketplace, platform: PlatformId, query: string): number {
  const n = market.catalog.search(platform, query).length;
  return n + Math.ceil(n / 20) + 1;
}

/** Crawls one query completely on one platform; fails the test if the job was busy. */
export async function crawlQuery(
  bed: Bed,
  platform: PlatformId,
  query: string,
  job: Partial<CrawlJobConfig> = {},
) {
  const result = await bed.harness.run({
    platforms: [platform],
    queries: [query],
    budget: budgetFor(bed.market, platform, query),
    ...job,
  });
  if (result.status === 'busy') throw new Error(`job busy: run ${result.runPk}`);
  return result;
}

/** Requests our crawler made (the test bed's only client), oldest first. */
export function ourRequests(market: Marketplace) {
  return market.requestLog().filter((r) => r.client.includes('markwatch'));
}

/** A robots.txt path rule (prefix with `*` wildcards, `$` end anchor) as a RegExp. */
export function robotsRule(rule: string): RegExp {
  const body = rule
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body.endsWith('\\$') ? `${body.slice(0, -2)}$` : body}`);
}
