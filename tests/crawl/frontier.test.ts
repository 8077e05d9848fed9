import { expect, it } from 'vitest';
import type { Hit, Listing } from '../../src/model/index.js';
import type { NewFrontierEntry, Store } from '../../src/store/index.js';
import { openFindings } from '../../src/leads/openFindings.js';
import { describeStores } from '../helpers/pgStore.js';
import { findingKeys, useTwins } from '../helpers/storeTwin.js';

/* The frontier and host politeness contract, on SQLite and PostgreSQL; "across connections" = a twin store. */
const twin = useTwins();

const gone = () => false;

function item(n: number, extra: Partial<NewFrontierEntry> = {}): NewFrontierEntry {
  return {
    kind: 'item',
    platform: 'shopa',
    domain: 'h:1',
    url: `http://h:1/shopa/item/${n}`,
    itemId: String(n),
    query: 'q',
    ...extra,
  };
}

function listing(id: string, title = `标题 ${id}`): Listing {
  return {
    id,
    platform: 'shopa',
    url: `http://h:1/shopa/item/${id}`,
    title,
    seller: { id: 's1', name: '店' },
    capturedAt: '2026-11-23T04:00:00.000Z',
  };
}

const hit = (listingId: string): Hit => ({
  listingId,
  rightId: 'tm-naike',
  kind: 'trademark',
  reason: 'trademark.counterfeit',
  score: 0.9,
  flagged: true,
  rules: [{ rule: 'test', weight: 0.9 }],
});

async function configured(store: Store, maxConcurrency = 10) {
  await store.hosts.configure(
    'h:1',
    { maxConcurrency, minIntervalMs: 0, bucketSize: 100, refillPerSec: 100 },
    0,
  );
}

describeStores('frontier runs', (open, _kind, opened) => {
  it('claims a job once: a live owner makes it busy, a gone owner lets the next process resume', async () => {
    const a = await open();
    const b = await twin(opened().at(-1));
    const first = await a.frontier.claimRun('daily', 'host/1/a', 1000, 60_000, gone);
    expect(first.kind).toBe('new');
    const busy = await b.frontier.claimRun('daily', 'host/2/b', 2000, 60_000, gone);
    expect(busy).toEqual({ kind: 'busy', runPk: first.runPk, owner: 'host/1/a' });
    const resumed = await b.frontier.claimRun('daily', 'host/2/b', 2000, 60_000, (o) => o === 'host/1/a');
    expect(resumed).toEqual({ kind: 'resume', runPk: first.runPk, previousOwner: 'host/1/a' });
    // An expired heartbeat also frees the job.
    const expired = await a.frontier.claimRun('daily', 'host/3/c', 1_000_000, 60_000, gone);
    expect(expired.kind).toBe('resume');
  });
});

