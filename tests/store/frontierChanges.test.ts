import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { FRONTIER_CHANNEL } from '../../src/store/pg/pgFrontierListen.js';
import { describeStores, openTestStore, pgAdminUrl } from '../helpers/pgStore.js';
import { useTwins } from '../helpers/storeTwin.js';

/*
 * An idle worker is woken when another process changes the frontier (issue 17): SQLite through
 * PRAGMA data_version, PostgreSQL through LISTEN and the crawl_frontier trigger.
 */
const OWNER = 'changes-test';
const never = () => false;

async function startRun(store: Store, job: string): Promise<number> {
  const claim = await store.frontier.claimRun(job, OWNER, Date.now(), 60_000, never);
  if (claim.kind === 'busy') throw new Error('busy');
  await store.hosts.configure(
    'h:1',
    { maxConcurrency: 10, minIntervalMs: 0, bucketSize: 1e6, refillPerSec: 1e6 },
    0,
  );
  return claim.runPk;
}

const row = (n: number) => ({
  kind: 'search' as const,
  platform: 'shopa',
  domain: 'h:1',
  url: `http://h:1/s?q=${n}`,
  query: 'q',
});

describeStores('frontier.onChange', (open, _kind, opened) => {
  const twin = useTwins();

  it('calls a listener when another connection adds rows, and no more once it unsubscribed', async () => {
    const store = await open();
    const other = await twin(opened().at(-1));
    const runPk = await startRun(other, 'job');
    let n = 0;
    // A listener starts listening asynchronously (a PostgreSQL LISTEN): rows are added until one is heard.
    const addRowsUntilHeard = (heard: () => number) =>
      vi.waitFor(
        async () => {
          await other.frontier.enqueue(runPk, [row(n++)]);
          expect(heard()).toBeGreaterThan(0);
        },
        { timeout: 15_000, interval: 50 },
      );
    let calls = 0;
    const unsubscribe = store.frontier.onChange(() => calls++);
    await addRowsUntilHeard(() => calls);
    unsubscribe();
    const heard = calls;
    // Changes go on, and a second listener hears them; the first, unsubscribed, hears nothing more.
    const leased = await other.frontier.lease(runPk, OWNER, Date.now(), 60_000);
    expect(leased).not.toBeNull();
    await other.frontier.release(leased!.id, OWNER);
    let later = 0;
    const stop = store.frontier.onChange(() => later++);
    await addRowsUntilHeard(() => later);
    stop();
    expect(calls).toBe(heard);
  });
});

const pgIt = pgAdminUrl() ? it : it.skip;

describe('crawl_frontier notifications [postgres]', () => {
  pgIt('notify when a row becomes leasable, never when one is leased or finished', async () => {
    const o = await openTestStore('postgres');
    const listener = new pg.Client({ connectionString: o.url! });
    try {
      const { store } = o;
      const run1 = await startRun(store, 'one');
      const run2 = await startRun(store, 'two');
      await store.frontier.enqueue(run1, [row(1)]);
      await store.frontier.enqueue(run2, [row(2)]);
      await listener.connect();
      const heard: string[] = [];
      let settled: (() => void) | undefined;
      const run2Heard = new Promise<void>((resolve) => (settled = resolve));
      listener.on('notification', (m) => {
        heard.push(m.payload ?? '');
        if (m.payload === String(run2)) settled?.();
      });
      await listener.query(`LISTEN ${FRONTIER_CHANNEL}`);
      // Run 1's row is leased and finished (no notification); then a row is added to run 2 (one).
      const first = await store.frontier.lease(run1, OWNER, Date.now(), 60_000);
      expect(first).not.toBeNull();
      await store.frontier.settle(first!.id, OWNER, 'skipped', 'robots', 'test');
      await store.frontier.enqueue(run2, [row(3)]);
      await run2Heard;
      // Notifications arrive in commit order: the lease's or the settle's would have come first.
      expect(heard).toEqual([String(run2)]);
    } finally {
      await listener.end();
      await o.cleanup();
    }
  });
});
