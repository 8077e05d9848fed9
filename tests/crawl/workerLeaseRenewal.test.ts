import { describe, expect, it } from 'vitest';
import { runWorker } from '../../src/crawl/worker.js';
import { startMarketplace } from '../../src/marketplace/server.js';
import { loadWatchListFile } from '../../src/rights/watchListFile.js';
import { openStore } from '../../src/store/index.js';
import { useTempDir } from '../helpers/tempDir.js';
import { crawlHarness, testConfig, testRuntime } from './crawlHarness.js';

/*
 * A worker renews its own leases while its pages take long: every page here takes 7 s against a 3 s lease
 * (renewed every second), and the coordinator sweeps expired leases every second. A renewal would have to be
 * late by 2 s for the sweep to take a row. Without the worker's heartbeat its rows
 * would be swept, leased again and fetched twice.
 */
const tempDir = useTempDir();

describe('crawl worker lease renewal', () => {
  it(
    'keeps a worker slow page its own past the lease time: every page is fetched once',
    { timeout: 120_000 },
    async () => {
      const market = await startMarketplace({ listings: 2000, faults: { slowRate: 1, slowMs: 7000 } });
      const dir = tempDir();
      const config = testConfig(dir, { shopa: market.platforms.shopa }, { leaseMs: 3000 });
      const rights = loadWatchListFile('data/demo-watchlist.json');
      const coordinator = await crawlHarness(config, rights);
      const workerStore = await openStore(dir);
      const runtime = testRuntime(workerStore, config, rights);
      try {
        let workerPages = 0;
        const worker = runWorker(runtime, {
          signal: new AbortController().signal,
          job: 'test',
          pollMs: 20,
          concurrency: 2,
          onEvent: (e) => {
            if (e.type === 'page') workerPages++;
          },
        });
        const result = await coordinator.run({
          platforms: ['shopa'],
          queries: ['耐克'],
          budget: 5,
          concurrency: 1,
        });
        await worker;
        if (result.status === 'busy') throw new Error('busy');
        expect(result.status).toBe('ok');
        expect(workerPages).toBeGreaterThan(0);
        const pages = market
          .requestLog()
          .map((e) => e.path)
          .filter((p) => p.includes('/item/') || p.includes('/search'));
        expect(pages.length).toBeGreaterThanOrEqual(4);
        expect(pages.length).toBe(new Set(pages).size);
        expect(result.tally.duplicateCommits).toBe(0);
        expect(result.stats.failed).toBe(0);
      } finally {
        await runtime.close();
        await workerStore.close();
        await coordinator.close();
        await market.close();
      }
    },
  );
});
