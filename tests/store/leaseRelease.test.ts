import { expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { describeStores } from '../helpers/pgStore.js';
import { withRaw, type RawSql } from '../helpers/rawSql.js';

/*
 * frontier.releaseLeases: a stopped coordinator's or worker's leases go back to pending at once, in one
 * statement, exactly the rows the stale-lease sweep at time 0 with only that owner gone released before.
 */
const never = () => false;
const t0 = 1_000_000;

/** Run `job` with rows leased by A (two), B, an owner later cleared, and one with its lease time cleared. */
async function leasedRun(store: Store, raw: RawSql, job: string) {
  const claim = await store.frontier.claimRun(job, 'coordinator', t0, 60_000, never);
  if (claim.kind === 'busy') throw new Error('busy');
  const { runPk } = claim;
  await store.hosts.configure(
    'h:1',
    { maxConcurrency: 20, minIntervalMs: 0, bucketSize: 1e6, refillPerSec: 1e6 },
    0,
  );
  await store.frontier.enqueue(
    runPk,
    [1, 2, 3, 4, 5, 6].map((n) => ({
      kind: 'search' as const,
      platform: 'shopa',
      domain: 'h:1',
      url: `http://h:1/${job}?p=${n}`,
      query: 'q',
    })),
  );
  const lease = async (owner: string) => (await store.frontier.lease(runPk, owner, t0, 1000))!.id;
  const ids = {
    a1: await lease('A'),
    a2: await lease('A'),
    b: await lease('B'),
    noOwner: await lease('C'),
    noLeaseTime: await lease('D'),
  };
  await raw.all('UPDATE crawl_frontier SET lease_owner = NULL WHERE id = ?', [ids.noOwner]);
  await raw.all('UPDATE crawl_frontier SET lease_until = NULL WHERE id = ?', [ids.noLeaseTime]);
  return { runPk, ids };
}

const states = async (store: Store, runPk: number) =>
  (await store.frontier.entries(runPk)).map((e) => ({
    id: e.id,
    state: e.state,
    leaseOwner: e.leaseOwner,
    leaseUntil: e.leaseUntil,
  }));

describeStores('frontier.releaseLeases', (open, _kind, opened) => {
  const fresh = withRaw(open, opened);

  it("returns the owner's leases of the run to pending, with rows naming no owner or lease time; others stay", async () => {
    const { store, raw } = await fresh();
    const { runPk, ids } = await leasedRun(store, raw, 'job');
    const other = await leasedRun(store, raw, 'other');

    expect(await store.frontier.releaseLeases(runPk, 'A')).toBe(4);
    const byId = new Map((await store.frontier.entries(runPk)).map((e) => [e.id, e]));
    for (const id of [ids.a1, ids.a2, ids.noOwner, ids.noLeaseTime]) {
      expect(byId.get(id)).toMatchObject({ state: 'pending', leaseOwner: null, leaseUntil: null });
    }
    expect(byId.get(ids.b)).toMatchObject({ state: 'leased', leaseOwner: 'B', leaseUntil: t0 + 1000 });
    // Another run's rows, A's among them, are not touched.
    const otherRows = new Map((await store.frontier.entries(other.runPk)).map((e) => [e.id, e]));
    expect(otherRows.get(other.ids.a1)).toMatchObject({ state: 'leased', leaseOwner: 'A' });
    expect(otherRows.get(other.ids.noOwner)).toMatchObject({ state: 'leased', leaseOwner: null });
    // Nothing of A's is left to release.
    expect(await store.frontier.releaseLeases(runPk, 'A')).toBe(0);
  });

  it('releases the very rows the stale-lease sweep at time 0 with only that owner gone releases', async () => {
    const one = await fresh();
    const two = await fresh();
    const a = await leasedRun(one.store, one.raw, 'job');
    const b = await leasedRun(two.store, two.raw, 'job');
    const released = await one.store.frontier.releaseLeases(a.runPk, 'A');
    const swept = await two.store.frontier.releaseStaleLeases(b.runPk, 0, (o) => o === 'A');
    expect(released).toBe(swept);
    expect(await states(one.store, a.runPk)).toEqual(await states(two.store, b.runPk));
  });
});
