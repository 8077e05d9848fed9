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
    let calls = 0;
    const unsubscribe = store.frontier.onChange(() => calls++);
    // The listener starts listening asynchronously (a PostgreSQL LISTEN): add rows until one is heard.
    let n = 0;
    await vi.waitFor(
      async () => {
        await other.frontier.enqueue(runPk, [row(n++)]);
        expect(calls).toBeGreaterThan(0);
      },
      { timeout: 15_000, interval: 50 },
    );
    unsubscribe();
    const heard = calls;
    // Nothing listens now: a further change reaches nobody (the source is stopped, not merely filtered).
    await other.frontier.enqueue(runPk, [row(n++)]);
    const leased = await other.frontier.lease(runPk, OWNER, Date.now(), 60_000);
    expect(leased).not.toBeNull();
    await other.frontier.settle(leased!.id, OWNER, 'skipped', 'robots', 'test');
    expect(calls).toBe(heard);
  });
});

const pgIt = pgAdminUrl() ? it : it.skip;

describe('crawl_frontier notifications [postgres]', () => {
  pgIt('notify when a row becomes leasable or is finished, never when it is leased', async () => {
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
      // Run 1's row is leased (no notification); then run 2's row is leased and finished (one).
      expect(await store.frontier.lease(run1, OWNER, Date.now(), 60_000)).not.toBeNull();
      const second = await store.frontier.lease(run2, OWNER, Date.now(), 60_000);
      expect(second).not.toBeNull();
      await store.frontier.settle(second!.id, OWNER, 'skipped', 'robots', 'test');
      await run2Heard;
      // Notifications arrive in commit order: a lease's would have come first.
      expect(heard).toEqual([String(run2)]);
    } finally {
      await listener.end();
      await o.cleanup();
    }
  });
});
