import { expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { openPgStore } from '../../src/store/pg/pgStore.js';
import { describeStores, type OpenedTestStore } from '../helpers/pgStore.js';

/** A second connection to the same database (another machine's process, as far as the store can tell). */
async function secondConnection(o: OpenedTestStore): Promise<Store> {
  return o.url ? openPgStore(o.url, o.dataDir, { poolSize: 4 }) : openStore(o.dataDir);
}

describeStores('leader leases', (open, _kind, opened) => {
  it('takes a free lease, renews its own, refuses another owner until it lapses', async () => {
    const store = await open();
    expect(await store.leader.holder('scheduler')).toBeNull();
    expect(await store.leader.acquire('scheduler', 'a', 1_000, 500)).toBe(true);
    expect(await store.leader.acquire('scheduler', 'b', 1_200, 500)).toBe(false);
    expect(await store.leader.acquire('scheduler', 'a', 1_400, 500)).toBe(true); // renewed to 1 900
    expect(await store.leader.acquire('scheduler', 'b', 1_899, 500)).toBe(false);
    expect(await store.leader.holder('scheduler')).toEqual({ name: 'scheduler', owner: 'a', untilMs: 1_900 });
    expect(await store.leader.acquire('scheduler', 'b', 1_900, 500)).toBe(true); // lapsed: b takes over
    expect(await store.leader.acquire('scheduler', 'a', 2_000, 500)).toBe(false);
    // Roles are independent.
    expect(await store.leader.acquire('other', 'a', 2_000, 500)).toBe(true);
  });

  it('release hands the role over at once, and only the holder can release', async () => {
    const store = await open();
    await store.leader.acquire('scheduler', 'a', 0, 10_000);
    await store.leader.release('scheduler', 'b');
    expect(await store.leader.acquire('scheduler', 'b', 1, 10_000)).toBe(false);
    await store.leader.release('scheduler', 'a');
    expect(await store.leader.acquire('scheduler', 'b', 2, 10_000)).toBe(true);
  });

  it('of many contenders on two connections racing for a lapsed lease, exactly one wins', async () => {
    const store = await open();
    const other = await secondConnection(opened().at(-1)!);
    try {
      for (let round = 0; round < 5; round++) {
        const now = 10_000 * (round + 1);
        const owners = Array.from({ length: 8 }, (_, i) => `r${round}-${i}`);
        const won = await Promise.all(
          owners.map((o, i) => (i % 2 === 0 ? store : other).leader.acquire('scheduler', o, now, 5_000)),
        );
        expect(won.filter(Boolean)).toHaveLength(1);
        const holder = await other.leader.holder('scheduler');
        expect(holder?.owner).toBe(owners[won.indexOf(true)]);
      }
    } finally {
      await other.close();
    }
  });
});
