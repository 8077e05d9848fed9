import { expect, it } from 'vitest';
import { listingContentHash, type Listing } from '../../src/model/index.js';
import { describeStores } from '../helpers/pgStore.js';

/* The crawler's smaller records on both stores: runs, evidence rows, the robots cache, a run's plan and failures. */

const listing: Listing = {
  id: 'x1',
  platform: 'shopa',
  url: 'http://127.0.0.1/shopa/item/x1',
  title: '耐克 运动鞋',
  seller: { id: 's1', name: '某店' },
  capturedAt: '2026-12-04T00:00:00.000Z',
};

describeStores('crawl records', (open) => {
  it('runs start, finish with their stats, and list newest first', async () => {
    const store = await open();
    const first = await store.runs.start('crawl:a');
    const second = await store.runs.start('crawl:b');
    expect((await store.runs.get(first))?.status).toBe('running');
    await store.runs.finish(first, 'partial', { pages: 3, failedByClass: { http_5xx: 1 } });
    expect(await store.runs.get(first)).toMatchObject({
      id: first,
      kind: 'crawl:a',
      status: 'partial',
      stats: { pages: 3, failedByClass: { http_5xx: 1 } },
    });
    expect((await store.runs.get(first))?.finishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await store.runs.recent(5)).map((r) => r.id)).toEqual([second, first]);
    expect(await store.runs.get(9999)).toBeNull();
  });

  it('evidence rows belong to a listing and are read back whole', async () => {
    const store = await open();
    const { pk } = await store.listings.upsert(listing, listingContentHash(listing));
    const e = {
      kind: 'html' as const,
      url: listing.url,
      sha256: 'a'.repeat(64),
      path: 'evidence/aa/aaaa.html.gz',
      bytes: 1234,
      contentType: 'text/html',
      capturedAt: listing.capturedAt,
    };
    const id = await store.evidence.add(pk, e);
    await store.evidence.add(pk, {
      ...e,
      kind: 'headers',
      path: 'evidence/bb.json',
      contentType: 'application/json',
    });
    expect(await store.evidence.get(id)).toEqual({ id, platform: 'shopa', listingId: 'x1', ...e });
    expect((await store.evidence.forListing('shopa', 'x1')).map((r) => r.kind)).toEqual(['html', 'headers']);
    expect(await store.evidence.get(id + 100)).toBeNull();
  });

  it('keeps robots.txt per origin, a run plan, and failed requests counted per row', async () => {
    const store = await open();
    expect(await store.hosts.robots('http://h:1')).toBeNull();
    await store.hosts.saveRobots('http://h:1', 200, 'User-agent: *\nDisallow: /cart/', 1000);
    await store.hosts.saveRobots('http://h:1', 404, '', 2000);
    expect(await store.hosts.robots('http://h:1')).toEqual({ status: 404, body: '', fetchedAt: 2000 });
    await store.hosts.configure(
      'h:1',
      { maxConcurrency: 1, minIntervalMs: 0, bucketSize: 1e6, refillPerSec: 1e6 },
      0,
    );
    const { runPk } = await store.frontier.claimRun('j', 'o', 0, 60_000, () => false);
    await store.frontier.savePlan(runPk, { queries: ['耐克'], budgetPerPlatform: 10 });
    expect(await store.frontier.plan(runPk)).toEqual({ queries: ['耐克'], budgetPerPlatform: 10 });
    const url = 'http://h:1/shopa/search?q=x&page=1';
    await store.frontier.enqueue(runPk, [
      { kind: 'search', platform: 'shopa', domain: 'h:1', url, query: 'x' },
    ]);
    const row = (await store.frontier.lease(runPk, 'o', 0, 1000))!;
    for (const status of [503, 502]) {
      await store.frontier.recordFailure({
        runPk,
        frontierId: row.id,
        url,
        errorClass: 'http_5xx',
        status,
        message: `${url}: ${status}`,
      });
    }
    await store.frontier.settle(row.id, 'o', 'failed', 'http_5xx', `${url}: 502`);
    await store.frontier.finishRun(runPk, 'o');
    const failed = await store.frontier.failures({ job: 'j' });
    expect(failed).toEqual([
      {
        runPk,
        job: 'j',
        frontierId: row.id,
        kind: 'search',
        platform: 'shopa',
        url,
        itemId: null,
        query: 'x',
        state: 'failed',
        errorClass: 'http_5xx',
        lastError: `${url}: 502`,
        attempts: 0,
        requests: 2,
      },
    ]);
    expect(await store.frontier.failures({ runPk })).toEqual(failed);
    expect(await store.frontier.failures({ job: 'other' })).toEqual([]);
    const tally = await store.frontier.tally(runPk);
    expect(tally).toMatchObject({
      failedRequests: 2,
      errorsByClass: { http_5xx: 2 },
      failedByClass: { http_5xx: 1 },
    });
  });
});
