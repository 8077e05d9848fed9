import * as cheerio from 'cheerio';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { startMarketplace, type RunningMarketplace } from '../../src/marketplace/server.js';
import { parseFaultsArgument, resolveFaults } from '../../src/marketplace/faults/faultSettings.js';
import type { FaultSettings } from '../../src/marketplace/faults/faultSettings.js';
import { get, scriptAssignment } from './helpers.js';

let market: RunningMarketplace | undefined;
afterEach(async () => {
  await market?.close();
  market = undefined;
});

async function start(faults: string | Partial<FaultSettings>, extra: Record<string, unknown> = {}) {
  market = await startMarketplace({ port: 0, seed: 5, listings: 600, pageSize: 5, faults, ...extra });
  return market;
}

const SEARCH = '/shopa/search?q=%E9%9E%8B'; // 鞋

describe('fault profiles', () => {
  it('resolves named profiles and JSON overrides, and names a bad key or rate', () => {
    expect(resolveFaults('polite').robots.crawlDelay).toBe(1);
    expect(parseFaultsArgument('{"base":"flaky","rate429":0.5}')).toMatchObject({
      rate429: 0.5,
      slowRate: 0.05,
    });
    expect(() => resolveFaults('nosuch')).toThrow(/unknown profile "nosuch"/);
    expect(() => resolveFaults({ rate429: 2 })).toThrow(/faults\.rate429/);
    expect(() => parseFaultsArgument('{"rate42":1}')).toThrow(/unknown key "rate42"/);
  });

  it('robots.txt lists the disallowed paths and the Crawl-delay; trap pages are logged when fetched', async () => {
    const m = await start('polite');
    const robots = (await get(`${m.baseUrl}/robots.txt`)).text;
    expect(robots).toContain('Crawl-delay: 1');
    expect(robots).toContain('Disallow: /shopb/shop/');
    expect(robots).toContain('Disallow: /shopa/cart/');
    expect((await get(`${m.baseUrl}/shopa/cart/add?sku=1`)).status).toBe(200);
    expect(m.requestLog().map((e) => e.path)).toContain('/shopa/cart/add?sku=1');
    expect((await get(`${m.baseUrl}/robots.txt`)).text).not.toContain('Crawl-delay: 2');
  });
});

