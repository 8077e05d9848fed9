import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import type { Listing } from '../model/index.js';
import { loadWatchListFile } from '../rights/watchListFile.js';
import { Catalog, parseListingId, listingId } from './catalog/catalog.js';
import { creditCodeFor } from './catalog/creditCode.js';
import { sellerLocation } from './catalog/sellers.js';
import { applyEdit, generationAt, lastEditEpoch, takedownAnswers404 } from './dynamics.js';
import { encodeGbk } from './gbk.js';
import { FaultInjector } from './faults/faultInjector.js';
import { resolveFaults, type FaultSettings } from './faults/faultSettings.js';
import { htmlPage } from './html.js';
import { NoticeBook, NoticeValidationError, parseNoticeInput } from './notices/noticeBook.js';
import { publicityPage } from './notices/publicityPage.js';
import {
  MARKETPLACE_DEFAULTS,
  TAKEDOWN_DEFAULTS,
  type MarketplaceOptions,
  type TakedownSettings,
} from './options.js';
import { isPlatform, PLATFORMS, type PlatformId } from './platformIds.js';
import { shopaItemPage, shopaOfflinePage, shopaSearchPage, shopaShopPage } from './platforms/shopa.js';
import { shopbItemPage, shopbOfflinePage, shopbSearchPage, shopbShopPage } from './platforms/shopb.js';
import { SHOPC_CSS, shopcItemJson, shopcSearchJson, shopcShell, shopcShopJson } from './platforms/shopc.js';
import { productSvg } from './platforms/svg.js';
import { itemView, type ItemView, type ResultPage, type ShopView } from './platforms/view.js';
import { RequestLog, type RequestLogEntry } from './requestLog.js';

export type { MarketplaceOptions } from './options.js';
export type { RequestLogEntry } from './requestLog.js';

export interface RunningMarketplace {
  baseUrl: string;
  /** Base URL of each platform (`${baseUrl}/shopa` …). */
  platforms: Record<PlatformId, string>;
  /** Every request so far (bounded by requestLogLimit). */
  requestLog(): RequestLogEntry[];
  /** The generated data behind the pages. */
  catalog: Catalog;
  /** The fault settings in force. */
  faults: FaultSettings;
  /** Current epoch (edits and takedown/relisting happen per epoch). */
  epoch(): number;
  /** Moves to the next epoch (listings may be edited, taken down and relisted). */
  advanceEpoch(): number;
  close(): Promise<void>;
}

const PLATFORM_NAMES: Record<PlatformId, string> = { shopa: '甲商城', shopb: '乙淘网', shopc: '丙优选' };
const CLIENT_JS = readFileSync(new URL('./client/app.js', import.meta.url), 'utf8');

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
  /** Pages and API answers the fault injector may tamper with. */
  faultable: boolean;
}

const html = (status: number, body: string, faultable = true): Reply => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body,
  faultable,
});
const json = (status: number, value: unknown, faultable = true): Reply => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(value),
  faultable,
});
const notFound = () =>
  html(404, htmlPage('404 页面不存在', '<p class="error-404">页面不存在 (not found)</p>'), false);

