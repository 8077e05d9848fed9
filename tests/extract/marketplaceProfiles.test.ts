import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserFetcher } from '../../src/crawl/browserFetcher.js';
import { DEFAULT_SESSION_OPTIONS, Session } from '../../src/crawl/session.js';
import {
  decodeBodyDetailed,
  extractItemPage,
  extractSearchPage,
  ListingOfflineError,
  loadSiteProfiles,
  searchUrl,
  type SearchItem,
  type SiteProfile,
} from '../../src/extract/index.js';
import { listingId, platformOf } from '../../src/marketplace/catalog/catalog.js';
import { shopaOfflinePage } from '../../src/marketplace/platforms/shopa.js';
import { shopbOfflinePage } from '../../src/marketplace/platforms/shopb.js';
import { startMarketplace, type RunningMarketplace } from '../../src/marketplace/server.js';
import type { Listing } from '../../src/model/index.js';

/*
 * The shipped profiles for the three sample-marketplace platforms, against the running marketplace:
 * everything a search lists is found (all pages, in order), and item pages give back the generated listing.
 */

const profiles = loadSiteProfiles('rules/sites');
const profileOf = (id: string): SiteProfile => {
  const p = profiles.get(id);
  if (!p) throw new Error(id);
  return p;
};

/** Results per page (shopc: per 加载更多 batch); small, so a few dozen results span several pages. */
const PAGE = 3;

let market: RunningMarketplace;
beforeAll(async () => {
  market = await startMarketplace({ listings: 600, seed: 11, faults: 'none', pageSize: PAGE });
});
afterAll(async () => {
  await market?.close();
});

async function get(url: string): Promise<{ text: string; charset: string; source: string; status: number }> {
  const res = await fetch(url);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const decoded = decodeBodyDetailed(bytes, res.headers.get('content-type'));
  return { ...decoded, status: res.status };
}

/** A query with results on a platform spanning several pages: the most common category word. */
function busyQuery(platform: string): { query: string; ids: string[] } {
  const counts = new Map<string, number>();
  for (let i = 0; i < market.catalog.size; i++) {
    if (platformOf(i) !== platform) continue;
    const word = market.catalog.listingAt(i).listing.category?.split('/')[0];
    if (word) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const [query] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [''];
  const ids = Array.from(market.catalog.search(platform as 'shopa', query), (i) => listingId(i));
  return { query, ids };
}

function expectSameListing(got: Listing, want: Listing): void {
  expect(got).toMatchObject({
    id: want.id,
    platform: want.platform,
    title: want.title,
    category: want.category,
    price: want.price,
    sales: want.sales,
    seller: { id: want.seller.id, name: want.seller.name, location: want.seller.location },
  });
  expect(got.description ?? '').toBe(want.description ?? '');
}

function listingById(id: string): Listing {
  for (let i = 0; i < market.catalog.size; i++)
    if (listingId(i) === id) return market.catalog.listingAt(i).listing;
  throw new Error(`no listing ${id}`);
}

describe.each(['shopa', 'shopb'])('%s profile (HTTP) against the sample marketplace', (platform) => {
  it('follows pagination and finds every listed item once, in order', async () => {
    const profile = profileOf(platform);
    const { query, ids } = busyQuery(platform);
    expect(ids.length).toBeGreaterThan(2 * PAGE);
    const found: SearchItem[] = [];
    let url: string | null = searchUrl(profile, query, 1, market.platforms[platform as 'shopa']);
    let pages = 0;
    while (url && pages < 50) {
      const page = await get(url);
      const result = extractSearchPage(profile, page.text, url);
      expect(result.status).toBe('ok');
      found.push(...result.items);
      url = result.nextUrl;
      pages++;
    }
    expect(pages).toBe(Math.ceil(ids.length / PAGE));
    expect(found.map((i) => i.itemId)).toEqual(ids);
    for (const item of found) {
      expect(item.url).toBe(
        `${market.platforms[platform as 'shopa']}/item/${encodeURIComponent(item.itemId ?? '')}`,
      );
      expect(item.title).toBe(listingById(item.itemId ?? '').title);
    }
  });

  it('reads item pages back into the generated listing', async () => {
    const profile = profileOf(platform);
    const { ids } = busyQuery(platform);
    for (const id of ids.slice(0, 8)) {
      const url = `${market.platforms[platform as 'shopa']}/item/${encodeURIComponent(id)}`;
      const page = await get(url);
      if (platform === 'shopa') expect(page).toMatchObject({ charset: 'gb18030', source: 'header' });
      const listing = extractItemPage(profile, page.text, url, '2026-11-23T04:00:00.000Z');
      expectSameListing(listing, listingById(id));
    }
  });

  it('a taken-down (下架) item page is ListingOfflineError, not a parse failure', () => {
    const html = platform === 'shopa' ? shopaOfflinePage('x-1') : shopbOfflinePage('x-1');
    const url = `${market.platforms[platform as 'shopa']}/item/x-1`;
    expect(() => extractItemPage(profileOf(platform), html, url, '2026-11-23T04:00:00.000Z')).toThrow(
      ListingOfflineError,
    );
  });

  it('a search without results is "empty", not an extraction failure', async () => {
    const profile = profileOf(platform);
    const url = searchUrl(profile, 'zzqx没有这种商品', 1, market.platforms[platform as 'shopa']);
    const result = extractSearchPage(profile, (await get(url)).text, url);
    expect(result).toEqual({ items: [], nextUrl: null, status: 'empty' });
  });
});

describe('shopc profile (browser: load-more clicks) against the sample marketplace', () => {
  let browser: BrowserFetcher;
  const session = new Session('extract-test', '127.0.0.1', DEFAULT_SESSION_OPTIONS);
  beforeAll(() => {
    browser = new BrowserFetcher({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      userAgent: 'markwatch-test',
      timeoutMs: 20_000,
      maxPages: 2,
      recycleContextAfterPages: 50,
      recycleBrowserAfterPages: 100,
      maxBrowserMemoryMb: 1500,
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function render(url: string, kind: 'search' | 'item'): Promise<string> {
    const page = await browser.fetch({ url, kind, profile: profileOf('shopc'), session });
    try {
      return page.text;
    } finally {
      await page.close();
    }
  }

  it('the shell alone holds no items (client-rendered)', async () => {
    const url = searchUrl(profileOf('shopc'), busyQuery('shopc').query, 1, market.platforms.shopc);
    const shell = (await get(url)).text;
    expect(extractSearchPage(profileOf('shopc'), shell, url).status).toBe('unrecognised');
  });

  it('renders, clicks 加载更多 until the list ends, and finds every item once, in order', async () => {
    const profile = profileOf('shopc');
    const { query, ids } = busyQuery('shopc');
    expect(ids.length).toBeGreaterThan(5 * PAGE);
    const url = searchUrl(profile, query, 1, market.platforms.shopc);
    const html = await render(url, 'search');
    const result = extractSearchPage(profile, html, url);
    expect(result.status).toBe('ok');
    expect(result.items.map((i) => i.itemId)).toEqual(ids);
    expect(html).toContain('id="list-end"');
    expect(result.nextUrl).toBeNull();
  });

  it('reads a rendered item page back into the generated listing', async () => {
    const profile = profileOf('shopc');
    for (const id of busyQuery('shopc').ids.slice(0, 3)) {
      const url = `${market.platforms.shopc}/item/${encodeURIComponent(id)}`;
      const listing = extractItemPage(profile, await render(url, 'item'), url, '2026-11-23T04:00:00.000Z');
      expectSameListing(listing, listingById(id));
    }
  });
});