describeStores('frontier rows', (open, _kind, opened) => {
  it('dedups by canonical URL and by item id within a run, and keeps to a query budget', async () => {
    const store = await open();
    const { runPk } = await store.frontier.claimRun('j', 'o', 0, 60_000, gone);
    expect(await store.frontier.enqueue(runPk, [item(1), item(2)])).toBe(2);
    // Same URL again; same item id under another URL (a tracking parameter the profile keeps).
    expect(await store.frontier.enqueue(runPk, [item(1), item(9, { itemId: '2' })])).toBe(0);
    expect(
      await store.frontier.enqueue(runPk, [item(3), item(4), item(5)], {
        platform: 'shopa',
        query: 'q',
        maxRows: 4,
      }),
    ).toBe(2);
    // Another run samples the same URLs again.
    await store.frontier.finishRun(runPk, 'o');
    const next = await store.frontier.claimRun('j', 'o', 0, 60_000, gone);
    expect(await store.frontier.enqueue(next.runPk, [item(1)])).toBe(1);
  });

  it('never leases more rows of a host than its concurrency cap, across connections', async () => {
    const a = await open();
    const b = await twin(opened().at(-1));
    await configured(a, 2);
    const { runPk } = await a.frontier.claimRun('j', 'o', 0, 60_000, gone);
    await a.frontier.enqueue(
      runPk,
      [1, 2, 3, 4].map((n) => item(n)),
    );
    expect(await a.frontier.lease(runPk, 'A', 10, 1000)).not.toBeNull();
    expect(await b.frontier.lease(runPk, 'B', 10, 1000)).not.toBeNull();
    expect(await b.frontier.lease(runPk, 'B', 10, 1000)).toBeNull();
    expect(await a.frontier.lease(runPk, 'A', 10, 1000)).toBeNull();
    // Once A's leases lapse (process died), B may take more.
    expect(await b.frontier.releaseStaleLeases(runPk, 2000, gone)).toBe(2);
    expect(await b.frontier.lease(runPk, 'B', 2000, 1000)).not.toBeNull();
  });

  it('leases items before further result pages and respects next_attempt_at', async () => {
    const store = await open();
    await configured(store);
    const { runPk } = await store.frontier.claimRun('j', 'o', 0, 60_000, gone);
    await store.frontier.enqueue(runPk, [
      {
        kind: 'search',
        platform: 'shopa',
        domain: 'h:1',
        url: 'http://h:1/s?page=2',
        query: 'q',
        priority: 0,
      },
      item(1, { priority: 10 }),
    ]);
    const first = await store.frontier.lease(runPk, 'o', 0, 1000);
    expect(first?.kind).toBe('item');
    await store.frontier.retry(first!.id, 'o', {
      nextAttemptAt: 500,
      errorClass: 'http_5xx',
      message: 'x',
      spend: 'retry',
    });
    expect((await store.frontier.lease(runPk, 'o', 100, 1000))?.kind).toBe('search');
    expect(await store.frontier.lease(runPk, 'o', 100, 1000)).toBeNull();
    const again = await store.frontier.lease(runPk, 'o', 600, 1000);
    expect(again).toMatchObject({ kind: 'item', attempts: 1 });
    expect(await store.frontier.outstanding(runPk)).toEqual({ pending: 0, leased: 2, nextDueAt: null });
  });

  it('commits listing, hits, leads, evidence and the done mark together; a lost lease rolls all back', async () => {
    const store = await open();
    await configured(store);
    const { runPk } = await store.frontier.claimRun('j', 'o', 0, 60_000, gone);
    await store.frontier.enqueue(runPk, [item(1), item(2)]);
    const row1 = (await store.frontier.lease(runPk, 'A', 0, 1000))!;
    const evidence = [
      {
        kind: 'html' as const,
        url: 'u',
        sha256: 'a'.repeat(64),
        path: 'p',
        bytes: 1,
        contentType: 'text/html',
        capturedAt: '2026-11-23T04:00:00.000Z',
      },
    ];
    const result = await store.frontier.commitItem({
      frontierId: row1.id,
      owner: 'A',
      listing: listing('1'),
      relistingKeys: [],
      contentHash: 'h1',
      match: (l) => [hit(l.id)],
      decideFindings: openFindings,
      evidence,
    });
    expect(result).toMatchObject({ status: 'new', hits: 1, flaggedHits: 1, evidence: 1 });
    expect(result.newFindingIds).toHaveLength(1);
    // Row 2: leased by A, swept (A presumed dead) and re-leased by B; A's late commit must change nothing.
    const row2 = (await store.frontier.lease(runPk, 'A', 0, 1000))!;
    await store.frontier.releaseStaleLeases(runPk, 0, (o) => o === 'A');
    const row2b = (await store.frontier.lease(runPk, 'B', 0, 1000))!;
    expect(row2b.id).toBe(row2.id);
    await expect(
      store.frontier.commitItem({
        frontierId: row2.id,
        owner: 'A',
        listing: listing('2'),
        relistingKeys: [],
        contentHash: 'h2',
        match: (l) => [hit(l.id)],
        decideFindings: openFindings,
        evidence,
      }),
    ).rejects.toThrow(/lease lost/);
    expect(await store.listings.get('shopa', '2')).toBeNull();
    expect(await findingKeys(store)).toHaveLength(1);
    await store.frontier.commitItem({
      frontierId: row2b.id,
      owner: 'B',
      listing: listing('2'),
      relistingKeys: [],
      contentHash: 'h2',
      match: (l) => [hit(l.id)],
      decideFindings: openFindings,
      evidence: [],
    });
    const tally = await store.frontier.tally(runPk);
    expect(tally).toMatchObject({
      duplicateCommits: 0,
      hits: 2,
      newFindings: 2,
      listings: { new: 2, changed: 0, unchanged: 0 },
    });
    expect(tally.states.done).toBe(2);
    expect(await store.evidence.forListing('shopa', '1')).toHaveLength(1);
  });

  it('does not match an unchanged listing again', async () => {
    const store = await open();
    await configured(store);
    let calls = 0;
    const match = (l: Listing) => {
      calls++;
      return [hit(l.id)];
    };
    for (const owner of ['r1', 'r2']) {
      const { runPk } = await store.frontier.claimRun('j', owner, 0, 60_000, gone);
      await store.frontier.enqueue(runPk, [item(1)]);
      const row = (await store.frontier.lease(runPk, owner, 0, 1000))!;
      await store.frontier.commitItem({
        frontierId: row.id,
        owner,
        listing: listing('1'),
        relistingKeys: [],
        contentHash: 'same',
        match,
        decideFindings: openFindings,
        evidence: [],
      });
      await store.frontier.finishRun(runPk, owner);
    }
    expect(calls).toBe(1);
    expect(await store.listings.versions('shopa', '1')).toHaveLength(1);
  });

  it('leases the next row in the commit transaction; a commit whose lease was lost leases nothing', async () => {
    const store = await open();
    await configured(store, 2);
    const { runPk } = await store.frontier.claimRun('j', 'o', 0, 60_000, gone);
    const search: NewFrontierEntry = {
      kind: 'search',
      platform: 'shopa',
      domain: 'h:1',
      url: 'http://h:1/shopa/search?q=q&page=1',
      query: 'q',
    };
    await store.frontier.enqueue(runPk, [search]);
    const page = (await store.frontier.lease(runPk, 'A', 0, 1000))!;
    const leaseNext = { runPk, now: 0, leaseMs: 1000 };
    const done = await store.frontier.completeSearch(
      page.id,
      'A',
      [item(1, { priority: 10 }), item(2, { priority: 10 })],
      undefined,
      leaseNext,
    );
    expect(done.inserted).toBe(2);
    expect(done.next?.entry).toMatchObject({ itemId: '1', state: 'leased', leaseOwner: 'A' });
    expect(done.next?.slot).toBe(true);
    const committed = await store.frontier.commitItem({
      frontierId: done.next!.entry.id,
      owner: 'A',
      listing: listing('1'),
      relistingKeys: [],
      contentHash: 'h1',
      match: () => [],
      decideFindings: openFindings,
      evidence: [],
      leaseNext,
    });
    expect(committed.next?.entry).toMatchObject({ itemId: '2', leaseOwner: 'A' });
    // Row 2 swept from A and re-leased by B: A's commit rolls back and does not lease either.
    await store.frontier.releaseStaleLeases(runPk, 0, (o) => o === 'A');
    const row2b = (await store.frontier.lease(runPk, 'B', 0, 1000))!;
    await store.frontier.enqueue(runPk, [item(3)]);
    await expect(
      store.frontier.commitItem({
        frontierId: row2b.id,
        owner: 'A',
        listing: listing('2'),
        relistingKeys: [],
        contentHash: 'h2',
        match: () => [],
        decideFindings: openFindings,
        evidence: [],
        leaseNext,
      }),
    ).rejects.toThrow(/lease lost/);
    const rows = await store.frontier.entries(runPk);
    expect(rows.find((r) => r.itemId === '3')?.state).toBe('pending');
    expect((await store.frontier.tally(runPk)).duplicateCommits).toBe(0);
  });
});