/** Starts the sample marketplace on 127.0.0.1; see docs/marketplace.md. */
export async function startMarketplace(
  options: Partial<MarketplaceOptions> = {},
): Promise<RunningMarketplace> {
  const opts: MarketplaceOptions = { ...MARKETPLACE_DEFAULTS, ...options };
  const faults = resolveFaults(opts.faults);
  const takedown: TakedownSettings = { ...TAKEDOWN_DEFAULTS, ...opts.takedown };
  const rights = loadWatchListFile(opts.watchlist);
  const log = new RequestLog(opts.requestLogLimit);
  const notices = new NoticeBook(opts.seed, takedown, opts.now);
  let epoch = 0;
  let catalog: Catalog | undefined;

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${opts.host}:${port}`;
  try {
    catalog = new Catalog({
      seed: opts.seed,
      listings: opts.listings,
      baseUrl,
      capturedAt: opts.capturedAt,
      rights,
    });
  } catch (err) {
    server.close();
    throw err;
  }
  const cat = catalog;
  const injector = new FaultInjector(opts.seed, faults, opts.now);

  // ── Listing state: relisting generation, edits, notice takedowns ─────────────────────────────────
  const currentGeneration = (index: number) => generationAt(opts.seed, index, epoch, faults.takedownRate);
  const currentListing = (index: number): Listing => {
    const generated = cat.listingAt(index, currentGeneration(index));
    const editEpoch =
      generated.kind === 'ordinary' ? lastEditEpoch(opts.seed, index, epoch, faults.editRate) : 0;
    return applyEdit(generated.listing, opts.seed, index, editEpoch);
  };
  type Lookup =
    { state: 'live'; index: number; listing: Listing } | { state: 'offline'; index: number } | null;
  const lookup = (platform: PlatformId, id: string): Lookup => {
    const parsed = parseListingId(platform, id);
    if (!parsed || parsed.index >= cat.size) return null;
    const current = currentGeneration(parsed.index);
    if (parsed.generation > current) return null;
    if (parsed.generation < current || notices.isTakenDown(platform, id)) {
      return { state: 'offline', index: parsed.index };
    }
    return { state: 'live', index: parsed.index, listing: currentListing(parsed.index) };
  };

  const resultPage = (
    platform: PlatformId,
    indices: ArrayLike<number>,
    pageNo: number,
    pageUrl: (page: number) => string,
    query: string,
  ): { page: ResultPage; duplicated: boolean } => {
    let live: ArrayLike<number> = indices;
    if (notices.hasTakedowns()) {
      live = Array.from(indices).filter(
        (i) => !notices.isTakenDown(platform, listingId(i, currentGeneration(i))),
      );
    }
    const size = opts.pageSize;
    const total = live.length;
    const pageCount = Math.max(1, Math.ceil(total / size));
    const start = (pageNo - 1) * size;
    const slice: number[] = [];
    for (let k = start; k < Math.min(total, start + size); k++) slice.push(live[k] as number);
    let duplicated = false;
    if (pageNo > 1 && start < total && injector.duplicate()) {
      const from = Math.max(0, start - faults.duplicateCount);
      const repeats: number[] = [];
      for (let k = from; k < start; k++) repeats.push(live[k] as number);
      slice.unshift(...repeats);
      duplicated = repeats.length > 0;
    }
    const items = slice.map((i) => itemView(currentListing(i), platform));
    return {
      duplicated,
      page: {
        query,
        page: pageNo,
        pageSize: size,
        total,
        pageCount,
        items,
        nextUrl: pageNo < pageCount ? pageUrl(pageNo + 1) : null,
        prevUrl: pageNo > 1 ? pageUrl(pageNo - 1) : null,
      },
    };
  };

  const shopView = (platform: PlatformId, sellerIndex: number): ShopView => {
    const seller = cat.seller(sellerIndex, platform);
    const { location } = sellerLocation(seller, platform);
    return {
      id: seller.id,
      name: seller.name,
      location,
      creditCode: creditCodeFor(opts.seed, sellerIndex, seller.regionCode),
      platform,
    };
  };

  const pageNumber = (url: URL): number => {
    const n = Number(url.searchParams.get('page') ?? '1');
    return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
  };

  const itemReply = (platform: PlatformId, id: string): Reply => {
    const found = lookup(platform, id);
    if (!found) return notFound();
    if (found.state === 'offline') {
      const status = takedownAnswers404(opts.seed, found.index, faults.takedownStyle) ? 404 : 200;
      if (platform === 'shopa') {
        return {
          status,
          headers: { 'content-type': 'text/html; charset=gbk' },
          body: encodeGbk(shopaOfflinePage(id)),
          faultable: true,
        };
      }
      if (platform === 'shopb') return html(status, shopbOfflinePage(id));
      return html(200, shopcShell('item', { id }));
    }
    const view: ItemView = itemView(found.listing, platform);
    if (platform === 'shopa') {
      return {
        status: 200,
        headers: { 'content-type': 'text/html; charset=gbk' },
        body: encodeGbk(shopaItemPage(view)),
        faultable: true,
      };
    }
    if (platform === 'shopb') return html(200, shopbItemPage(view));
    return html(200, shopcShell('item', { id }));
  };

  const route = async (req: IncomingMessage, url: URL): Promise<Reply & { fault?: string }> => {
    const path = url.pathname;
    if (path === '/robots.txt') {
      return {
        status: 200,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: robotsTxt(faults),
        faultable: false,
      };
    }
    if (path === '/' || path === '') return html(200, indexPage(baseUrl), false);
    const m = /^\/([a-z]+)(\/.*)?$/.exec(path);
    const platform = m?.[1];
    if (!platform || !isPlatform(platform)) return notFound();
    const rest = m?.[2] ?? '/';
    const q = url.searchParams.get('q') ?? '';

    // Notice API and publicity page: never faulted.
    if (rest === '/api/notices' && req.method === 'POST') return postNotice(req, platform);
    if (rest === '/api/notices' && req.method === 'GET') {
      return json(200, { notices: notices.list(platform).map((n) => notices.toJson(n)) }, false);
    }
    const noticeMatch = /^\/api\/notices\/([^/]+)$/.exec(rest);
    if (noticeMatch) {
      const notice = notices.get(platform, decodeURIComponent(noticeMatch[1] ?? ''));
      return notice
        ? json(200, notices.toJson(notice), false)
        : json(404, { error: 'not_found', message: '通知不存在' }, false);
    }
    if (rest === '/notices') {
      return html(
        200,
        publicityPage(
          PLATFORM_NAMES[platform],
          notices.list(platform).map((n) => notices.toJson(n)),
        ),
        false,
      );
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return json(405, { error: 'method_not_allowed' }, false);
    }
    if (platform === 'shopc' && rest === '/static/app.js') {
      return {
        status: 200,
        headers: { 'content-type': 'text/javascript; charset=utf-8' },
        body: CLIENT_JS,
        faultable: false,
      };
    }
    if (platform === 'shopc' && rest === '/static/app.css') {
      return {
        status: 200,
        headers: { 'content-type': 'text/css; charset=utf-8' },
        body: SHOPC_CSS,
        faultable: false,
      };
    }
    const img = /^\/img\/([^/]+)\.svg$/.exec(rest);
    if (img) {
      const found = lookup(platform, decodeURIComponent(img[1] ?? ''));
      if (!found || found.state !== 'live') return notFound();
      return {
        status: 200,
        headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'max-age=86400' },
        body: productSvg(found.listing.id, found.listing.title),
        faultable: false,
      };
    }
    // Trap pages under robots.txt-disallowed prefixes: they exist, so fetching them shows in the log.
    if (/^\/(cart|member|admin)\//.test(rest)) {
      return html(200, htmlPage('登录', '<p class="login-required">请先登录 (login required)</p>'), false);
    }

    const pageUrl = (base: string, extra: string) => (n: number) =>
      `${base}?${extra}${extra ? '&' : ''}page=${n}`;
    if (rest === '/search') {
      const indices = cat.search(platform, q);
      const { page, duplicated } = resultPage(
        platform,
        indices,
        pageNumber(url),
        pageUrl(`/${platform}/search`, `q=${encodeURIComponent(q)}`),
        q,
      );
      const fault = duplicated ? { fault: 'duplicate' } : {};
      if (platform === 'shopa') return { ...html(200, shopaSearchPage(page)), ...fault };
      if (platform === 'shopb') return { ...html(200, shopbSearchPage(page)), ...fault };
      return html(200, shopcShell('search', { q, page: String(page.page) }));
    }
    if (platform === 'shopc' && rest === '/api/search') {
      const { page, duplicated } = resultPage(
        platform,
        cat.search(platform, q),
        pageNumber(url),
        pageUrl('/shopc/api/search', `q=${encodeURIComponent(q)}`),
        q,
      );
      return { ...json(200, shopcSearchJson(page)), ...(duplicated ? { fault: 'duplicate' } : {}) };
    }
    const item = /^\/item\/([^/]+)$/.exec(rest);
    if (item) return itemReply(platform, decodeURIComponent(item[1] ?? ''));
    const apiItem = /^\/api\/item\/([^/]+)$/.exec(rest);
    if (platform === 'shopc' && apiItem) {
      const found = lookup(platform, decodeURIComponent(apiItem[1] ?? ''));
      if (!found) return json(404, { error: 'not_found', message: '商品不存在' });
      if (found.state === 'offline') return json(404, { status: 'offline', message: '该商品已下架' });
      return json(200, shopcItemJson(itemView(found.listing, platform)));
    }
    const shop = /^\/(api\/)?shop\/([^/]+)$/.exec(rest);
    if (shop && (platform === 'shopc' || !shop[1])) {
      const sellerId = decodeURIComponent(shop[2] ?? '');
      const sellerIndex = cat.sellerIndex(platform, sellerId);
      if (sellerIndex === null)
        return shop[1] ? json(404, { error: 'not_found', message: '店铺不存在' }) : notFound();
      if (platform === 'shopc' && !shop[1])
        return html(200, shopcShell('shop', { seller: sellerId, page: String(pageNumber(url)) }));
      const indices = cat.sellerListingIndices(sellerIndex, platform);
      const base = shop[1]
        ? `/shopc/api/shop/${encodeURIComponent(sellerId)}`
        : `/${platform}/shop/${encodeURIComponent(sellerId)}`;
      const { page } = resultPage(platform, indices, pageNumber(url), pageUrl(base, ''), '');
      const view = shopView(platform, sellerIndex);
      if (platform === 'shopa') return html(200, shopaShopPage(view, page));
      if (platform === 'shopb') return html(200, shopbShopPage(view, page));
      return json(200, shopcShopJson(view, page));
    }
    return notFound();
  };

  const postNotice = async (req: IncomingMessage, platform: PlatformId): Promise<Reply> => {
    let raw: unknown;
    try {
      raw = JSON.parse(await readBody(req, 64_000));
    } catch (err) {
      return json(
        400,
        { error: 'invalid_notice', field: '(body)', message: `不是有效的 JSON: ${(err as Error).message}` },
        false,
      );
    }
    try {
      const input = parseNoticeInput(raw);
      let listingPath: string;
      try {
        listingPath = new URL(input.listingUrl, baseUrl).pathname;
      } catch {
        throw new NoticeValidationError('listingUrl', '不是有效的链接 (not a URL)');
      }
      const m = /^\/([a-z]+)\/item\/([^/]+)$/.exec(listingPath);
      if (!m || m[1] !== platform) {
        throw new NoticeValidationError('listingUrl', `应为本平台商品链接 /${platform}/item/{id}`);
      }
      const id = decodeURIComponent(m[2] ?? '');
      const found = lookup(platform, id);
      const listing =
        found?.state === 'live'
          ? {
              listingId: id,
              sellerId: found.listing.seller.id,
              sellerName: found.listing.seller.name,
              officialStore: found.listing.seller.id.endsWith('-official'),
            }
          : null;
      const notice = notices.submit(platform, input, listing);
      return json(201, notices.toJson(notice), false);
    } catch (err) {
      if (err instanceof NoticeValidationError) {
        return json(400, { error: 'invalid_notice', field: err.field, message: err.message }, false);
      }
      throw err;
    }
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const time = opts.now();
    const rawPath = req.url ?? '/';
    const client = clientOf(req);
    const entry: RequestLogEntry = { client, time, method: req.method ?? 'GET', path: rawPath, status: 0 };
    log.add(entry);
    let url: URL;
    try {
      url = new URL(rawPath, 'http://marketplace.local');
    } catch {
      entry.status = 400;
      res.writeHead(400).end();
      return;
    }
    void (async () => {
      const reply = await route(req, url);
      const decision = reply.faultable
        ? injector.decide(client, platformInPath(url.pathname))
        : { kind: 'none' as const };
      if (decision.kind === 'hang') {
        entry.fault = 'hang';
        return; // never answer; the socket stays open until the client gives up or the server closes
      }
      if (decision.kind === 'slow') {
        entry.fault = 'slow';
        await new Promise((r) => setTimeout(r, decision.delayMs));
      }
      let out = reply;
      if (decision.kind === 'respond') {
        out = decision.reply(url.pathname.includes('/api/'));
        entry.fault = decision.fault;
      } else if (decision.kind === 'truncate') {
        const body = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body, 'utf8');
        out = { ...reply, body: body.subarray(0, Math.floor(body.length * decision.fraction)) };
        entry.fault = 'truncated';
      } else if (reply.fault) {
        entry.fault = reply.fault;
      }
      entry.status = out.status;
      if (res.destroyed) return;
      res.writeHead(out.status, out.headers);
      res.end(req.method === 'HEAD' ? undefined : out.body);
    })().catch((err: unknown) => {
      entry.status = 500;
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`internal error: ${(err as Error).message}`);
    });
  });

  let timer: NodeJS.Timeout | undefined;
  if (faults.epochMs > 0) {
    timer = setInterval(() => epoch++, faults.epochMs);
    timer.unref();
  }

  return {
    baseUrl,
    platforms: Object.fromEntries(PLATFORMS.map((p) => [p, `${baseUrl}/${p}`])) as Record<PlatformId, string>,
    requestLog: () => log.list(),
    catalog: cat,
    faults,
    epoch: () => epoch,
    advanceEpoch: () => ++epoch,
    close: () =>
      new Promise<void>((resolve) => {
        if (timer) clearInterval(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function platformInPath(path: string): PlatformId | null {
  const p = path.split('/')[1] ?? '';
  return isPlatform(p) ? p : null;
}

/** The client a request comes from: `X-Client-Id` if sent, else remote address + User-Agent. */
export function clientOf(req: IncomingMessage): string {
  const header = req.headers['x-client-id'];
  if (typeof header === 'string' && header.trim() !== '') return header.trim().slice(0, 200);
  return `${req.socket.remoteAddress ?? '?'} ${req.headers['user-agent'] ?? '-'}`;
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`body larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function robotsTxt(faults: FaultSettings): string {
  const lines = ['# 样例市场 robots.txt', 'User-agent: *'];
  for (const path of faults.robots.disallow) lines.push(`Disallow: ${path}`);
  if (faults.robots.crawlDelay !== null) lines.push(`Crawl-delay: ${faults.robots.crawlDelay}`);
  lines.push('', 'User-agent: BadBot', 'Disallow: /', '');
  return lines.join('\n');
}

function indexPage(baseUrl: string): string {
  const links = PLATFORMS.map(
    (p) =>
      `<li><a href="/${p}/search?q=%E9%9E%8B">${PLATFORM_NAMES[p]} (${p})</a> — <a href="/${p}/notices">投诉公示</a></li>`,
  ).join('');
  return htmlPage(
    'markwatch 样例市场',
    `<h1>markwatch 样例市场 (sample marketplace)</h1><p>${baseUrl}</p><ul>${links}</ul>`,
  );
}
