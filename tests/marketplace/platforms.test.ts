import * as cheerio from 'cheerio';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { get, scriptAssignment, useBrowser, useMarketplace } from './helpers.js';

const market = useMarketplace({ seed: 2026, listings: 3000, pageSize: 5 });

/** A planted listing of the given case on the given platform. */
function caseListing(caseId: string, platform: string) {
  const m = market();
  for (const i of m.catalog.caseIndices()) {
    const g = m.catalog.listingAt(i);
    if (g.caseId === caseId && g.listing.platform === platform) return g.listing;
  }
  throw new Error(`no ${caseId} on ${platform}`);
}

function anyCaseListing(platform: string, test: (title: string) => boolean) {
  const m = market();
  for (const i of m.catalog.caseIndices()) {
    const g = m.catalog.listingAt(i);
    if (g.listing.platform === platform && test(g.listing.title)) return g.listing;
  }
  throw new Error(`no listing on ${platform}`);
}

describe('shopa (server-rendered, GBK item pages)', () => {
  it('search results are li.gl-item with .p-name a, .p-price, .p-shop, and pages chain by a.pn-next', async () => {
    const m = market();
    const expected = Array.from(m.catalog.search('shopa', '耐克')).map((i) => m.catalog.listingAt(i).listing);
    expect(expected.length).toBeGreaterThan(5);
    const seen: string[] = [];
    let url: string | null = `${m.platforms.shopa}/search?q=${encodeURIComponent('耐克')}`;
    while (url) {
      const { status, text } = await get(url);
      expect(status).toBe(200);
      const $ = cheerio.load(text);
      $('li.gl-item').each((_, li) => {
        const title = $(li).find('.p-name a').attr('title') ?? '';
        const id = $(li).attr('data-sku') ?? '';
        const listing = expected.find((l) => l.id === id);
        expect(title).toBe(listing?.title);
        expect($(li).find('.p-price i').text()).toBe(listing?.price?.toFixed(2));
        expect($(li).find('.p-shop a').text()).toBe(listing?.seller.name);
        expect($(li).find('.p-name a').attr('href')).toBe(`/shopa/item/${id}`);
        seen.push(id);
      });
      const next = $('a.pn-next').attr('href');
      url = next ? new URL(next, url).href : null;
    }
    expect(seen).toEqual(expected.map((l) => l.id));
  });

  it('serves item pages in GBK, with characters outside GBK as character references', async () => {
    const m = market();
    const listing = caseListing('tm-evasion-emoji-lining', 'shopa');
    const res = await fetch(`${m.platforms.shopa}/item/${listing.id}`);
    expect(res.headers.get('content-type')).toBe('text/html; charset=gbk');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.toString('utf8')).not.toContain(listing.title); // not UTF-8
    const $ = cheerio.load(iconv.decode(bytes, 'gbk'));
    expect($('meta[http-equiv]').attr('content')).toContain('charset=gbk');
    expect($('.sku-name').text()).toBe(listing.title);
    expect($('.summary-price .price').text()).toBe(listing.price?.toFixed(2));
    expect($('a.shop-name').attr('data-seller-id')).toBe(listing.seller.id);
    expect($('.seller-location').text()).toBe(listing.seller.location);
    expect($('.crumb').attr('data-category')).toBe(listing.category);
    expect($('#detail .desc').text()).toBe(listing.description);
  });

  it('has shop pages listing the shop’s items with the licence disclosure', async () => {
    const m = market();
    const listing = caseListing('neg-authorized-store', 'shopa');
    const { text } = await get(`${m.platforms.shopa}/shop/${listing.seller.id}`);
    const $ = cheerio.load(text);
    expect($('.shop-title').text()).toBe('耐克官方旗舰店');
    expect($('.credit-code').text()).toMatch(/^9[12]\d{6}\d{8}[\dX][0-9A-HJ-NPQRTUWXY]$/);
    expect(
      $('li.gl-item')
        .map((_, li) => $(li).attr('data-sku'))
        .get(),
    ).toContain(listing.id);
  });
});

describe('shopb (JSON in a <script> assignment)', () => {
  it('search data is g_page_config JSON with raw titles, prices, shops and 省 市 locations', async () => {
    const m = market();
    const { text } = await get(`${m.platforms.shopb}/search?q=${encodeURIComponent('西湖龙井')}`);
    const $ = cheerio.load(text);
    expect($('li, .gl-item').length).toBe(0);
    const config = scriptAssignment(text, 'g_page_config') as {
      mods: {
        itemlist: { data: { auctions: Record<string, string>[] } };
        pager: { data: Record<string, unknown> };
      };
    };
    const auctions = config.mods.itemlist.data.auctions;
    expect(auctions.length).toBeGreaterThan(0);
    for (const a of auctions) {
      const listing = m.catalog.listingAt(Number(a.nid?.slice(2))).listing;
      expect(a.raw_title).toBe(listing.title);
      expect(a.view_price).toBe(listing.price?.toFixed(2));
      expect(a.nick).toBe(listing.seller.name);
      expect(a.item_loc).toBe(listing.seller.location);
      expect(a.item_loc).not.toMatch(/[省]/);
    }
    expect(config.mods.pager.data.currentPage).toBe(1);
  });

  it('item pages carry g_config and visible markup', async () => {
    const m = market();
    const listing = caseListing('neg-gi-coarse-location', 'shopb');
    const { text } = await get(`${m.platforms.shopb}/item/${listing.id}`);
    const config = scriptAssignment(text, 'var g_config') as {
      itemId: string;
      idata: { item: Record<string, unknown> };
    };
    expect(config.itemId).toBe(listing.id);
    expect(config.idata.item.location).toBe('浙江 杭州');
    const $ = cheerio.load(text);
    expect($('h3.tb-main-title').text()).toBe(listing.title);
    expect($('#J_deliveryAdd').text()).toBe('浙江 杭州');
  });
});

