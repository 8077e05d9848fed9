import { afterAll, describe, expect, it } from 'vitest';
import { openFindings } from '../../../src/leads/openFindings.js';
import type { Listing } from '../../../src/model/index.js';
import {
  LeaseLostError,
  type FrontierEntry,
  type NewFrontierEntry,
  type Store,
} from '../../../src/store/index.js';
import { openPgStore } from '../../../src/store/pg/pgStore.js';
import { openTestStore, pgAdminUrl, type OpenedTestStore } from '../../helpers/pgStore.js';

/*
 * PostgreSQL under concurrency (issue 17): two stores (two pools, as two machines) on one database, each
 * firing many calls at once. Times are injected (`now`), so nothing here waits on the clock.
 */

const opened: OpenedTestStore[] = [];
const twins: Store[] = [];
afterAll(async () => {
  for (const t of twins.splice(0)) await t.close();
  for (const o of opened.splice(0)) await o.cleanup();
});

/** Two stores on one fresh database. */
async function pair(): Promise<[Store, Store]> {
  const o = await openTestStore('postgres', { poolSize: 8 });
  opened.push(o);
  const b = await openPgStore(o.url!, o.dataDir, { poolSize: 8 });
  twins.push(b);
  return [o.store, b];
}

const gone = () => false;
const unlimited = { bucketSize: 1e6, refillPerSec: 1e6 };

function item(domain: string, n: number): NewFrontierEntry {
  return {
    kind: 'item',
    platform: 'shopa',
    domain,
    url: `http://${domain}/item/${n}`,
    itemId: `${domain}-${n}`,
    query: 'q',
  };
}

function listing(id: string): Listing {
  return {
    id,
    platform: 'shopa',
    url: `http://h:1/item/${id}`,
    title: `标题 ${id}`,
    seller: { id: 's1', name: '店' },
    capturedAt: '2026-12-04T00:00:00.000Z',
  };
}

function commitOf(e: FrontierEntry, owner: string, id: string) {
  return {
    frontierId: e.id,
    owner,
    listing: listing(id),
    relistingKeys: [],
    contentHash: `h-${id}`,
    match: () => [],
    decideFindings: openFindings,
    evidence: [],
  };
}

