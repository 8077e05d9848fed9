import { describe, expect, it } from 'vitest';
import {
  ExtractError,
  extractItemPage,
  extractSearchPage,
  parseSiteProfile,
  searchUrl,
  stateFromVariable,
  type SiteProfileInput,
} from '../../src/extract/index.js';

const NOW = '2026-03-15T08:00:00.000Z';
const BASE = 'http://127.0.0.1:4000/shopx';

function profile(over: Partial<SiteProfileInput> & Pick<SiteProfileInput, 'search'>) {
  return parseSiteProfile(
    { platform: 'shopx', hosts: ['127.0.0.1'], itemId: { fromUrl: '/item/([\\w-]+)' }, ...over },
    'rules/sites/shopx.json',
  );
}

const cssProfile = profile({
  search: {
    urlTemplate: '{base}/search?q={q}&page={page}',
    items: {
      css: ['ul.new li.card', 'ul.old li'],
      exclude: '.ad',
      link: { css: 'a.t', attr: 'href' },
      title: { css: 'a.t', exclude: '.badge' },
      price: { css: '.p' },
    },
    pagination: { param: 'page', maxPages: 3 },
    noResults: '.empty',
  },
  item: {
    fields: {
      title: { css: 'h1' },
      description: { css: '.desc' },
      category: { css: '.crumb a', all: true, join: '/' },
      price: [{ css: '.promo' }, { css: '.price' }],
      sales: { css: '.sold', regex: '月销\\s*([\\d.]+万?\\+?)' },
      images: { css: '.gallery img', attr: 'src', all: true },
      sellerId: { css: '.shop', attr: 'data-id' },
      sellerName: { css: '.shop' },
      sellerLocation: { css: '.ship', regex: '发货地[：:]\\s*(.+)' },
    },
  },
});

describe('CSS extraction', () => {
  const page = `
    <ul class="new">
      <li class="card"><a class="t" href="/shopx/item/a1"><span class="badge">广告</span>耐克 Air <em>Max</em></a><span class="p">¥1,299.00</span></li>
      <li class="card ad"><a class="t" href="/shopx/item/ad9">推广</a></li>
      <li class="card"><a class="t" href="javascript:alert(1)">bad link</a></li>
      <li class="card"><a class="t" href="item/a2?spm=1">李宁 运动鞋</a><span class="p">89.5元</span></li>
    </ul>`;

  it('reads item links, ids, titles and prices; drops excluded items and non-web links', () => {
    const r = extractSearchPage(cssProfile, page, `${BASE}/search?q=x&page=1`);
    expect(r.status).toBe('ok');
    expect(r.items).toEqual([
      { url: `${BASE}/item/a1`, itemId: 'a1', title: '耐克 Air Max', price: 1299 },
      { url: `${BASE}/item/a2?spm=1`, itemId: 'a2', title: '李宁 运动鞋', price: 89.5 },
    ]);
    expect(r.nextUrl).toBe(`${BASE}/search?q=x&page=2`);
  });

  it('falls back to an older markup alternative', () => {
    const r = extractSearchPage(
      cssProfile,
      '<ul class="old"><li><a class="t" href="/shopx/item/z">旧版</a></li></ul>',
      `${BASE}/search?q=x`,
    );
    expect(r.items).toEqual([{ url: `${BASE}/item/z`, itemId: 'z', title: '旧版' }]);
  });

  it('stops paginating at maxPages and on an empty page; tells "no results" from unknown markup', () => {
    expect(extractSearchPage(cssProfile, page, `${BASE}/search?q=x&page=3`).nextUrl).toBeNull();
    const empty = extractSearchPage(
      cssProfile,
      '<div class="empty">没有找到</div>',
      `${BASE}/search?q=x&page=1`,
    );
    expect(empty).toEqual({ items: [], nextUrl: null, status: 'empty' });
    const changed = extractSearchPage(
      cssProfile,
      '<div class="grid2025"></div>',
      `${BASE}/search?q=x&page=1`,
    );
    expect(changed.status).toBe('unrecognised');
  });

  it('extracts an item page into a Listing (alternatives, regex, all, join, sales in 万)', () => {
    const html = `<h1>耐克 Air Max 90 男子运动鞋</h1>
      <div class="crumb"><a>运动户外</a><a>运动鞋</a></div>
      <span class="price">12,99 €</span><span class="sold">月销 1.2万+</span>
      <div class="gallery"><img src="/img/1.jpg"><img src="https://cdn.example/2.jpg"></div>
      <a class="shop" data-id="s-77">莆田好鞋店</a><span class="ship">发货地：福建 莆田</span>
      <div class="desc">正品
        保障</div>`;
    const listing = extractItemPage(cssProfile, html, `${BASE}/item/a1`, NOW);
    expect(listing).toEqual({
      id: 'a1',
      platform: 'shopx',
      url: `${BASE}/item/a1`,
      title: '耐克 Air Max 90 男子运动鞋',
      description: '正品 保障',
      category: '运动户外/运动鞋',
      price: 12.99,
      sales: 12000,
      seller: { id: 's-77', name: '莆田好鞋店', location: '福建 莆田' },
      images: ['http://127.0.0.1:4000/img/1.jpg', 'https://cdn.example/2.jpg'],
      capturedAt: NOW,
    });
  });

  it('an item page without a title is an error naming the URL and the profile field', () => {
    const url = `${BASE}/item/a1`;
    const run = () => extractItemPage(cssProfile, '<a class="shop" data-id="s">店</a>', url, NOW);
    expect(run).toThrow(ExtractError);
    expect(run).toThrow(`${url}: shopx profile field "item.fields.title": not found`);
  });
});

