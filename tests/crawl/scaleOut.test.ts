import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMarketplace } from '../../src/marketplace/server.js';
import { loadWatchListFile } from '../../src/rights/watchListFile.js';
import { openPgStore } from '../../src/store/pg/pgStore.js';
import { openStore, type Store } from '../../src/store/index.js';
import { openTestStore, storeKinds, type OpenedTestStore } from '../helpers/pgStore.js';
import { crawlHarness, testConfig } from './crawlHarness.js';
import { maxInWindow, runSnapshot, startCli } from './scaleOutHelpers.js';

/*
 * Issue 17's must-show: `markwatch crawl --workers 4` (the coordinator and three `markwatch worker` children,
 * four processes crawling one run) against one store and the sample marketplace; one worker is killed with
 * SIGKILL once it has committed pages and holds leases (seen in its own log and in the store, not on a
 * timer). The run still completes and equals a single-process run of the same job: the same listings, hits
 * and findings per listing, one version each, no row committed twice; and the marketplace's request log
 * never shows the host over its rate.
 *
 * Both stores run the same body (the PostgreSQL half whenever the test server is available).
 */

const children: ChildProcess[] = [];
const opened: OpenedTestStore[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const o of opened.splice(0)) await o.cleanup();
});

const QUERIES = ['运动鞋', '耐克'];
const PLATFORMS = ['shopa', 'shopb'];
/** The marketplace's one host (both platforms): at most one request per MIN_DELAY_MS, 6 at once. */
const MIN_DELAY_MS = 30;
const HOST_CONCURRENCY = 6;

function jobArgs(): string[] {
  return [
    '--watchlist',
    'data/demo-watchlist.json',
    ...PLATFORMS.flatMap((p) => ['--platform', p]),
    '--budget',
    '300',
    '--concurrency',
    '2',
    ...QUERIES.flatMap((q) => ['--query', q]),
  ];
}

describe.each(storeKinds())('scale-out: 4 worker processes, one SIGKILLed [%s]', (kind) => {
  it(
    'loses nothing, commits nothing twice, equals a single-worker run, keeps the host under its rate',
    { timeout: 300_000 },
    async () => {
      const market = await startMarketplace({ listings: 3000, faults: { slowRate: 1, slowMs: 60 } });
      try {
        const target = await openTestStore(kind);
        opened.push(target);
        const site = { minDelayMs: MIN_DELAY_MS, concurrency: HOST_CONCURRENCY };
        const configFile = join(target.dataDir, 'config.json');
        writeFileSync(
          configFile,
          JSON.stringify({
            ...(target.url ? { store: { kind: 'postgres', url: target.url } } : {}),
            crawl: {
              sites: {
                shopa: { baseUrl: market.platforms.shopa, ...site },
                shopb: { baseUrl: market.platforms.shopb, ...site },
              },
              evidence: 'all',
              leaseMs: 5_000,
            },
          }),
        );
        await target.store.close(); // the processes open their own; this test reads through a new one

        const crawl = startCli(
          [
            '--data-dir',
            target.dataDir,
            '--config',
            configFile,
            'crawl',
            ...jobArgs(),
            '--workers',
            '4',
            '--json',
          ],
          children,
        );
        const reopen = (): Promise<Store> =>
          target.url ? openPgStore(target.url, target.dataDir, { poolSize: 2 }) : openStore(target.dataDir);
        const reader = await reopen();
        let victim: { pid: number; owner: string; killedAfter: number; heldLeases: number } | null = null;
        const killed = new Promise<void>((resolve, reject) => {
          const owners = new Map<number, string>();
          const listings = new Map<number, number>();
          let checking = false;
          crawl.onLine((line) => {
            const pid = typeof line.pid === 'number' ? line.pid : null;
            if (pid === null || victim) return;
            if (line.event === 'join') owners.set(pid, String(line.owner));
            if (line.event !== 'listing') return;
            const n = (listings.get(pid) ?? 0) + 1;
            listings.set(pid, n);
            const owner = owners.get(pid);
            if (n < 3 || !owner || checking) return;
            // The store decides: the worker must hold leases right now, so the kill leaves rows to recover.
            checking = true;
            void reader.frontier
              .entries(1)
              .then((rows) => {
                checking = false;
                const held = rows.filter((r) => r.state === 'leased' && r.leaseOwner === owner).length;
                if (victim || held === 0) return;
                victim = { pid, owner, killedAfter: n, heldLeases: held };
                process.kill(pid, 'SIGKILL');
                resolve();
              })
              .catch(reject);
          });
          void crawl.exited.then(() => {
            const seen = crawl.lines.map((l) => `${String(l.pid ?? '-')}:${String(l.event)}`);
            const counts = [...new Set(seen)].map((k) => `${k}×${seen.filter((x) => x === k).length}`);
            reject(new Error(`the run ended before a worker could be killed (lines: ${counts.join(' ')})`));
          });
        });
        await killed;
        const done = await crawl.exited;
        const scaleLog = market.requestLog();
        const summary = JSON.parse(done.stdout) as { status: string; runPk: number };
        expect(summary).toMatchObject({ status: 'ok', runPk: 1, failed: 0, blocked: 0 });
        expect(done.code).toBe(0);
        const joinedPids = new Set(crawl.lines.filter((l) => l.event === 'join').map((l) => l.pid));
        expect(joinedPids.size).toBe(3);
        const got = await runSnapshot(reader, 1);
        await reader.close();

        // The same job in one process, in another data directory, on the same marketplace.
        const ref = await crawlHarness(
          testConfig(
            join(target.dataDir, 'reference'),
            { shopa: market.platforms.shopa, shopb: market.platforms.shopb },
            { evidence: 'all' },
          ),
          loadWatchListFile('data/demo-watchlist.json'),
        );
        const refResult = await ref.run({
          platforms: PLATFORMS,
          queries: QUERIES,
          budget: 300,
          concurrency: 2,
          name: 'daily',
        });
        if (refResult.status === 'busy') throw new Error('busy');
        const expected = await runSnapshot(ref.store, refResult.stats.runPk);
        await ref.close();

        expect(victim).not.toBeNull();
        expect(expected.listings.length).toBeGreaterThan(30);
        expect(got.listings).toEqual(expected.listings);
        expect(got.versions).toBe(got.listings.length);
        expect(got.hits).toBe(expected.hits);
        expect(got.findingsPerListing).toEqual(expected.findingsPerListing);
        expect(got.tally.duplicateCommits).toBe(0);
        expect(got.tally.states.pending + got.tally.states.leased).toBe(0);
        expect(got.tally.states.done).toBe(expected.tally.states.done);

        // Politeness from the marketplace's own clock: never more than the minimum interval allows in any
        // second (+2 for jitter between a slot's grant in the store and the request's arrival).
        expect(scaleLog.length).toBeGreaterThan(got.listings.length);
        expect(maxInWindow(scaleLog, 1000)).toBeLessThanOrEqual(Math.floor(1000 / MIN_DELAY_MS) + 1 + 2);
      } finally {
        await market.close();
      }
    },
  );
});
