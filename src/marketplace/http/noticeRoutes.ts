import { Hono } from 'hono';
import type { Market } from '../market.js';
import { NoticeValidationError, parseNoticeInput, type ListingRef } from '../notices/noticeBook.js';
import { publicityPage } from '../notices/publicityPage.js';
import type { PlatformRenderer } from '../platforms/renderer.js';
import { html, json, type MarketplaceEnv } from './context.js';

/*
 * The notice–takedown API (`/{platform}/api/notices…`) and the public 公示 page of one platform. These
 * answers are never faulted: an enforcement office's notice must not be lost to the sample's noise.
 */

const BODY_LIMIT = 64_000;

async function readBody(request: Request, limit: number): Promise<string> {
  const reader = request.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new Error(`body larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function noticeRoutes(market: Market, renderer: PlatformRenderer, baseUrl: () => string) {
  const platform = renderer.id;
  const { notices } = market;
  const app = new Hono<MarketplaceEnv>();

  app.post('/api/notices', async (c) => {
    let raw: unknown;
    try {
      raw = JSON.parse(await readBody(c.req.raw, BODY_LIMIT));
    } catch (err) {
      return json(400, {
        error: 'invalid_notice',
        field: '(body)',
        message: `不是有效的 JSON: ${(err as Error).message}`,
      });
    }
    try {
      const input = parseNoticeInput(raw);
      let listingPath: string;
      try {
        listingPath = new URL(input.listingUrl, baseUrl()).pathname;
      } catch {
        throw new NoticeValidationError('listingUrl', '不是有效的链接 (not a URL)');
      }
      const m = /^\/([a-z]+)\/item\/([^/]+)$/.exec(listingPath);
      if (!m || m[1] !== platform) {
        throw new NoticeValidationError('listingUrl', `应为本平台商品链接 /${platform}/item/{id}`);
      }
      const id = decodeURIComponent(m[2] ?? '');
      const found = market.lookup(platform, id);
      const listing: ListingRef | null =
        found?.state === 'live'
          ? {
              listingId: id,
              sellerId: found.listing.seller.id,
              sellerName: found.listing.seller.name,
              officialStore: found.listing.seller.id.endsWith('-official'),
            }
          : null;
      return json(201, notices.toJson(notices.submit(platform, input, listing, market.epoch)));
    } catch (err) {
      if (err instanceof NoticeValidationError) {
        return json(400, { error: 'invalid_notice', field: err.field, message: err.message });
      }
      throw err;
    }
  });

  app.get('/api/notices', () => json(200, { notices: notices.list(platform).map((n) => notices.toJson(n)) }));

  app.all('/api/notices/:id', (c) => {
    const notice = notices.get(platform, c.req.param('id'));
    return notice
      ? json(200, notices.toJson(notice))
      : json(404, { error: 'not_found', message: '通知不存在' });
  });

  app.all('/notices', () =>
    html(
      200,
      publicityPage(
        renderer.name,
        notices.list(platform).map((n) => notices.toJson(n)),
      ),
    ),
  );

  return app;
}
