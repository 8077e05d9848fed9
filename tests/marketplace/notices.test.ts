import * as cheerio from 'cheerio';
import { afterEach, describe, expect, it } from 'vitest';
import { startMarketplace, type RunningMarketplace } from '../../src/marketplace/server.js';
import type { TakedownSettings } from '../../src/marketplace/options.js';
import { get } from './helpers.js';

let market: RunningMarketplace | undefined;
let clock = Date.parse('2026-11-23T08:00:00Z');
afterEach(async () => {
  await market?.close();
  market = undefined;
});

async function start(takedown: Partial<TakedownSettings>, listings = 300) {
  clock = Date.parse('2026-11-23T08:00:00Z');
  market = await startMarketplace({ port: 0, seed: 9, listings, takedown, now: () => clock });
  return market;
}

function notice(listingUrl: string, extra: Record<string, unknown> = {}) {
  return {
    notifier: { name: '耐克创新有限合伙公司（代理：某知识产权代理有限公司）', contact: 'ip@example.invalid' },
    rightRef: 'tm-naike / G1105786',
    listingUrl,
    reason: '销售假冒注册商标的商品',
    evidenceRef: 'sha256:0f3c…',
    ...extra,
  };
}

async function post(m: RunningMarketplace, platform: string, body: unknown) {
  const res = await fetch(`${m.baseUrl}/${platform}/api/notices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('notice–takedown API', () => {
  it('POST → id; decided after the delay; the listing is taken down and shown on the 公示 page', async () => {
    const m = await start({ delayMs: 60_000, outcome: 'takedown' });
    const listing = m.catalog.listingAt(1).listing; // shopb
    const created = await post(m, 'shopb', notice(listing.url));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(id).toMatch(/^SHOPB-NT-\d{6}$/);
    expect(created.body.status).toBe('received');
    expect((await get(`${m.platforms.shopb}/item/${listing.id}`)).text).toContain('tb-main-title');

    clock += 60_000;
    const status = JSON.parse((await get(`${m.platforms.shopb}/api/notices/${id}`)).text);
    expect(status).toMatchObject({ id, status: 'taken_down', listingId: listing.id });
    const item = await get(`${m.platforms.shopb}/item/${listing.id}`);
    expect(item.text).toContain('已下架');
    const search = await get(
      `${m.platforms.shopb}/search?q=${encodeURIComponent(listing.title.split(' ')[0] ?? '')}`,
    );
    expect(search.text).not.toContain(`"nid":"${listing.id}"`);

    const $ = cheerio.load((await get(`${m.platforms.shopb}/notices`)).text);
    expect($(`tr.notice[data-id="${id}"]`).attr('data-status')).toBe('taken_down');
    expect($(`tr.notice[data-id="${id}"] .result`).text()).toContain('已删除');
  });

  it('rejects a notice with a reason', async () => {
    const m = await start({ delayMs: 0, outcome: 'reject' });
    const listing = m.catalog.listingAt(0).listing;
    const created = await post(m, 'shopa', notice(listing.url));
    expect(created.body).toMatchObject({ status: 'rejected', rejectReason: expect.stringContaining('证据') });
    expect((await fetch(`${m.platforms.shopa}/item/${listing.id}`)).status).toBe(200);
  });

  it('rejects a notice for a listing that does not exist, and auto mode rejects flagship stores', async () => {
    const m = await start({ delayMs: 0 }, 1000);
    const missing = await post(m, 'shopa', notice(`${m.platforms.shopa}/item/1099999999`));
    expect(missing.body).toMatchObject({
      status: 'rejected',
      rejectReason: expect.stringContaining('链接无效'),
    });
    const i = [...m.catalog.caseIndices()].find((k) =>
      m.catalog.listingAt(k).listing.seller.id.endsWith('-official'),
    );
    expect(i).toBeDefined();
    const official = m.catalog.listingAt(i ?? 0).listing;
    const res = await post(m, official.platform, notice(official.url));
    expect(res.body).toMatchObject({ status: 'rejected', rejectReason: expect.stringContaining('授权') });
  });

  it('forwards the seller’s counter-notice (不侵权声明) and keeps the listing online', async () => {
    const m = await start({ delayMs: 1_000, outcome: 'counter' });
    const listing = m.catalog.listingAt(2).listing; // shopc
    const created = await post(m, 'shopc', notice(listing.url));
    clock += 1_000;
    const status = JSON.parse(
      (await get(`${m.platforms.shopc}/api/notices/${created.body.id as string}`)).text,
    );
    expect(status.status).toBe('counter_noticed');
    expect(status.counterNotice).toMatchObject({
      title: '不侵权声明',
      seller: { id: listing.seller.id },
      forwardedTo: expect.stringContaining('耐克'),
    });
    expect((await get(`${m.platforms.shopc}/api/item/${listing.id}`)).status).toBe(200);
  });

  it('answers 400 naming the field for a bad notice, and 404 for an unknown id', async () => {
    const m = await start({});
    const url = m.catalog.listingAt(0).listing.url;
    expect((await post(m, 'shopa', notice(url, { notifier: {} }))).body).toMatchObject({
      field: 'notifier.name',
    });
    expect((await post(m, 'shopa', notice(url, { evidenceRef: '' }))).body).toMatchObject({
      field: 'evidenceRef',
    });
    expect((await post(m, 'shopa', notice(`${m.platforms.shopb}/item/6000000001`))).body).toMatchObject({
      field: 'listingUrl',
    });
    const bad = await post(m, 'shopa', '{not json');
    expect(bad).toMatchObject({ status: 400, body: { field: '(body)' } });
    expect((await get(`${m.platforms.shopa}/api/notices/SHOPA-NT-999999`)).status).toBe(404);
    expect(JSON.parse((await get(`${m.platforms.shopa}/api/notices`)).text).notices).toHaveLength(0);
  });

  it('escapes notice text on the 公示 page', async () => {
    const m = await start({ delayMs: 0, outcome: 'reject' });
    const url = m.catalog.listingAt(0).listing.url;
    await post(
      m,
      'shopa',
      notice(url, { reason: '<script>alert(1)</script>', rightRef: '"><img src=x onerror=alert(2)>' }),
    );
    const { text } = await get(`${m.platforms.shopa}/notices`);
    expect(text).not.toContain('<script>alert(1)');
    expect(text).not.toContain('<img src=x');
    const $ = cheerio.load(text);
    expect($('tr.notice td').eq(4).text()).toBe('<script>alert(1)</script>');
  });
});
