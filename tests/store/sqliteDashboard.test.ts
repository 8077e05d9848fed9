import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { openFindings } from '../../src/leads/openFindings.js';
import { listingContentHash, type Hit, type Listing, type RightKind } from '../../src/model/index.js';
import type { Store, WorkflowActor } from '../../src/store/index.js';
import { describeStores } from '../helpers/pgStore.js';

/*
 * The dashboard's aggregates on a real store (SQLite and PostgreSQL: the same numbers), filled through the
 * repositories. Findings take their creation time from the clock, so the clock is set (Date only) before each
 * one is stored.
 */

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

interface Flagged {
  at: string;
  platform?: string;
  seller?: string;
  sellerName?: string;
  category?: string;
  rightId?: string | null;
  kind?: RightKind;
}

function fixture(openStore: () => Promise<Store>) {
  let n = 0;
  const state: { store?: Store } = {};
  const open = async () => {
    state.store = await openStore();
    return state.store;
  };
  /** Stores a listing with one lead-tier hit at `at`; returns the finding id. */
  const flag = async (f: Flagged): Promise<{ finding: number; listingPk: number }> => {
    const store = state.store as Store;
    n++;
    vi.setSystemTime(new Date(f.at));
    const listing: Listing = {
      id: `L${n}`,
      platform: f.platform ?? 'shopa',
      url: `https://shop.example/item/L${n}`,
      title: `耐克 运动鞋 高仿 ${n}`,
      ...(f.category === undefined ? {} : { category: f.category }),
      price: 99,
      seller: { id: f.seller ?? 's1', name: f.sellerName ?? `${f.seller ?? 's1'} 店` },
      capturedAt: f.at,
    };
    const hash = listingContentHash(listing);
    const kind = f.kind ?? 'trademark';
    const hit: Hit = {
      listingId: listing.id,
      rightId: f.rightId === undefined ? 'tm-naike' : f.rightId,
      kind,
      reason:
        kind === 'patent'
          ? 'patent.invalid_number'
          : kind === 'gi'
            ? 'gi.origin_mismatch'
            : 'trademark.counterfeit',
      score: 0.9,
      flagged: true,
      tier: 'lead',
      rules: [],
    };
    const { pk } = await store.listings.upsert(listing, hash);
    const { newFindingIds } = await store.hits.record(pk, hash, [hit], openFindings);
    return { finding: newFindingIds[0] ?? 0, listingPk: pk };
  };
  return { open, flag, state };
}

const who = (at: string): WorkflowActor => ({ actor: 'staff-1', role: 'staff', osUser: 'tester', at });