describe('shopc (client-rendered)', () => {
  const browser = useBrowser();

  it('the HTML has no listings without JavaScript', async () => {
    const m = market();
    const listing = anyCaseListing('shopc', (t) => t.includes('耐克') || t.includes('NIKE'));
    const search = await get(`${m.platforms.shopc}/search?q=${encodeURIComponent('耐克')}`);
    expect(search.text).toContain('id="app"');
    expect(search.text).not.toContain(listing.title);
    const item = await get(`${m.platforms.shopc}/item/${listing.id}`);
    expect(item.text).not.toContain(listing.title);
    expect(cheerio.load(item.text)('.item-title').length).toBe(0);
  });

  it('Chromium renders the search results and loads more with 加载更多', async () => {
    const m = market();
    const expected = Array.from(m.catalog.search('shopc', '耐克')).map((i) => m.catalog.listingAt(i).listing);
    expect(expected.length).toBeGreaterThan(5); // more than one batch of 5
    const page = await browser().newPage({ viewport: { width: 800, height: 300 } });
    let clicks = 0;
    try {
      await page.goto(`${m.platforms.shopc}/search?q=${encodeURIComponent('耐克')}`);
      await page.waitForSelector('#app[data-state="ready"] li.card');
      // The button loads the next batch (it also fires when scrolled into view, so batches may arrive alone).
      for (let round = 0; round < 50; round++) {
        await page.waitForSelector('#app[data-state="ready"]');
        if (await page.$('#list-end')) break;
        const before = await page.locator('li.card').count();
        await page
          .locator('#load-more')
          .click({ timeout: 2_000 })
          .then(() => clicks++)
          .catch(() => undefined);
        await page.waitForFunction(
          `document.querySelectorAll('li.card').length > ${before} || !!document.getElementById('list-end')`,
        );
      }
      await page.waitForSelector('#list-end');
      expect(clicks).toBeGreaterThan(0);
      const cards = await page.$$eval('li.card', (lis) =>
        lis.map((li) => ({
          id: li.getAttribute('data-id'),
          title: li.querySelector('.card-title')?.textContent,
          location: li.querySelector('.card-location')?.textContent,
        })),
      );
      expect(cards.map((c) => c.id)).toEqual(expected.map((l) => l.id));
      expect(cards.map((c) => c.title)).toEqual(expected.map((l) => l.title));
      expect(cards.map((c) => c.location)).toEqual(expected.map((l) => l.seller.location));
    } finally {
      await page.close();
    }
  });

  it('Chromium renders item pages, and the JSON API answers directly', async () => {
    const m = market();
    const listing = caseListing('gi-mismatch-longjing-same-city', 'shopc');
    const page = await browser().newPage();
    try {
      await page.goto(`${m.platforms.shopc}/item/${listing.id}`);
      await page.waitForSelector('#app[data-state="ready"] .item-title');
      expect(await page.textContent('.item-title')).toBe(listing.title);
      expect(await page.textContent('.shop-location')).toBe('杭州市余杭区');
      expect(await page.getAttribute('a.shop-link', 'data-seller-id')).toBe('yuhang-tea');
    } finally {
      await page.close();
    }
    const api = JSON.parse((await get(`${m.platforms.shopc}/api/item/${listing.id}`)).text);
    expect(api.item).toMatchObject({ id: listing.id, title: listing.title, category: listing.category });
  });
});

describe('common paths', () => {
  it('serves robots.txt, SVG images and 404s', async () => {
    const m = market();
    expect((await get(`${m.baseUrl}/robots.txt`)).text).toMatch(/User-agent: \*\nDisallow: \/shopa\/cart\//);
    const listing = m.catalog.listingAt(0).listing;
    const img = await fetch(`${m.platforms.shopa}/img/${listing.id}.svg`);
    expect(img.headers.get('content-type')).toContain('image/svg+xml');
    expect(await img.text()).toMatch(/^<svg /);
    expect((await get(`${m.platforms.shopa}/item/1099999999`)).status).toBe(404);
    expect((await get(`${m.platforms.shopb}/item/1000000000`)).status).toBe(404); // a shopa id on shopb
    expect((await get(`${m.baseUrl}/nowhere/search?q=x`)).status).toBe(404);
  });
});

describe('shop pages of shopb and shopc', () => {
  it('shopb: shop info and listings in g_page_config; shopc: shop JSON', async () => {
    const m = market();
    const b = caseListing('neg-authorized-store-phone', 'shopb');
    const { text } = await get(`${m.platforms.shopb}/shop/${b.seller.id}`);
    const config = scriptAssignment(text, 'g_page_config') as {
      shopInfo: { id: string; name: string; location: string };
      mods: { itemlist: { data: { auctions: { nid: string }[] } } };
    };
    expect(config.shopInfo).toMatchObject({
      id: 'huawei-official',
      name: '华为官方旗舰店',
      location: '广东 深圳',
    });
    expect(config.mods.itemlist.data.auctions.map((a) => a.nid)).toContain(b.id);
    const c = caseListing('neg-authorized-store-phone', 'shopc');
    const shell = await get(`${m.platforms.shopc}/shop/${c.seller.id}`);
    expect(shell.text).not.toContain(c.title);
    const api = JSON.parse((await get(`${m.platforms.shopc}/api/shop/${c.seller.id}`)).text);
    expect(api.shop).toMatchObject({ id: 'huawei-official', location: '深圳市龙岗区' });
    expect(api.items.map((x: { id: string }) => x.id)).toContain(c.id);
    expect((await get(`${m.platforms.shopc}/api/shop/nosuchshop`)).status).toBe(404);
  });
});
