import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runWorker } from '../../src/crawl/worker.js';
import { startMarketplace } from '../../src/marketplace/server.js';
import { loadWatchListFile } from '../../src/rights/watchListFile.js';
import { openStore } from '../../src/store/index.js';
import { useTempDir } from '../helpers/tempDir.js';
import { crawlHarness, testConfig, testRuntime } from './crawlHarness.js';
import { startCli } from './scaleOutHelpers.js';

/*
 * `markwatch worker`: joins a run another process claimed, works its frontier under its own owner id, and on
 * stop (SIGTERM → abort) drains — it leases nothing more and leaves no lease behind — while the coordinator
 * finishes the run with nothing lost or done twice. Synchronised on the worker's own events.
 */

const tempDir = useTempDir();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

describe('crawl worker', () => {
  it(
    'joins a running run, drains on stop without leaving a lease, and the run completes once',
    {
      timeout: 180_000,
    },
    async () => {
      const market = await startMarketplace({ listings: 3000, faults: { slowRate: 1, slowMs: 40 } });
      const dir = tempDir();
      const config = testConfig(dir, { shopa: market.platforms.shopa, shopb: market.platforms.shopb });
      const rights = loadWatchListFile('data/demo-watchlist.json');
      const coordinator = await crawlHarness(config, rights);
      const workerStore = await openStore(dir);
      const runtime = testRuntime(workerStore, config, rights);
      try {
        const stop = new AbortController();
        let listings = 0;
        let owner = '';
        const worker = runWorker(runtime, {
          signal: stop.signal,
          pollMs: 20,
          concurrency: 2,
          onJoin: (_run, o) => (owner = o),
          onEvent: (e) => {
            if (e.type === 'listing' && ++listings === 3) stop.abort();
          },
        });
        const run = coordinator.run({
          platforms: ['shopa', 'shopb'],
          queries: ['运动鞋', '耐克'],
          budget: 200,
          concurrency: 1,
        });
        const summary = await worker;
        expect(summary.owner).toBe(owner);
        expect(summary.joins).toBe(1);
        expect(listings).toBeGreaterThanOrEqual(3);
        // Drained: nothing leased by the worker once it returned.
        const rows = await coordinator.store.frontier.entries(1);
        expect(rows.filter((r) => r.state === 'leased' && r.leaseOwner === owner)).toEqual([]);

        const result = await run;
        if (result.status === 'busy') throw new Error('busy');
        expect(result.status).toBe('ok');
        expect(result.tally.duplicateCommits).toBe(0);
        expect(result.tally.states.pending + result.tally.states.leased).toBe(0);
        expect(result.stats.listingsNew).toBeGreaterThan(listings);

        // The run has ended: a worker bound to it leaves at once; one bound to its job never joined.
        const again = await runWorker(runtime, { signal: new AbortController().signal, runPk: 1 });
        expect(again.joins).toBe(0);
        expect(await workerStore.frontier.runningRuns(0)).toEqual([]);
      } finally {
        await runtime.close();
        await workerStore.close();
        await coordinator.close();
        await market.close();
      }
    },
  );

  it(
    'markwatch worker exits 0 on SIGTERM when idle, after saying it is ready',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir();
      const configFile = join(dir, 'config.json');
      writeFileSync(configFile, JSON.stringify({}));
      const worker = startCli(
        ['--data-dir', dir, '--config', configFile, 'worker', '--json', '--poll-ms', '50'],
        children,
      );
      await new Promise<void>((resolve) =>
        worker.onLine((l) => {
          if (l.event === 'ready') resolve();
        }),
      );
      worker.child.kill('SIGTERM');
      const exit = await worker.exited;
      expect(exit.code).toBe(0);
      expect(JSON.parse(exit.stdout)).toMatchObject({ status: 'stopped', joins: 0, pages: 0 });
    },
  );
});