describeStores('host politeness state', (open, _kind, opened) => {
  it('spaces requests by the minimum interval and the Crawl-delay floor across connections', async () => {
    const a = await open();
    const b = await twin(opened().at(-1));
    await a.hosts.configure(
      'h:1',
      { maxConcurrency: 4, minIntervalMs: 100, bucketSize: 10, refillPerSec: 10 },
      0,
    );
    expect(await a.hosts.acquire('h:1', 1000)).toEqual({ granted: true });
    expect(await b.hosts.acquire('h:1', 1050)).toEqual({ granted: false, waitMs: 50, reason: 'interval' });
    expect(await b.hosts.acquire('h:1', 1100)).toEqual({ granted: true });
    await a.hosts.setCrawlDelay('h:1', 1000, 1100);
    expect(await b.hosts.acquire('h:1', 1200)).toMatchObject({
      granted: false,
      reason: 'interval',
      waitMs: 900,
    });
    expect(await b.hosts.acquire('h:1', 2100)).toEqual({ granted: true });
    expect(await a.hosts.acquire('h:1', 2200)).toMatchObject({ granted: false, waitMs: 900 });
  });

  it('refills the token bucket at its rate and honours back-off', async () => {
    const store = await open();
    await store.hosts.configure(
      'h:1',
      { maxConcurrency: 4, minIntervalMs: 0, bucketSize: 2, refillPerSec: 4 },
      0,
    );
    expect((await store.hosts.acquire('h:1', 0)).granted).toBe(true);
    expect((await store.hosts.acquire('h:1', 0)).granted).toBe(true);
    expect(await store.hosts.acquire('h:1', 0)).toEqual({ granted: false, waitMs: 250, reason: 'tokens' });
    expect((await store.hosts.acquire('h:1', 250)).granted).toBe(true);
    await store.hosts.backOff('h:1', 5000, 'http_429');
    await store.hosts.backOff('h:1', 3000, 'shorter pause ignored');
    expect(await store.hosts.acquire('h:1', 1000)).toEqual({
      granted: false,
      waitMs: 4000,
      reason: 'backoff',
    });
    expect((await store.hosts.get('h:1'))?.backoffReason).toBe('http_429');
  });
});
