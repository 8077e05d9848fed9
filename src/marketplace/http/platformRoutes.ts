import { Hono } from 'hono';
import { htmlPage } from '../html.js';
import { takedownAnswers404 } from '../dynamics.js';
import type { Market } from '../market.js';
import type { PlatformRenderer, Rendered } from '../platforms/renderer.js';
import { productSvg } from '../platforms/svg.js';
import { itemView } from '../platforms/view.js';
import { faultMiddleware } from './faultMiddleware.js';
import type { FaultInjector } from '../faults/faultInjector.js';
import {
  faultable,
  html,
  json,
  notFound,
  reply,
  type MarketContext,
  type MarketplaceEnv,
} from './context.js';
import { noticeRoutes } from './noticeRoutes.js';

/*
 * The routes of one platform, mounted at `/{platform}`: the same for every platform, with the look of the
 * pages left to its renderer. Search, item and shop pages and API answers may be faulted; the notice API,
 * static files, images, trap pages and 404 pages never are.
 */

export interface PlatformRouteDeps {
  market: Market;
  injector: FaultInjector;
  seed: number;
  takedownStyle: Parameters<typeof takedownAnswers404>[2];
  baseUrl: () => string;
}

/** Prefixes robots.txt disallows: the pages exist, so a crawler fetching them shows in the request log. */
const TRAP = /^\/(cart|member|admin)\//;

function params(c: MarketContext): URLSearchParams {
  return new URL(c.req.url).searchParams;
}

function pageNumber(c: MarketContext): number {
  const n = Number(params(c).get('page') ?? '1');
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

const pageUrl = (base: string, extra: string) => (n: number) =>
  `${base}?${extra}${extra ? '&' : ''}page=${n}`;

const rendered = (r: Rendered) => reply(r.status ?? 200, r.contentType, r.body);

export function platformRoutes(renderer: PlatformRenderer, deps: PlatformRouteDeps): Hono<MarketplaceEnv> {
  const { market, seed } = deps;
  const { catalog } = market;
  const platform = renderer.id;
  const app = new Hono<MarketplaceEnv>();

  app.route('/', noticeRoutes(market, renderer, deps.baseUrl));
  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return json(405, { error: 'method_not_allowed' });
    await next();
  });
  app.use('*', faultMiddleware(deps.injector));

  const searchResults = (c: MarketContext, base: string) => {
    const q = params(c).get('q') ?? '';
    const { page, duplicated } = market.resultPage(
      platform,
      catalog.search(platform, q),
      pageNumber(c),
      pageUrl(base, `q=${encodeURIComponent(q)}`),
      q,
    );
    if (duplicated) c.set('routeFault', 'duplicate');
    return page;
  };
  const shopData = (sellerIndex: number, base: string, c: MarketContext) => ({
    view: market.shopView(platform, sellerIndex),
    page: market.resultPage(
      platform,
      catalog.sellerListingIndices(sellerIndex, platform),
      pageNumber(c),
      pageUrl(base, ''),
      '',
    ).page,
  });

  app.get('*', async (c, next) => {
    if (!TRAP.test(new URL(c.req.url).pathname.slice(platform.length + 1))) return next();
    return html(200, htmlPage('登录', '<p class="login-required">请先登录 (login required)</p>'));
  });

  const files = renderer.staticFiles;
  if (files) {
    app.get('/static/:file', (c) => {
      const file = files[c.req.param('file')];
      return file ? reply(200, file.contentType, file.body) : notFound();
    });
  }

  app.get('/img/:file', (c) => {
    const name = c.req.param('file');
    if (!name.endsWith('.svg')) return notFound();
    const found = market.lookup(platform, name.slice(0, -'.svg'.length));
    if (found?.state !== 'live') return notFound();
    return reply(200, 'image/svg+xml; charset=utf-8', productSvg(found.listing.id, found.listing.title), {
      'cache-control': 'max-age=86400',
    });
  });

  app.get('/search', (c) => {
    const q = params(c).get('q') ?? '';
    const results = () => searchResults(c, `/${platform}/search`);
    return faultable(c, rendered(renderer.searchPage(q, pageNumber(c), results)));
  });

  app.get('/item/:id', (c) => {
    const id = c.req.param('id');
    const found = market.lookup(platform, id);
    if (!found) return notFound();
    if (found.state === 'offline') {
      const status = takedownAnswers404(seed, found.index, deps.takedownStyle) ? 404 : 200;
      return faultable(c, rendered(renderer.offlinePage(id, status)));
    }
    return faultable(c, rendered(renderer.itemPage(itemView(found.listing, platform))));
  });

  app.get('/shop/:id', (c) => {
    const sellerId = c.req.param('id');
    const sellerIndex = catalog.sellerIndex(platform, sellerId);
    if (sellerIndex === null) return notFound();
    const base = `/${platform}/shop/${encodeURIComponent(sellerId)}`;
    const page = renderer.shopPage(sellerId, pageNumber(c), () => shopData(sellerIndex, base, c));
    return faultable(c, rendered(page));
  });

  const api = renderer.api;
  if (api) {
    app.get('/api/search', (c) => {
      const page = searchResults(c, `/${platform}/api/search`);
      return faultable(c, json(200, api.search(page)));
    });
    app.get('/api/item/:id', (c) => {
      const found = market.lookup(platform, c.req.param('id'));
      if (!found) return faultable(c, json(404, { error: 'not_found', message: '商品不存在' }));
      if (found.state === 'offline') {
        return faultable(c, json(404, { status: 'offline', message: '该商品已下架' }));
      }
      return faultable(c, json(200, api.item(itemView(found.listing, platform))));
    });
    app.get('/api/shop/:id', (c) => {
      const sellerId = c.req.param('id');
      const sellerIndex = catalog.sellerIndex(platform, sellerId);
      if (sellerIndex === null) {
        return faultable(c, json(404, { error: 'not_found', message: '店铺不存在' }));
      }
      const base = `/${platform}/api/shop/${encodeURIComponent(sellerId)}`;
      return faultable(c, json(200, api.shop(shopData(sellerIndex, base, c))));
    });
  }
  return app;
}
