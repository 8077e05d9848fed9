import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeHtml } from './html.js';
import { MINIMAL_CATALOG, type CatalogItem } from './minimalCatalog.js';

export interface MarketplaceOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  pageSize?: number;
}

export interface RunningMarketplace {
  baseUrl: string;
  /** Expected flagged (listing id → right id) pairs: the planted cases. */
  planted(): { listingId: string; rightId: string }[];
  close(): Promise<void>;
}

const DEFAULTS = { host: '127.0.0.1', port: 0, pageSize: 3 } satisfies Required<MarketplaceOptions>;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

function searchPage(items: CatalogItem[], q: string, pageNo: number, pageSize: number): string {
  const start = (pageNo - 1) * pageSize;
  const slice = items.slice(start, start + pageSize);
  const rows = slice
    .map(
      ({ listing: l }) =>
        `<li class="gl-item" data-sku="${escapeHtml(l.id)}"><a class="p-name" href="/shopa/item/${encodeURIComponent(l.id)}">${escapeHtml(l.title)}</a>` +
        `<span class="p-price">¥${l.price ?? ''}</span><span class="p-shop">${escapeHtml(l.seller.name)}</span></li>`,
    )
    .join('');
  const next =
    start + pageSize < items.length
      ? `<a class="pn-next" href="/shopa/search?q=${encodeURIComponent(q)}&amp;page=${pageNo + 1}">下一页</a>`
      : '';
  return page(`${q} - 搜索`, `<ul id="J_goodsList">${rows}</ul>${next}`);
}

function itemPage({ listing: l }: CatalogItem): string {
  return page(
    l.title,
    `<div class="item">
      <h1 class="sku-name">${escapeHtml(l.title)}</h1>
      <div class="crumb">${escapeHtml(l.category ?? '')}</div>
      <span class="price">${l.price ?? ''}</span>
      <span class="sales">${l.sales ?? 0}</span>
      <a class="shop-name" data-seller-id="${escapeHtml(l.seller.id)}">${escapeHtml(l.seller.name)}</a>
      <span class="seller-location">${escapeHtml(l.seller.location ?? '')}</span>
      <div class="desc">${escapeHtml(l.description ?? '')}</div>
    </div>`,
  );
}

/**
 * The thin-slice marketplace: one server-rendered platform (`shopa`) with search, pagination and item pages
 * over a fixed catalogue.
 */
export async function startMinimalMarketplace(options: MarketplaceOptions = {}): Promise<RunningMarketplace> {
  const opts = { ...DEFAULTS, ...options };
  const byId = new Map(MINIMAL_CATALOG.map((item) => [item.listing.id, item]));

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, html: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    };
    if (url.pathname === '/shopa/search') {
      const q = url.searchParams.get('q') ?? '';
      const pageNo = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1);
      const items = MINIMAL_CATALOG.filter((i) => i.listing.title.includes(q));
      return send(200, searchPage(items, q, pageNo, opts.pageSize));
    }
    const item = /^\/shopa\/item\/([^/]+)$/.exec(url.pathname);
    if (item) {
      const found = byId.get(decodeURIComponent(item[1] ?? ''));
      return found ? send(200, itemPage(found)) : send(404, page('商品已下架', '<p>商品已下架</p>'));
    }
    send(404, page('404', '<p>页面不存在</p>'));
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${opts.host}:${port}`,
    planted: () =>
      MINIMAL_CATALOG.flatMap((i) =>
        i.planted ? [{ listingId: i.listing.id, rightId: i.planted.rightId }] : [],
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