describe.skipIf(!pgAdminUrl())('PostgreSQL frontier and politeness under concurrent workers', () => {
  it('two stores × many concurrent leases: no row twice, no host over its cap, nothing left behind', async () => {
    const [a, b] = await pair();
    const caps: Record<string, number> = { 'h:1': 3, 'h:2': 2 };
    for (const [domain, cap] of Object.entries(caps)) {
      await a.hosts.configure(domain, { maxConcurrency: cap, minIntervalMs: 0, ...unlimited }, 0);
    }
    const claim = await a.frontier.claimRun('race', 'o', 0, 60_000, gone);
    const rows = [...Array(20).keys()].flatMap((n) => [item('h:1', n), item('h:2', n)]);
    expect(await a.frontier.enqueue(claim.runPk, rows)).toBe(40);
    const seen = new Set<number>();
    let rounds = 0;
    for (;;) {
      const pendingBefore = await a.frontier.outstanding(claim.runPk);
      if (pendingBefore.pending === 0) break;
      rounds++;
      const calls = [...Array(12).keys()].flatMap((i) => [
        a.frontier.lease(claim.runPk, `A${i}`, 10, 60_000),
        b.frontier.lease(claim.runPk, `B${i}`, 10, 60_000),
      ]);
      const got = (await Promise.all(calls)).filter((e): e is FrontierEntry => e !== null);
      const byHost: Record<string, number> = {};
      for (const e of got) {
        expect(seen.has(e.id), `row ${e.id} leased twice`).toBe(false);
        seen.add(e.id);
        byHost[e.domain] = (byHost[e.domain] ?? 0) + 1;
      }
      // Every host is filled to its cap in each round (or to what it had left), never beyond.
      const left = (await a.frontier.entries(claim.runPk)).filter((e) => e.state !== 'skipped');
      for (const [domain, cap] of Object.entries(caps)) {
        const had = left.filter((e) => e.domain === domain).length;
        expect(byHost[domain] ?? 0, `${domain} in round ${rounds}`).toBe(Math.min(cap, had));
      }
      for (const e of got)
        await (e.leaseOwner!.startsWith('A') ? a : b).frontier.settle(
          e.id,
          e.leaseOwner!,
          'skipped',
          'robots',
          'x',
        );
    }
    expect(seen.size).toBe(40);
    expect(rounds).toBe(10); // h:1 needs 20/3 → 7 rounds, h:2 20/2 → 10
    expect((await a.frontier.tally(claim.runPk)).states.skipped).toBe(40);
  });

  it('concurrent acquire() on one host never grants two slots within the minimum interval', async () => {
    const [a, b] = await pair();
    await a.hosts.configure('h:1', { maxConcurrency: 8, minIntervalMs: 100, ...unlimited }, 0);
    // 60 workers asking at injected moments 1000, 1007, … 1413, in a scrambled order, on two pools.
    const moments = [...Array(60).keys()].map((i) => 1000 + ((i * 37) % 60) * 7);
    const answers = await Promise.all(
      moments.map(async (now, i) => ({ now, grant: await (i % 2 ? a : b).hosts.acquire('h:1', now) })),
    );
    const granted = answers
      .filter((x) => x.grant.granted)
      .map((x) => x.now)
      .sort((x, y) => x - y);
    expect(granted.length).toBeGreaterThan(0);
    for (let i = 1; i < granted.length; i++)
      expect(granted[i]! - granted[i - 1]!).toBeGreaterThanOrEqual(100);
    expect((await b.hosts.get('h:1'))?.nextAllowedAt).toBe(granted.at(-1)! + 100);
  });

  it('concurrent acquire() never takes more tokens than the bucket holds', async () => {
    const [a, b] = await pair();
    await a.hosts.configure(
      'h:1',
      { maxConcurrency: 8, minIntervalMs: 0, bucketSize: 5, refillPerSec: 0.001 },
      0,
    );
    const answers = await Promise.all(
      [...Array(30).keys()].map((i) => (i % 2 ? a : b).hosts.acquire('h:1', 0)),
    );
    expect(answers.filter((g) => g.granted)).toHaveLength(5);
    expect(answers.filter((g) => !g.granted && g.reason === 'tokens')).toHaveLength(25);
  });

  it('two processes claiming one job at once: one run starts, the others find it busy', async () => {
    const [a, b] = await pair();
    const claims = await Promise.all(
      [...Array(10).keys()].map((i) =>
        (i % 2 ? a : b).frontier.claimRun('nightly', `p${i}`, 0, 60_000, gone),
      ),
    );
    const fresh = claims.filter((c) => c.kind === 'new');
    expect(fresh).toHaveLength(1);
    expect(claims.filter((c) => c.kind === 'busy' && c.runPk === fresh[0]!.runPk)).toHaveLength(9);
  });

  it('an expired lease is re-leased by another owner; the first owner then commits nothing', async () => {
    const [a, b] = await pair();
    await a.hosts.configure('h:1', { maxConcurrency: 1, minIntervalMs: 0, ...unlimited }, 0);
    const { runPk } = await a.frontier.claimRun('j', 'A', 0, 1000, gone);
    await a.frontier.enqueue(runPk, [item('h:1', 1)]);
    const mine = (await a.frontier.lease(runPk, 'A', 0, 1000))!;
    // A heartbeat renews it: at 1500 it is not stale yet.
    expect(await a.frontier.heartbeat(runPk, 'A', 900, 1000)).toBe(true);
    expect(await b.frontier.releaseStaleLeases(runPk, 1500, gone)).toBe(0);
    expect(await b.frontier.lease(runPk, 'B', 1500, 1000)).toBeNull();
    // A stops renewing (SIGKILL): after 1900 the row goes back and B takes it.
    expect(await b.frontier.releaseStaleLeases(runPk, 2000, gone)).toBe(1);
    const theirs = (await b.frontier.lease(runPk, 'B', 2000, 1000))!;
    expect(theirs.id).toBe(mine.id);
    await expect(a.frontier.commitItem(commitOf(mine, 'A', '1'))).rejects.toBeInstanceOf(LeaseLostError);
    expect(await a.listings.get('shopa', '1')).toBeNull();
    await expect(a.frontier.completeSearch(mine.id, 'A', [item('h:1', 2)])).rejects.toBeInstanceOf(
      LeaseLostError,
    );
    expect((await b.frontier.commitItem(commitOf(theirs, 'B', '1'))).status).toBe('new');
    const tally = await b.frontier.tally(runPk);
    expect(tally.states).toMatchObject({ done: 1, pending: 0, leased: 0 });
    expect(tally.duplicateCommits).toBe(0);
    expect(await a.frontier.entries(runPk)).toHaveLength(1);
  });

  it('a late commit racing the sweep and re-lease: the row is done exactly once', async () => {
    const [a, b] = await pair();
    await a.hosts.configure('h:1', { maxConcurrency: 1, minIntervalMs: 0, ...unlimited }, 0);
    for (let round = 0; round < 8; round++) {
      const { runPk } = await a.frontier.claimRun(`j${round}`, 'A', 0, 1000, gone);
      await a.frontier.enqueue(runPk, [item('h:1', round)]);
      const mine = (await a.frontier.lease(runPk, 'A', 0, 1000))!;
      const id = `r${round}`;
      const [late, sweep] = await Promise.allSettled([
        a.frontier.commitItem(commitOf(mine, 'A', id)),
        (async () => {
          await b.frontier.releaseStaleLeases(runPk, 5000, gone);
          return b.frontier.lease(runPk, 'B', 5000, 1000);
        })(),
      ]);
      if (sweep.status === 'rejected') throw sweep.reason;
      const relet = sweep.value;
      if (late.status === 'fulfilled') {
        expect(relet, `round ${round}: committed and re-leased`).toBeNull();
      } else {
        expect(late.reason).toBeInstanceOf(LeaseLostError);
        expect(relet?.id).toBe(mine.id);
        await b.frontier.commitItem(commitOf(relet!, 'B', id));
      }
      const tally = await a.frontier.tally(runPk);
      expect(tally.states.done).toBe(1);
      expect(tally.duplicateCommits).toBe(0);
      expect(await a.listings.versions('shopa', id)).toHaveLength(1);
      await a.frontier.finishRun(runPk, 'A');
    }
  });

  it('the same listing stored by many workers at once: one new version, one finding, no key violation', async () => {
    const [a, b] = await pair();
    const l = listing('same');
    const upserts = await Promise.all(
      [...Array(12).keys()].map((i) => (i % 2 ? a : b).listings.upsert(l, 'h-same')),
    );
    expect(upserts.filter((u) => u.status === 'new')).toHaveLength(1);
    expect(new Set(upserts.map((u) => u.pk)).size).toBe(1);
    expect(await b.listings.versions('shopa', 'same')).toHaveLength(1);
    const pk = upserts[0]!.pk;
    const lead = {
      listingId: 'same',
      rightId: 'tm-a',
      kind: 'trademark' as const,
      reason: 'trademark.counterfeit' as const,
      score: 0.9,
      flagged: true,
      tier: 'lead' as const,
      rules: [],
    };
    const recorded = await Promise.all(
      [...Array(8).keys()].map((i) => (i % 2 ? a : b).hits.record(pk, 'h-same', [lead], openFindings)),
    );
    expect(recorded.flatMap((r) => r.newFindingIds)).toHaveLength(1);
    expect(await a.hits.forListing(pk)).toHaveLength(8);
  });

  it('result pages of one query completed at once never add rows beyond its budget', async () => {
    const [a, b] = await pair();
    await a.hosts.configure('h:1', { maxConcurrency: 8, minIntervalMs: 0, ...unlimited }, 0);
    const { runPk } = await a.frontier.claimRun('j', 'o', 0, 60_000, gone);
    const pages = [...Array(6).keys()].map((p) => ({
      kind: 'search' as const,
      platform: 'shopa',
      domain: 'h:1',
      url: `http://h:1/s?q=q&page=${p}`,
      query: 'q',
    }));
    await a.frontier.enqueue(runPk, pages);
    const leased = await Promise.all(pages.map((_, i) => a.frontier.lease(runPk, `w${i}`, 0, 60_000)));
    const limit = { platform: 'shopa', query: 'q', maxRows: 30 };
    const done = await Promise.all(
      leased.map((e, i) =>
        (i % 2 ? a : b).frontier.completeSearch(
          e!.id,
          `w${i}`,
          [...Array(10).keys()].map((n) => item('h:1', i * 100 + n)),
          limit,
        ),
      ),
    );
    expect(done.reduce((n, d) => n + d.inserted, 0)).toBe(24); // 30 − the 6 result pages
    expect(await b.frontier.queryRows(runPk, 'shopa', 'q')).toBe(30);
  });
});
