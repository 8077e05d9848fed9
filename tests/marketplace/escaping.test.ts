import * as cheerio from 'cheerio';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { productSvg } from '../../src/marketplace/platforms/svg.js';
import { countDialogs, get, scriptAssignment, useBrowser, useMarketplace } from './helpers.js';

// Listing text is hostile: the hostile-script case puts <script>, quotes, & and U+2028 into titles,
// descriptions and the shop name. Every page must show it as text and never run it.
const market = useMarketplace({ seed: 2026, listings: 3000 });

function hostile(platform: string) {
  const m = market();
  for (const i of m.catalog.caseIndices()) {
    const g = m.catalog.listingAt(i);
    if (g.caseId === 'hostile-script' && g.listing.platform === platform) return g.listing;
  }
  throw new Error(`no hostile listing on ${platform}`);
}

const browser = useBrowser();

async function executedScript(
  url: string,
  readySelector?: string,
): Promise<{ pwned: unknown; dialogs: number }> {
  const page = await browser().newPage();
  const dialogs = countDialogs(page);
  try {
    await page.goto(url);
    if (readySelector) await page.waitForSelector(readySelector);
    return { pwned: await page.evaluate('window.__pwned'), dialogs: dialogs() };
  } finally {
    await page.close();
  }
}

describe('hostile listing text', () => {
  it('shopa: escaped in search and GBK item pages, text round-trips', async () => {
    const m = market();
    const l = hostile('shopa');
    const search = await get(`${m.platforms.shopa}/search?q=${encodeURIComponent('收纳盒')}`);
    expect(search.text).not.toMatch(/<script>alert|<img src=x/);
    const res = await fetch(`${m.platforms.shopa}/item/${l.id}`);
    const html = iconv.decode(Buffer.from(await res.arrayBuffer()), 'gbk');
    expect(html).not.toMatch(/<script>|<img src=x|<b>黑店/);
    const $ = cheerio.load(html);
    expect($('.sku-name').text()).toBe(l.title);
    expect($('#detail .desc').text()).toBe(l.description);
    expect($('a.shop-name').text()).toBe(l.seller.name);
    expect(await executedScript(`${m.platforms.shopa}/search?q=${encodeURIComponent('收纳盒')}`)).toEqual({
      pwned: undefined,
      dialogs: 0,
    });
  });

  it('shopb: the JSON in <script> cannot be closed by listing text and parses back to it', async () => {
    const m = market();
    const l = hostile('shopb');
    const q = l.title.includes('收纳盒') ? '收纳盒' : '数据线';
    const { text } = await get(`${m.platforms.shopb}/search?q=${encodeURIComponent(q)}`);
    expect(text.match(/<script>/g)?.length).toBe(2); // the page's own scripts only
    expect(text).not.toContain('</script><script>window');
    const config = scriptAssignment(text, 'g_page_config') as {
      mods: { itemlist: { data: { auctions: { nid: string; raw_title: string; nick: string }[] } } };
    };
    const auction = config.mods.itemlist.data.auctions.find((a) => a.nid === l.id);
    expect(auction?.raw_title).toBe(l.title);
    expect(auction?.nick).toBe(l.seller.name);
    const item = await get(`${m.platforms.shopb}/item/${l.id}`);
    const g = scriptAssignment(item.text, 'var g_config') as { idata: { item: { desc: string } } };
    expect(g.idata.item.desc).toBe(l.description);
    expect(await executedScript(`${m.platforms.shopb}/item/${l.id}`)).toEqual({
      pwned: undefined,
      dialogs: 0,
    });
    expect(await executedScript(`${m.platforms.shopb}/search?q=${encodeURIComponent(q)}`)).toEqual({
      pwned: undefined,
      dialogs: 0,
    });
  });

  it('shopc: rendered with textContent, nothing runs', async () => {
    const m = market();
    const l = hostile('shopc');
    const page = await browser().newPage();
    const dialogs = countDialogs(page);
    try {
      await page.goto(`${m.platforms.shopc}/item/${l.id}`);
      await page.waitForSelector('#app[data-state="ready"]');
      expect(await page.textContent('.item-title')).toBe(l.title);
      expect(await page.textContent('.item-desc')).toBe(l.description);
      expect(await page.textContent('a.shop-link')).toBe(l.seller.name);
      expect(await page.$$('.item-detail img')).toHaveLength(1);
      expect(await page.evaluate('window.__pwned')).toBeUndefined();
      expect(dialogs()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('SVG images escape the title', () => {
    const svg = productSvg('x1', '<script>alert(1)</script>&');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });
});
