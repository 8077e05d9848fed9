import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { startMarketplace } from '../../src/marketplace/server.js';
import { loadWatchListFile } from '../../src/rights/watchListFile.js';
import { openStore, type Store } from '../../src/store/index.js';
import { openPgStore } from '../../src/store/pg/pgStore.js';
import { createPgDatabase, storeKinds } from '../helpers/pgStore.js';
import { findingKeys } from '../helpers/storeTwin.js';
import { useTempDir } from '../helpers/tempDir.js';
import { crawlHarness, testConfig } from './crawlHarness.js';

/*
 * The crawl runs in a child process (the built CLI), is killed with SIGKILL mid-run, and a second process
 * resumes the same run. Compared with an uninterrupted crawl of the same job: the same listings, hits and
 * leads, every listing stored once (one version, committed once), nothing left pending. Synchronisation is
 * on the child's own log lines and exit, never on sleeps.
 */

const tempDir = useTempDir();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

const QUERIES = ['运动鞋', '耐克'];

function crawlArgs(dataDir: string, configFile: string): string[] {
  return [
    'bin/markwatch.js',
    'crawl',
    '--data-dir',
    dataDir,
    '--config',
    configFile,
    '--watchlist',
    'data/demo-watchlist.json',
    '--platform',
    'shopa',
    '--platform',
    'shopb',
    '--budget',
    '400',
    '--concurrency',
    '3',
    ...QUERIES.flatMap((q) => ['--query', q]),
    '--json',
  ];
}

/**
 * Starts the CLI; resolves `listings(n)` once n listings were committed (from its JSON log lines), or rejects
 * with its error output when it exits before.
 */
function startCrawl(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  children.push(child);
  let committed = 0;
  let errors = '';
  const waiters: { n: number; resolve: () => void; reject: (err: Error) => void }[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (!line.startsWith('{')) {
      errors += `${line}\n`;
      return;
    }
    if ((JSON.parse(line) as { event?: string }).event !== 'listing') return;
    committed++;
    for (const w of waiters.filter((x) => committed >= x.n)) w.resolve();
  });
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>(
    (resolve) =>
      child.on('exit', (code, signal) => {
        for (const w of waiters) w.reject(new Error(`crawl exited (${code ?? signal}): ${errors}`));
        resolve({ code, signal, stdout });
      }),
  );
  return {
    child,
    exited,
    listings: (n: number) => new Promise<void>((resolve, reject) => waiters.push({ n, resolve, reject })),
  };
}

async function snapshot(store: Store, runPk: number) {
  const entries = await store.frontier.entries(runPk);
  const listings: string[] = [];
  let versions = 0;
  let hits = 0;
  for (const e of entries.filter((x) => x.kind === 'item' && x.state === 'done')) {
    const stored = await store.listings.get(e.platform, e.itemId!);
    if (!stored) throw new Error(`done row ${e.id} without listing`);
    listings.push(`${e.platform}/${e.itemId}`);
    versions += (await store.listings.versions(e.platform, e.itemId!)).length;
    hits += (await store.hits.forListing(stored.pk)).length;
  }
  const leads = (await findingKeys(store)).map(
    (l) => `${l.platform}/${l.listingId}→${l.rightId}:${l.reason}`,
  );
  return {
    listings: listings.sort(),
    versions,
    hits,
    leads: leads.sort(),
    tally: await store.frontier.tally(runPk),
  };
}

// The CLI child processes reach PostgreSQL through MARKWATCH_STORE_URL, as a worker machine would.
describe.each(storeKinds())('resume after SIGKILL [%s]', (kind) => {
  it('loses no listing and processes none twice', { timeout: 180_000 }, async () => {
    const market = await startMarketplace({ listings: 3000, faults: { slowRate: 1, slowMs: 25 } });
    const pgDb = kind === 'postgres' ? await createPgDatabase() : null;
    const env = pgDb ? { ...process.env, MARKWATCH_STORE_URL: pgDb.url } : process.env;
    try {
      const killedDir = tempDir();
      const openKilled = () => (pgDb ? openPgStore(pgDb.url, killedDir) : openStore(killedDir));
      const configFile = join(killedDir, 'config.json');
      writeFileSync(
        configFile,
        JSON.stringify({
          crawl: {
            sites: { shopa: { baseUrl: market.platforms.shopa }, shopb: { baseUrl: market.platforms.shopb } },
            evidence: 'all',
          },
        }),
      );
      const first = startCrawl(crawlArgs(killedDir, configFile), env);
      await first.listings(12);
      first.child.kill('SIGKILL');
      const killed = await first.exited;
      expect(killed.signal).toBe('SIGKILL');

      const mid = await openKilled();
      const midTally = await mid.frontier.tally(1);
      await mid.close();
      expect(midTally.states.done).toBeGreaterThanOrEqual(12);
      expect(midTally.states.pending + midTally.states.leased).toBeGreaterThan(0);

      const second = startCrawl(crawlArgs(killedDir, configFile), env);
      const resumed = await second.exited;
      expect(resumed.code).toBe(0);
      const summary = JSON.parse(resumed.stdout) as { status: string; resumed: boolean; runPk: number };
      expect(summary).toMatchObject({ status: 'ok', resumed: true, runPk: 1 });

      // The same job, uninterrupted, in another data directory.
      const refDir = tempDir();
      const ref = await crawlHarness(
        testConfig(
          refDir,
          { shopa: market.platforms.shopa, shopb: market.platforms.shopb },
          { evidence: 'all' },
        ),
        loadWatchListFile('data/demo-watchlist.json'),
      );
      const refResult = await ref.run({
        platforms: ['shopa', 'shopb'],
        queries: QUERIES,
        budget: 400,
        concurrency: 3,
      });
      if (refResult.status === 'busy') throw new Error('busy');
      const expected = await snapshot(ref.store, refResult.stats.runPk);
      await ref.close();

      const store = await openKilled();
      const got = await snapshot(store, 1);
      const [run] = await store.runs.recent(1);
      await store.close();
      expect(expected.listings.length).toBeGreaterThan(20);
      expect(got.listings).toEqual(expected.listings);
      expect(got.versions).toBe(got.listings.length);
      expect(got.hits).toBe(expected.hits);
      expect(got.leads).toEqual(expected.leads);
      expect(got.tally.duplicateCommits).toBe(0);
      expect(got.tally.states.pending + got.tally.states.leased).toBe(0);
      expect(got.tally.states.done).toBe(expected.tally.states.done);
      expect(run).toMatchObject({ kind: 'crawl:daily', status: 'ok' });
    } finally {
      await market.close();
      await pgDb?.drop();
    }
  });
});
