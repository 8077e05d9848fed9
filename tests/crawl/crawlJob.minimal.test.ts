import { afterEach, describe, expect, it } from 'vitest';
import { startMinimalMarketplace, type RunningMarketplace } from '../../src/marketplace/minimalServer.js';
import { loadWatchListFile } from '../../src/rights/watchListFile.js';
import { useTempDir } from '../helpers/tempDir.js';
import { crawlHarness, testConfig, type Harness } from './crawlHarness.js';

const tempDir = useTempDir();
let market: RunningMarketplace | undefined;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  await market?.close();
  harness = market = undefined;
});

describe('crawl job against the thin-slice marketplace', () => {
  it('crawls, matches and records leads; a second run finds everything unchanged', async () => {
    market = await startMinimalMarketplace({ port: 0 });
    const rights = loadWatchListFile('data/demo-watchlist.json');
    harness = await crawlHarness(testConfig(tempDir(), { shopa: `${market.baseUrl}/shopa` }), rights);
    const first = await harness.run();
    if (first.status === 'busy') throw new Error('busy');
    expect(first.status).toBe('ok');
    expect(first.stats.listingsNew).toBeGreaterThan(0);
    expect(first.tally.duplicateCommits).toBe(0);
    const leads = await harness.store.leads.list();
    const got = leads.map((l) => `${l.listingId}→${l.rightId}`).sort();
    expect(got).toEqual(
      market
        .planted()
        .map((p) => `${p.listingId}→${p.rightId}`)
        .sort(),
    );
    const second = await harness.run();
    if (second.status === 'busy') throw new Error('busy');
    expect(second.stats.listingsNew).toBe(0);
    expect(second.stats.listingsUnchanged).toBe(first.stats.listingsNew);
    expect(second.stats.newLeads).toBe(0);
  });
});
