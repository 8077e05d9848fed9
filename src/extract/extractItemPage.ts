import * as cheerio from 'cheerio';
import { checkJson } from '../common/jsonFile.js';
import { ListingSchema, type Listing } from '../model/index.js';
import { itemIdFromUrl } from './canonicalUrl.js';
import { readEmbeddedState } from './embeddedState.js';
import { ExtractError, ListingOfflineError } from './extractError.js';
import { readNumber, readStrings, readText, type Scope } from './fieldRules.js';
import type { SiteProfile } from './siteProfile.js';

/**
 * A Listing from an item page. Pure: `body` is the decoded HTML, `capturedAt` an ISO time. Throws
 * ExtractError (naming the URL and the profile field) when the page lacks what a Listing needs.
 */
export function extractItemPage(
  profile: SiteProfile,
  body: string,
  url: string,
  capturedAt: string,
): Listing {
  const spec = profile.item;
  if (!spec) throw new ExtractError(url, profile.platform, 'item', 'the profile has no item section');
  const $ = cheerio.load(body);
  if (spec.offline) {
    const markers = Array.isArray(spec.offline) ? spec.offline : [spec.offline];
    if (markers.some((sel) => $(sel).length > 0)) throw new ListingOfflineError(url, profile.platform);
  }
  const state = spec.state ? readEmbeddedState(spec.state, body, $) : undefined;
  const scope: Scope = { $, json: state, html: body, pageUrl: url };
  const f = spec.fields;
  const fail = (field: string, detail: string) =>
    new ExtractError(url, profile.platform, `item.fields.${field}`, detail);

  const id = readText(f.id, scope) ?? itemIdFromUrl(profile, url);
  if (!id) throw fail('id', 'no item id in the page or the URL (itemId.fromUrl)');
  const title = readText(f.title, scope);
  if (title === undefined) throw fail('title', 'not found');
  const sellerName = readText(f.sellerName, scope);
  const sellerId = readText(f.sellerId, scope) ?? sellerName;
  if (!sellerId) throw fail('sellerName', 'no seller id or name found');

  const description = readText(f.description, scope);
  const category = readText(f.category, scope);
  const price = readNumber(f.price, scope, 'price');
  const sales = readNumber(f.sales, scope, 'sales');
  const location = readText(f.sellerLocation, scope);
  const creditCode = readText(f.sellerCreditCode, scope);
  const images = readStrings(f.images, scope).flatMap((src) => {
    try {
      return [new URL(src, url).href];
    } catch {
      return [];
    }
  });

  const listing = {
    id,
    platform: profile.platform,
    url,
    title,
    ...(description ? { description } : {}),
    ...(category ? { category } : {}),
    ...(price !== undefined ? { price } : {}),
    ...(sales !== undefined ? { sales: Math.max(0, Math.round(sales)) } : {}),
    seller: {
      id: sellerId,
      name: sellerName ?? sellerId,
      ...(location ? { location } : {}),
      ...(creditCode ? { creditCode } : {}),
    },
    ...(images.length > 0 ? { images } : {}),
    capturedAt,
  };
  const checked = checkJson(listing, ListingSchema, { file: url });
  if (!checked.ok) {
    // The profile found the field but its value is not a valid Listing value (e.g. a negative price).
    const [first] = checked.problems;
    throw fail(first?.field || 'listing', first?.message ?? 'invalid listing');
  }
  return checked.value;
}