describeStores('dashboard queries: findings', (openStore) => {
  it('counts findings per China day by kind, platform and category, with days of none as 0', async () => {
    const fx = fixture(openStore);
    const store = await fx.open();
    // 16:30Z on 12-01 is 00:30 on 12-02 in China; 15:59Z on 12-01 is still 12-01.
    await fx.flag({ at: '2026-12-01T16:30:00Z', platform: 'shopa', category: '运动户外/运动鞋' });
    await fx.flag({ at: '2026-12-01T15:59:00Z', platform: 'shopb', category: '运动户外/跑步鞋' });
    await fx.flag({
      at: '2026-12-03T02:00:00Z',
      platform: 'shopb',
      category: '茶/绿茶',
      kind: 'gi',
      rightId: 'gi-longjing',
    });
    await fx.flag({ at: '2026-12-03T03:00:00Z', platform: 'shopc', kind: 'patent', rightId: null });
    // Outside the window (the day before it starts, and the day after it ends).
    await fx.flag({ at: '2026-11-29T15:00:00Z' });
    await fx.flag({ at: '2026-12-04T16:00:00Z' });
    const q = store.dashboard;
    const window = { until: '2026-12-04', days: 5 };

    const byKind = await q.findingsPerDay('kind', window);
    expect(byKind.days).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
    expect(byKind.series).toEqual([
      { key: 'trademark', counts: [0, 1, 1, 0, 0], total: 2 },
      { key: 'gi', counts: [0, 0, 0, 1, 0], total: 1 },
      { key: 'patent', counts: [0, 0, 0, 1, 0], total: 1 },
    ]);
    const byPlatform = await q.findingsPerDay('platform', window);
    expect(byPlatform.series).toEqual([
      { key: 'shopb', counts: [0, 1, 0, 1, 0], total: 2 },
      { key: 'shopa', counts: [0, 0, 1, 0, 0], total: 1 },
      { key: 'shopc', counts: [0, 0, 0, 1, 0], total: 1 },
    ]);
    // The top level of the category path; a listing without one is ''.
    const byCategory = await q.findingsPerDay('category', window);
    expect(byCategory.series).toEqual([
      { key: '运动户外', counts: [0, 1, 1, 0, 0], total: 2 },
      { key: '', counts: [0, 0, 0, 1, 0], total: 1 },
      { key: '茶', counts: [0, 0, 0, 1, 0], total: 1 },
    ]);
    // A window with nothing in it still has every day, and no series.
    expect(await q.findingsPerDay('kind', { until: '2026-11-20', days: 3 })).toEqual({
      days: ['2026-11-18', '2026-11-19', '2026-11-20'],
      series: [],
    });
  });

  it('scopes to a holder’s rights; an empty list of rights sees nothing', async () => {
    const fx = fixture(openStore);
    const store = await fx.open();
    await fx.flag({ at: '2026-12-02T01:00:00Z', rightId: 'tm-naike' });
    await fx.flag({ at: '2026-12-02T02:00:00Z', rightId: 'tm-anta' });
    const q = store.dashboard;
    const w = { until: '2026-12-02', days: 1 };
    expect((await q.findingsPerDay('kind', { ...w, rightIds: ['tm-anta'] })).series).toEqual([
      { key: 'trademark', counts: [1], total: 1 },
    ]);
    expect((await q.findingsPerDay('kind', { ...w, rightIds: [] })).series).toEqual([]);
    expect(await q.topSellers({ ...w, rightIds: [] })).toEqual([]);
    expect(await q.topRights({ ...w, rightIds: ['tm-naike'] })).toEqual([
      { rightId: 'tm-naike', name: null, kind: 'trademark', findings: 1 },
    ]);
    expect(await q.timeToTakedown({ ...w, rightIds: [] })).toEqual([]);
  });

  it('ranks sellers and rights by findings, leaving dismissed findings out', async () => {
    const fx = fixture(openStore);
    const store = await fx.open();
    const hostile = '"><img src=x onerror=alert(1)>';
    await fx.flag({ at: '2026-12-02T01:00:00Z', seller: 'a', sellerName: hostile });
    await fx.flag({ at: '2026-12-02T02:00:00Z', seller: 'a', sellerName: hostile, rightId: 'tm-anta' });
    await fx.flag({ at: '2026-12-02T03:00:00Z', seller: 'b', platform: 'shopb' });
    const { finding } = await fx.flag({ at: '2026-12-02T04:00:00Z', seller: 'c' });
    await fx.flag({ at: '2026-12-02T05:00:00Z', seller: 'c', rightId: 'tm-anta', kind: 'trademark' });
    await fx.flag({ at: '2026-12-02T06:00:00Z', seller: 'd', rightId: null, kind: 'patent' });
    await store.findings.dismiss(finding, who('2026-12-02T07:00:00Z'), {
      reason: 'authorized_seller',
      note: '授权经销',
      whitelist: false,
    });
    const q = store.dashboard;
    const w = { until: '2026-12-02', days: 7 };
    expect(await q.topSellers(w, 2)).toEqual([
      { platform: 'shopa', sellerId: 'a', sellerName: hostile, findings: 2 },
      { platform: 'shopa', sellerId: 'c', sellerName: 'c 店', findings: 1 },
    ]);
    expect(await q.topRights(w)).toEqual([
      { rightId: 'tm-anta', name: null, kind: 'trademark', findings: 2 },
      { rightId: 'tm-naike', name: null, kind: 'trademark', findings: 2 },
      { rightId: null, name: null, kind: 'patent', findings: 1 },
    ]);
    await expect(q.topSellers(w, 0)).rejects.toThrow(/"limit"/);
    await expect(q.findingsPerDay('kind', { until: '2026-02-30', days: 1 })).rejects.toThrow(/"until"/);
    await expect(q.findingsPerDay('kind', { until: '2026-12-02', days: 0 })).rejects.toThrow(/"days"/);
  });
});

describeStores('dashboard queries: time to takedown', (openStore) => {
  it('summarises the hours from notice sent to verified takedown per platform', async () => {
    const fx = fixture(openStore);
    const store = await fx.open();
    const items = [];
    for (let i = 0; i < 4; i++) items.push(await fx.flag({ at: '2026-12-01T00:00:00Z', seller: 's1' }));
    const opening = {
      state: 'confirmed' as const,
      riskScore: 0.9,
      riskTier: 'high' as const,
      risk: null,
      regionCode: null,
      reason: 'test',
    };
    const { lead } = await store.findings.confirm(items[0]!.finding, who('2026-12-01T01:00:00Z'), opening);
    const sentAt = '2026-12-01T02:00:00.000Z';
    const notice = await store.notices.record(
      {
        leadId: lead.id,
        platform: 'shopa',
        rightId: 'tm-naike',
        channel: 'api',
        body: {},
        documentPath: null,
        items: items.map((it) => ({
          findingId: it.finding,
          listingPk: it.listingPk,
          url: `https://shop.example/${it.finding}`,
          externalId: null,
          status: 'sent' as const,
          rejectReason: null,
        })),
      },
      null,
      who(sentAt),
    );
    // Taken down after 2, 4 and 10 hours; the fourth is still up.
    for (const [i, h] of [
      [0, 2],
      [1, 4],
      [2, 10],
    ] as const) {
      const at = new Date(Date.parse(sentAt) + h * 3_600_000).toISOString();
      await store.notices.updateItem(notice.id, items[i]!.finding, {
        status: 'taken_down',
        checkedAt: at,
        takenDownAt: at,
      });
    }
    const q = store.dashboard;
    expect(await q.timeToTakedown({ until: '2026-12-03', days: 7 })).toEqual([
      {
        platform: 'shopa',
        takenDown: 3,
        notTakenDown: 1,
        hours: { min: 2, q1: 3, median: 4, q3: 7, max: 10 },
      },
    ]);
    // Notices sent before the window are not counted.
    expect(await q.timeToTakedown({ until: '2026-12-10', days: 3 })).toEqual([]);
  });
});

