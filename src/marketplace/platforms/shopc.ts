import { readFileSync } from 'node:fs';
import { escapeHtml as e, htmlPage } from '../html.js';
import { HTML, type PlatformRenderer } from './renderer.js';
import type { ItemView, ResultPage, ShopView } from './view.js';

/*
 * shopc — client-rendered: every page is an empty shell; /shopc/static/app.js fetch()es JSON from
 * /shopc/api/… and renders it (search and shop pages load further batches with a 加载更多 button, which also
 * fires when scrolled into view). Without JavaScript there is nothing to extract.
 */

const SITE = '丙优选';

export type ShopcView = 'search' | 'item' | 'shop';

export function shopcShell(view: ShopcView, params: Record<string, string>): string {
  const attrs = Object.entries(params)
    .map(([k, v]) => ` data-${k}="${e(v)}"`)
    .join('');
  return htmlPage(
    SITE,
    `<div id="app" data-view="${view}"${attrs} data-state="loading"><div class="loading">加载中…</div></div>
<noscript><div class="noscript">请启用 JavaScript 后浏览本站 (JavaScript required)</div></noscript>
<script src="/shopc/static/app.js" defer></script>`,
    { head: '<link rel="stylesheet" href="/shopc/static/app.css">' },
  );
}

function apiItem(it: ItemView) {
  return {
    id: it.id,
    title: it.title,
    price: it.price,
    sales: it.sales,
    url: it.url,
    image: it.image,
    shop: { id: it.seller.id, name: it.seller.name, url: it.seller.shopUrl },
    location: it.seller.location,
  };
}

export function shopcSearchJson(page: ResultPage): unknown {
  return {
    q: page.query,
    page: page.page,
    pageSize: page.pageSize,
    total: page.total,
    hasMore: page.nextUrl !== null,
    items: page.items.map(apiItem),
  };
}

export function shopcItemJson(it: ItemView): unknown {
  return {
    status: 'on_sale',
    item: {
      ...apiItem(it),
      category: it.category,
      description: it.description,
      images: [it.image],
    },
  };
}

export function shopcShopJson(shop: ShopView, page: ResultPage): unknown {
  return {
    shop: { id: shop.id, name: shop.name, location: shop.location, creditCode: shop.creditCode },
    ...(shopcSearchJson(page) as object),
  };
}

export const SHOPC_CSS = `body{font-family:sans-serif;margin:0 auto;max-width:960px}
.card{display:flex;gap:12px;padding:8px;border-bottom:1px solid #eee}
.card img{width:80px;height:80px}.card-price{color:#e4393c}
#load-more{display:block;margin:16px auto;padding:8px 32px}
.item-offline,.error{color:#999;padding:32px;text-align:center}`;

const CLIENT_JS = readFileSync(new URL('../client/app.js', import.meta.url), 'utf8');

/** Every page is the shell (a taken-down item too: the API says it is offline); the data is in the API. */
export const shopcRenderer: PlatformRenderer = {
  id: 'shopc',
  name: SITE,
  searchPage: (query, pageNo) => ({
    contentType: HTML,
    body: shopcShell('search', { q: query, page: String(pageNo) }),
  }),
  itemPage: (view) => ({ contentType: HTML, body: shopcShell('item', { id: view.id }) }),
  offlinePage: (id) => ({ contentType: HTML, body: shopcShell('item', { id }) }),
  shopPage: (sellerId, pageNo) => ({
    contentType: HTML,
    body: shopcShell('shop', { seller: sellerId, page: String(pageNo) }),
  }),
  api: {
    search: shopcSearchJson,
    item: shopcItemJson,
    shop: ({ view, page }) => shopcShopJson(view, page),
  },
  staticFiles: {
    'app.js': { contentType: 'text/javascript; charset=utf-8', body: CLIENT_JS },
    'app.css': { contentType: 'text/css; charset=utf-8', body: SHOPC_CSS },
  },
};
