import * as cheerio from 'cheerio';
import type { Listing } from '../model/index.js';

/** Item links and the next-page link of a search result page. */
export function extractSearchPage(
  html: string,
  pageUrl: string,
): { itemUrls: string[]; nextUrl: string | null } {
  const $ = cheerio.load(html);
  const itemUrls = $('li.gl-item a.p-name')
    .map((_, a) => new URL($(a).attr('href') ?? '', pageUrl).href)
    .get();
  const next = $('a.pn-next').attr('href');
  return { itemUrls, nextUrl: next ? new URL(next, pageUrl).href : null };
}

function numberOrUndefined(text: string): number | undefined {
  const n = Number(text.replace(/[^\d.]/g, ''));
  return text.trim() !== '' && Number.isFinite(n) ? n : undefined;
}

/** A listing from an item page of the thin-slice platform. */
export function extractItemPage(html: string, url: string, capturedAt: string): Listing {
  const $ = cheerio.load(html);
  const id = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  const text = (sel: string) => $(sel).first().text().trim();
  const location = text('.seller-location');
  const description = text('.desc');
  const category = text('.crumb');
  return {
    id,
    platform: 'shopa',
    url,
    title: text('.sku-name'),
    ...(description ? { description } : {}),
    ...(category ? { category } : {}),
    price: numberOrUndefined(text('.price')),
    sales: numberOrUndefined(text('.sales')),
    seller: {
      id: $('.shop-name').attr('data-seller-id') ?? '',
      name: text('.shop-name'),
      ...(location ? { location } : {}),
    },
    capturedAt,
  };
}