describe('each fault knob', () => {
  it('429 with Retry-After', async () => {
    const m = await start({ rate429: 1, retryAfterSec: 7 });
    const { status, res } = await get(m.baseUrl + SEARCH);
    expect(status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(m.requestLog().at(-1)).toMatchObject({ status: 429, fault: '429' });
    expect((await get(`${m.baseUrl}/robots.txt`)).status).toBe(200); // robots.txt is never faulted
  });

  it('5xx come in bursts of burstLength', async () => {
    const m = await start({ rate5xx: 1, burstLength: 3 });
    const statuses = [];
    for (let k = 0; k < 3; k++) statuses.push((await get(m.baseUrl + SEARCH)).status);
    expect(statuses.every((s) => s >= 500 && s <= 503)).toBe(true);
    expect(m.requestLog().filter((e) => e.fault === '5xx')).toHaveLength(3);
  });

  it('slow answers arrive after slowMs', async () => {
    const m = await start({ slowRate: 1, slowMs: 300 });
    const t0 = performance.now();
    const { status, text } = await get(m.baseUrl + SEARCH);
    expect(status).toBe(200);
    expect(text).toContain('gl-item');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    expect(m.requestLog().at(-1)?.fault).toBe('slow');
  });

  it('hanging connections never answer; the client has to give up', async () => {
    const m = await start({ hangRate: 1 });
    const err = await fetch(m.baseUrl + SEARCH, { signal: AbortSignal.timeout(400) }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).name).toBe('TimeoutError');
    expect(m.requestLog().at(-1)).toMatchObject({ status: 0, fault: 'hang' });
  });

  it('truncated HTML: 200 with the page cut short', async () => {
    const m = await start({ truncateRate: 1 });
    const { status, text } = await get(m.baseUrl + SEARCH);
    expect(status).toBe(200);
    expect(text.length).toBeGreaterThan(100);
    expect(text).not.toContain('</html>');
    expect(m.requestLog().at(-1)?.fault).toBe('truncated');
  });

  it('blocks a client that asks too fast with a captcha page, per client', async () => {
    const m = await start({ block: { maxRequests: 3, windowMs: 60_000, blockMs: 60_000 } });
    const headers = { 'x-client-id': 'crawler-1' };
    for (let k = 0; k < 3; k++)
      expect((await get(m.baseUrl + SEARCH, { headers })).text).toContain('gl-item');
    const blocked = await get(m.baseUrl + SEARCH, { headers });
    expect(blocked.status).toBe(200);
    expect(cheerio.load(blocked.text)('#captcha-verify').length).toBe(1);
    const api = await get(`${m.baseUrl}/shopc/api/search?q=x`, { headers });
    expect(api.status).toBe(403);
    expect((await get(m.baseUrl + SEARCH, { headers: { 'x-client-id': 'other' } })).text).toContain(
      'gl-item',
    );
    const log = m.requestLog();
    expect(log.filter((e) => e.client === 'crawler-1' && e.fault === 'captcha')).toHaveLength(2);
    expect(log.find((e) => e.client === 'other')?.fault).toBeUndefined();
  });

  it('without X-Client-Id the client is the remote address and User-Agent', async () => {
    const m = await start('none');
    await get(m.baseUrl + SEARCH, { headers: { 'user-agent': 'markwatch-test/1' } });
    expect(m.requestLog().at(-1)?.client).toBe('127.0.0.1 markwatch-test/1');
  });

  it('duplicates items of the previous result page at the top of the next', async () => {
    const m = await start({ duplicateRate: 1, duplicateCount: 2 });
    const ids = (html: string) =>
      cheerio
        .load(html)('li.gl-item')
        .map((_, li) => cheerio.load(li)('li').attr('data-sku'))
        .get();
    const page1 = ids((await get(m.baseUrl + SEARCH)).text);
    const page2 = ids((await get(`${m.baseUrl}${SEARCH}&page=2`)).text);
    expect(page1).toHaveLength(5);
    expect(page2.slice(0, 2)).toEqual(page1.slice(3));
    expect(page2.length).toBe(7);
    expect(m.requestLog().at(-1)?.fault).toBe('duplicate');
  });

  it('edits listings between crawls (title and price)', async () => {
    const m = await start({ editRate: 1 });
    const i =
      [...Array(30).keys()].find((k) => m.catalog.listingAt(k).kind === 'ordinary' && k % 3 === 1) ?? 1;
    const original = m.catalog.listingAt(i).listing;
    const page = async () =>
      scriptAssignment((await get(`${m.platforms.shopb}/item/${original.id}`)).text, 'var g_config') as {
        idata: { item: { title: string; price: string } };
      };
    expect((await page()).idata.item.title).toBe(original.title);
    m.advanceEpoch();
    const edited = (await page()).idata.item;
    expect(edited.title).not.toBe(original.title);
    expect(edited.title.startsWith(original.title)).toBe(true);
    expect(edited.price).not.toBe(original.price?.toFixed(2));
  });

  it('takes listings down (404 or 下架 page) and relists them under a new id by the same seller', async () => {
    const m = await start({ takedownRate: 1, takedownStyle: 'page' });
    const original = m.catalog.listingAt(0).listing; // shopa
    m.advanceEpoch();
    const old = await fetch(`${m.platforms.shopa}/item/${original.id}`);
    expect(old.status).toBe(200);
    const oldHtml = iconv.decode(Buffer.from(await old.arrayBuffer()), 'gbk');
    expect(cheerio.load(oldHtml)('.itemover').text()).toContain('下架');
    const relistedId = `1${1}${original.id.slice(2)}`;
    const { text } = await get(
      `${m.platforms.shopa}/search?q=${encodeURIComponent(original.title.split(' ')[0] ?? '')}`,
    );
    expect(text).not.toContain(`data-sku="${original.id}"`);
    const res = await fetch(`${m.platforms.shopa}/item/${relistedId}`);
    const $ = cheerio.load(iconv.decode(Buffer.from(await res.arrayBuffer()), 'gbk'));
    expect($('.sku-name').text()).toBe(original.title);
    expect($('a.shop-name').attr('data-seller-id')).toBe(original.seller.id);
  });

  it('takedownStyle 404 answers 404', async () => {
    const m = await start({ takedownRate: 1, takedownStyle: '404' });
    const original = m.catalog.listingAt(1).listing; // shopb
    m.advanceEpoch();
    expect((await get(`${m.platforms.shopb}/item/${original.id}`)).status).toBe(404);
  });
});
