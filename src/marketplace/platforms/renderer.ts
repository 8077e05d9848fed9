import type { PlatformId } from '../platformIds.js';
import type { ItemView, ResultPage, ShopView } from './view.js';

/*
 * What one platform looks like: each sample platform (shopa, shopb, shopc) is a module implementing this
 * interface, and the HTTP routes (src/marketplace/http/platformRoutes.ts) are the same for all of them. Data
 * comes in as thunks, so a client-rendered platform, whose pages are a shell its script fills, does not compute
 * result pages it never shows.
 */

/** A rendered answer: body and content type (status 200 unless given). */
export interface Rendered {
  status?: number;
  contentType: string;
  body: string | Buffer;
}

export interface ShopData {
  view: ShopView;
  page: ResultPage;
}

/** A platform's JSON API (client-rendered platforms): each answer is JSON, or null where the page 404s. */
export interface PlatformApi {
  search(page: ResultPage): unknown;
  item(view: ItemView): unknown;
  shop(data: ShopData): unknown;
}

export interface PlatformRenderer {
  readonly id: PlatformId;
  /** Display name (index page, 公示 page). */
  readonly name: string;
  searchPage(query: string, pageNo: number, results: () => ResultPage): Rendered;
  itemPage(view: ItemView): Rendered;
  /** A listing taken down or relisted under a new id; `status` is the platform's answer for it (200 or 404). */
  offlinePage(id: string, status: number): Rendered;
  shopPage(sellerId: string, pageNo: number, shop: () => ShopData): Rendered;
  /** The JSON API under `/{platform}/api/…`, if the platform has one. */
  readonly api?: PlatformApi;
  /** Static files under `/{platform}/static/`, by file name. */
  readonly staticFiles?: Readonly<Record<string, { contentType: string; body: string }>>;
}

export const HTML = 'text/html; charset=utf-8';
export const GBK_HTML = 'text/html; charset=gbk';
