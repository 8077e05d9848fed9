import { afterEach, describe, expect, it } from 'vitest';
import type { CrawlJobConfig } from '../../src/config/schema.js';
import type { CrawlJobResult, CrawlRuntime } from '../../src/crawl/job.js';
import { LeaderLease } from '../../src/crawl/leaderLease.js';
import type { Clock } from '../../src/crawl/politeness.js';
import { CrawlScheduler } from '../../src/crawl/scheduler.js';
import { openStore, type Store } from '../../src/store/index.js';
import { useTempDir } from '../helpers/tempDir.js';

/*
 * Exactly one scheduler fires cron jobs: two schedulers (two "machines": two connections to one store) each
 * with the scheduler lease; only the holder's due jobs start, and when it dies (stops renewing, no release)
 * the other takes over once the lease has lapsed. Time is an injected clock; nothing sleeps.
 */

const tempDir = useTempDir();
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

function fakeClock(start = 1_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: async () => undefined,
    advance: (ms) => (now += ms),
  };
}

const job: CrawlJobConfig = {
  name: 'daily',
  cron: '0 3 * * *',
  timezone: 'Asia/Shanghai',
  platforms: ['shopa'],
  budget: 10,
  concurrency: 1,
  enabled: true,
};

function scheduler(store: Store, clock: Clock, owner: string, started: string[]) {
  const leader = new LeaderLease(store.leader, clock, { name: 'scheduler', owner, ttlMs: 30_000 });
  const runtime = { clock, store } as unknown as CrawlRuntime;
  const s = new CrawlScheduler(
    runtime,
    [{ ...job, enabled: false }],
    {},
    {},
    {
      leader,
      runJob: async (_rt, j) => {
        started.push(`${owner}:${j.name}`);
        return { status: 'busy', job: j.name, runPk: 0, owner } as CrawlJobResult;
      },
    },
  );
  return { s, leader };
}

describe('scheduler leader lease', () => {
  it('only the lease holder fires due jobs; a dead holder is replaced after its lease lapses', async () => {
    const dir = tempDir();
    const [one, two] = [await openStore(dir), await openStore(dir)];
    stores.push(one, two);
    const clock = fakeClock();
    const started: string[] = [];
    const a = scheduler(one, clock, 'host-a/1/aa', started);
    const b = scheduler(two, clock, 'host-b/2/bb', started);

    expect(await a.leader.tick()).toBe(true);
    expect(await b.leader.tick()).toBe(false);
    await a.s.due('daily');
    await b.s.due('daily');
    expect(started).toEqual(['host-a/1/aa:daily']);

    // a renews within its lease: b still cannot take over.
    clock.advance(20_000);
    expect(await a.leader.tick()).toBe(true);
    clock.advance(20_000);
    expect(await b.leader.tick()).toBe(false);

    // a dies (no renewal, no release). Until its lease lapses nobody fires; then b does.
    clock.advance(9_999);
    expect(await b.leader.tick()).toBe(false);
    await b.s.due('daily');
    expect(started).toHaveLength(1);
    clock.advance(1);
    expect(await b.leader.tick()).toBe(true);
    // a, had it survived cut off from the store, no longer believes it leads either.
    expect(a.leader.isLeader()).toBe(false);
    await a.s.due('daily');
    await b.s.due('daily');
    expect(started).toEqual(['host-a/1/aa:daily', 'host-b/2/bb:daily']);
    expect(await a.leader.tick()).toBe(false);
  });

  it('a clean stop releases the role at once', async () => {
    const dir = tempDir();
    const [one, two] = [await openStore(dir), await openStore(dir)];
    stores.push(one, two);
    const clock = fakeClock();
    const a = scheduler(one, clock, 'host-a/1/aa', []);
    const b = scheduler(two, clock, 'host-b/2/bb', []);
    expect(await a.leader.tick()).toBe(true);
    await a.s.stop();
    expect(await b.leader.tick()).toBe(true);
    expect((await two.leader.holder('scheduler'))?.owner).toBe('host-b/2/bb');
  });

  it('without a lease a scheduler fires as before', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    stores.push(store);
    const started: string[] = [];
    const s = new CrawlScheduler(
      { clock: fakeClock(), store } as unknown as CrawlRuntime,
      [job],
      {},
      {},
      {
        runJob: async (_rt, j) => {
          started.push(j.name);
          return { status: 'busy', job: j.name, runPk: 0, owner: 'x' } as CrawlJobResult;
        },
      },
    );
    expect(s.isLeader()).toBe(true);
    await s.due('daily');
    expect(started).toEqual(['daily']);
  });
});
