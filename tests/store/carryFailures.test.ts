import { expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { describeStores } from '../helpers/pgStore.js';

/*
 * What the next run of a job retries: every failure no later run has carried yet (so a run of other
 * platforms in between loses nothing), and never a row at a host its platform no longer lives at.
 */
const OWNER = 'test-owner';
const never = () => false;

async function runWith(
  store: Store,
  rows: { platform: string; domain: string; path: string; kind?: 'search' | 'item'; fail?: boolean }[],
  carry: { platform: string; domain: string }[] = [],
): Promise<{ runPk: number; carried: number; urls: string[] }> {
  const claim = await store.frontier.claimRun('job', OWNER, Date.now(), 60_000, never);
  if (claim.kind === 'busy') throw new Error('busy');
  const { runPk } = claim;
  // Rows are leased only for configured hosts (the crawler configures each site's host at run start).
  for (const domain of new Set([...rows.map((r) => r.domain), ...carry.map((c) => c.domain), 'a:1', 'b:1'])) {
    await store.hosts.configure(
      domain,
      { maxConcurrency: 1, minIntervalMs: 0, bucketSize: 1e6, refillPerSec: 1e6 },
      0,
    );
  }
  const carried = await store.frontier.carryFailures(runPk, 'job', carry);
  await store.frontier.enqueue(
    runPk,
    rows.map((r) => ({
      kind: r.kind ?? 'search',
      platform: r.platform,
      domain: r.domain,
      url: `http://${r.domain}${r.path}`,
      query: 'q',
    })),
  );
  const urls: string[] = [];
  for (let e = await store.frontier.lease(runPk, OWNER, Date.now(), 60_000); e;) {
    urls.push(e.url);
    const row = rows.find((r) => `http://${r.domain}${r.path}` === e!.url);
    // Carried rows and rows marked to fail end failed; the rest are settled as skipped (not failures).
    const fails = e.carriedFrom !== null || row?.fail === true;
    await store.frontier.settle(e.id, OWNER, fails ? 'failed' : 'skipped', 'http_5xx', `${e.url}: 503`);
    e = await store.frontier.lease(runPk, OWNER, Date.now(), 60_000);
  }
  await store.frontier.finishRun(runPk, OWNER);
  return { runPk, carried, urls };
}

describeStores('carryFailures', (open) => {
  it('carries a failure past a run of other platforms, once, and not to a host the platform left', async () => {
    const store = await open();
    // Run 1: shopa and shopb each lose a page.
    await runWith(store, [
      { platform: 'shopa', domain: 'a:1', path: '/s?p=1', fail: true },
      { platform: 'shopb', domain: 'b:1', path: '/s?p=1', fail: true },
      { platform: 'shopb', domain: 'b:1', path: '/s?p=2' },
    ]);
    // Run 2 crawls shopa only, now at another port: its old row is at a host that is gone.
    const second = await runWith(
      store,
      [{ platform: 'shopa', domain: 'a:2', path: '/s?p=1' }],
      [{ platform: 'shopa', domain: 'a:2' }],
    );
    expect(second.carried).toBe(0);
    // Run 3 crawls shopb again: its page lost in run 1 is still owed, and is retried first.
    const third = await runWith(
      store,
      [{ platform: 'shopb', domain: 'b:1', path: '/s?p=3' }],
      [{ platform: 'shopb', domain: 'b:1' }],
    );
    expect(third.carried).toBe(1);
    expect(third.urls[0]).toBe('http://b:1/s?p=1');
    // Run 4: run 3's carried row failed again, so it is carried again — the run-1 row itself is settled.
    const fourth = await runWith(store, [], [{ platform: 'shopb', domain: 'b:1' }]);
    expect(fourth.urls).toEqual(['http://b:1/s?p=1']);
    const carriedRows = (await store.frontier.entries(fourth.runPk)).filter((e) => e.carriedFrom !== null);
    const thirdRows = await store.frontier.entries(third.runPk);
    expect(carriedRows.map((e) => e.carriedFrom)).toEqual(
      thirdRows.filter((e) => e.url === 'http://b:1/s?p=1').map((e) => e.id),
    );
  });
});