describeStores('dashboard queries: crawl health', (openStore) => {
  it('counts pages, errors by class, blocks, the last run and its failed rows per platform', async () => {
    vi.setSystemTime(new Date('2026-12-02T03:00:00Z'));
    const store = await openStore();
    // Nothing crawled yet: no platforms.
    expect(await store.dashboard.crawlHealth({ until: '2026-12-02', days: 7 })).toEqual([]);
    const owner = 'o';
    const claim = await store.frontier.claimRun('daily', owner, Date.now(), 60_000, () => false);
    const runPk = claim.runPk;
    for (const domain of ['a:1', 'b:1']) {
      await store.hosts.configure(
        domain,
        { maxConcurrency: 9, minIntervalMs: 0, bucketSize: 1e6, refillPerSec: 1e6 },
        0,
      );
    }
    const rows = [
      { platform: 'shopa', domain: 'a:1', path: '/s1', end: 'done' },
      { platform: 'shopa', domain: 'a:1', path: '/s2', end: 'done' },
      { platform: 'shopa', domain: 'a:1', path: '/s3', end: 'blocked' },
      { platform: 'shopb', domain: 'b:1', path: '/s1', end: 'failed' },
    ] as const;
    await store.frontier.enqueue(
      runPk,
      rows.map((r) => ({
        kind: 'search' as const,
        platform: r.platform,
        domain: r.domain,
        url: `http://${r.domain}${r.path}`,
        query: 'q',
      })),
    );
    for (
      let e = await store.frontier.lease(runPk, owner, Date.now(), 60_000);
      e;
      e = await store.frontier.lease(runPk, owner, Date.now(), 60_000)
    ) {
      const row = rows.find((r) => `http://${r.domain}${r.path}` === e!.url)!;
      if (row.end === 'done') {
        await store.frontier.recordFailure({
          runPk,
          frontierId: e.id,
          url: e.url,
          errorClass: 'timeout',
          status: null,
          message: 'slow',
        });
        await store.frontier.completeSearch(e.id, owner, []);
      } else {
        const cls = row.end === 'blocked' ? 'blocked' : 'http_5xx';
        for (let i = 0; i < 2; i++) {
          await store.frontier.recordFailure({
            runPk,
            frontierId: e.id,
            url: e.url,
            errorClass: cls,
            status: null,
            message: 'x',
          });
        }
        await store.frontier.settle(e.id, owner, row.end, cls, 'gave up');
      }
    }
    await store.frontier.finishRun(runPk, owner);
    vi.setSystemTime(new Date('2026-12-02T04:00:00Z'));
    await store.runs.finish(runPk, 'partial', {});
    const q = store.dashboard;
    const health = await q.crawlHealth({ until: '2026-12-02', days: 7 });
    const lastRun = {
      runId: runPk,
      job: 'daily',
      startedAt: expect.any(String),
      finishedAt: '2026-12-02T04:00:00.000Z',
      status: 'partial',
    };
    expect(health).toEqual([
      {
        platform: 'shopa',
        pages: 2,
        errorsByClass: { blocked: 2, timeout: 2 },
        blocks: 2,
        lastRun,
        failedRows: 1,
      },
      { platform: 'shopb', pages: 0, errorsByClass: { http_5xx: 2 }, blocks: 0, lastRun, failedRows: 1 },
    ]);
    // A later window without runs: no pages or errors, but the last run is still shown.
    const later = await q.crawlHealth({ until: '2026-12-20', days: 7 });
    expect(later.map((h) => [h.platform, h.pages, h.errorsByClass, h.lastRun?.runId, h.failedRows])).toEqual([
      ['shopa', 0, {}, runPk, 1],
      ['shopb', 0, {}, runPk, 1],
    ]);
  });
});
