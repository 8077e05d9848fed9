import { expect, it } from 'vitest';
import { describeStores } from '../helpers/pgStore.js';

/* frontier.renewLeases: a worker's heartbeat extends its own live leases, and only those. */
const never = () => false;

describeStores('frontier.renewLeases', (open) => {
  it("extends the owner's leases only, so the sweep takes the others' expired rows and leaves its own", async () => {
    const store = await open();
    const t0 = 1_000_000;
    const claim = await store.frontier.claimRun('job', 'coordinator', t0, 60_000, never);
    if (claim.kind === 'busy') throw new Error('busy');
    const { runPk } = claim;
    await store.hosts.configure(
      'h:1',
      { maxConcurrency: 10, minIntervalMs: 0, bucketSize: 1e6, refillPerSec: 1e6 },
      0,
    );
    await store.frontier.enqueue(
      runPk,
      [1, 2, 3].map((n) => ({
        kind: 'search' as const,
        platform: 'shopa',
        domain: 'h:1',
        url: `http://h:1/s?p=${n}`,
        query: 'q',
      })),
    );
    const a1 = await store.frontier.lease(runPk, 'worker-a', t0, 1000);
    const a2 = await store.frontier.lease(runPk, 'worker-a', t0, 1000);
    const b = await store.frontier.lease(runPk, 'worker-b', t0, 1000);
    expect([a1, a2, b].every((e) => e !== null)).toBe(true);

    expect(await store.frontier.renewLeases(runPk, 'worker-a', t0 + 800, 1000)).toBe(2);
    // At t0 + 1500 worker-b's lease has lapsed; worker-a's runs to t0 + 1800.
    expect(await store.frontier.releaseStaleLeases(runPk, t0 + 1500, never)).toBe(1);
    const rows = await store.frontier.entries(runPk);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(a1!.id)).toMatchObject({ state: 'leased', leaseOwner: 'worker-a' });
    expect(byId.get(a2!.id)).toMatchObject({ state: 'leased', leaseOwner: 'worker-a' });
    expect(byId.get(b!.id)).toMatchObject({ state: 'pending' });
    // A lease already lost is not renewed back.
    expect(await store.frontier.renewLeases(runPk, 'worker-b', t0 + 1600, 1000)).toBe(0);
  });
});