describe('pagination by a "more" marker', () => {
  const more = profile({
    search: {
      urlTemplate: '{base}/search?q={q}&page={page}',
      items: { css: 'li.card', link: { css: 'a', attr: 'href' } },
      pagination: { param: 'page', step: 5, hasMore: '#load-more', maxPages: 10 },
    },
  });
  const list = '<ul><li class="card"><a href="/shopx/item/1">a</a></li></ul>';

  it('continues while the marker is present, by `step` pages', () => {
    const r = extractSearchPage(
      more,
      `${list}<button id="load-more">加载更多</button>`,
      `${BASE}/search?q=x&page=6`,
    );
    expect(r.nextUrl).toBe(`${BASE}/search?q=x&page=11`);
  });

  it('stops when it is gone', () => {
    expect(extractSearchPage(more, list, `${BASE}/search?q=x&page=6`).nextUrl).toBeNull();
  });
});

describe('embedded script state (JSON paths)', () => {
  const stateProfile = profile({
    search: {
      urlTemplate: '{base}/search?q={q}&page={page}',
      state: { variable: 'g_page_config' },
      items: {
        jsonPath: 'mods.itemlist.data.auctions',
        link: { jsonPath: 'detail_url' },
        itemId: { jsonPath: 'nid' },
        title: { jsonPath: 'raw_title' },
        price: { jsonPath: 'view_price' },
      },
      pagination: { param: 'page' },
    },
    item: {
      state: { selector: 'script#__STATE__' },
      fields: {
        title: { jsonPath: 'item.title', html: true },
        price: { jsonPath: 'item.price', parse: 'price' },
        sales: { jsonPath: 'item["sold text"]' },
        sellerId: { jsonPath: 'item.shop.id' },
        sellerName: { jsonPath: 'item.shop.name' },
        sellerLocation: { jsonPath: 'item.shop.loc' },
        images: { jsonPath: 'item.images', all: true },
      },
    },
  });

  it('cuts the JSON literal out of the script by bracket matching (strings with }; and </script> inside)', () => {
    const html = `<script>var x = 1; g_page_config = {"mods":{"itemlist":{"data":{"auctions":[
        {"nid":"101","raw_title":"耐克 };\\"{ 鞋","detail_url":"//127.0.0.1:4000/shopx/item/101","view_price":"299.00"},
        {"nid":"102","raw_title":"<\\/script><script>alert(1)<\\/script>","detail_url":"/shopx/item/102","view_price":"5"}
      ]}}}};
      g_srp_loadCss();</script>`;
    const r = extractSearchPage(stateProfile, html, `${BASE}/search?q=x&page=1`);
    expect(r.items).toEqual([
      { url: `${BASE}/item/101`, itemId: '101', title: '耐克 };"{ 鞋', price: 299 },
      // Hostile title text stays inert text: nothing is parsed or run.
      { url: `${BASE}/item/102`, itemId: '102', title: '</script><script>alert(1)</script>', price: 5 },
    ]);
  });

  it('never evaluates script: a non-JSON assignment yields no state', () => {
    const html = `<script>g_page_config = {mods: globalThis.process.exit(1)};</script>`;
    expect(stateFromVariable(html, 'g_page_config')).toBeUndefined();
    expect(extractSearchPage(stateProfile, html, `${BASE}/search?q=x`).status).toBe('unrecognised');
    expect(stateFromVariable('<script>window.__S__ = {"a":[1,{"b":"]"}]};</script>', 'window.__S__')).toEqual(
      {
        a: [1, { b: ']' }],
      },
    );
  });

  it('reads an item from a JSON script element; html:true takes the text of highlighted titles', () => {
    const state = {
      item: {
        title: '<em>NIKE</em> 耐克 &amp; 鞋',
        price: '¥ 1.2万',
        'sold text': '10万+人付款',
        shop: { id: 9, name: '鞋城', loc: '浙江 杭州' },
        images: ['//img.example/1.jpg'],
      },
    };
    const html = `<script id="__STATE__" type="application/json">${JSON.stringify(state)}</script>`;
    const listing = extractItemPage(stateProfile, html, `${BASE}/item/777`, NOW);
    expect(listing).toMatchObject({
      id: '777',
      title: 'NIKE 耐克 & 鞋',
      price: 12000,
      sales: 100000,
      seller: { id: '9', name: '鞋城', location: '浙江 杭州' },
      images: ['http://img.example/1.jpg'],
    });
  });
});

describe('hostile listing content', () => {
  it('script elements inside a title are not text; escaped markup stays literal text', () => {
    const html = `<h1>耐克<script>document.title="x"</script> &lt;img src=x onerror=alert(1)&gt;</h1><a class="shop" data-id="s">店</a>`;
    const listing = extractItemPage(cssProfile, html, `${BASE}/item/h1`, NOW);
    expect(listing.title).toBe('耐克 <img src=x onerror=alert(1)>');
  });
});

describe('search URLs', () => {
  it('fills {base}, {q} and {page}; GBK query encoding for old platforms', () => {
    expect(searchUrl(cssProfile, '耐克 鞋', 2, BASE)).toBe(
      `${BASE}/search?q=%E8%80%90%E5%85%8B%20%E9%9E%8B&page=2`,
    );
    const gbk = profile({
      baseUrl: 'https://search.example.com',
      search: {
        urlTemplate: '{base}/search?keyword={q}&page={page}',
        queryCharset: 'gbk',
        items: { css: 'li', link: { css: 'a', attr: 'href' } },
        pagination: { param: 'page', firstPage: 1, step: 2 },
      },
    });
    expect(searchUrl(gbk, '创新', 3)).toBe('https://search.example.com/search?keyword=%B4%B4%D0%C2&page=5');
    expect(() => searchUrl({ ...gbk, baseUrl: undefined }, 'x')).toThrow(/no base URL/);
  });
});
