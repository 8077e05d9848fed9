import * as cheerio from 'cheerio';
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { itemIdFromUrl } from './canonicalUrl.js';
import { readEmbeddedState } from './embeddedState.js';
import { readNumber, readStrings, readText, type Scope } from './fieldRules.js';
import { readJsonPath } from './jsonPath.js';
import { selectWithin } from './selectCache.js';
import type { SearchItems, SiteProfile } from './siteProfile.js';

export interface SearchItem {
  /** Absolute item URL as linked (canonicalise with canonicalUrl() for dedup). */
  url: string;
  itemId?: string;
  title?: string;
  price?: number;
}

export interface SearchPageResult {
  items: SearchItem[];
  nextUrl: string | null;
  /**
   * `ok`: items found; `empty`: the page says there are no results; `unrecognised`: neither items nor a
   * no-results marker — the markup probably changed (record it as an extraction error, not as "no hits").
   */
  status: 'ok' | 'empty' | 'unrecognised';
}

function asArray<T>(v: T | T[]): T[] {
  return Array.isArray(v) ? v : [v];
}

interface ItemSource {
  rule: SearchItems;
  scopes: Scope[];
}

/** An item list found in the page state but empty: the platform's own "no results". */
const EMPTY_LIST = 'empty-list' as const;

/** The first item-rule alternative whose container matches, with one scope per item. */
function findItems(
  profile: SiteProfile,
  $: CheerioAPI,
  body: string,
  url: string,
  state: unknown,
): ItemSource | typeof EMPTY_LIST | null {
  let emptyList = false;
  for (const rule of asArray(profile.search.items)) {
    if (rule.css) {
      for (const sel of asArray(rule.css)) {
        const root = $.root()[0];
        const fast = root ? selectWithin(root, sel) : null;
        let nodes: Cheerio<AnyNode> = fast ? $(fast) : $(sel);
        if (rule.exclude) nodes = nodes.not(rule.exclude);
        if (nodes.length === 0) continue;
        const scopes = nodes
          .toArray()
          .map((el) => ({ $, node: $(el), json: state, html: body, pageUrl: url }));
        return { rule, scopes };
      }
    } else if (rule.jsonPath) {
      const list = readJsonPath(state, rule.jsonPath);
      if (Array.isArray(list) && list.length > 0) {
        return { rule, scopes: list.map((json: unknown) => ({ $, json, html: body, pageUrl: url })) };
      }
      if (Array.isArray(list)) emptyList = true;
    }
  }
  return emptyList ? EMPTY_LIST : null;
}

function webUrl(value: string, base: string): string | null {
  try {
    const u = new URL(value, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** Sets one query parameter, leaving the others byte for byte (they may be GBK-encoded). */
export function withQueryParam(url: string, name: string, value: string): string {
  const u = new URL(url);
  const pairs = u.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '');
  const encoded = `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
  const at = pairs.findIndex((pair) => pair === name || pair.startsWith(`${name}=`));
  if (at >= 0) pairs[at] = encoded;
  else pairs.push(encoded);
  u.search = `?${pairs.join('&')}`;
  return u.href;
}

function nextPageUrl(
  profile: SiteProfile,
  $: CheerioAPI,
  body: string,
  url: string,
  state: unknown,
  itemCount: number,
): string | null {
  const p = profile.search.pagination;
  const current = p.param ? new URL(url).searchParams.get(p.param) : null;
  const currentValue = current !== null && /^\d+$/.test(current) ? Number(current) : p.firstPage;
  const pageNo = Math.floor((currentValue - p.firstPage) / p.step) + 1;
  if (pageNo >= p.maxPages || itemCount === 0) return null;
  if (p.hasMore && !asArray(p.hasMore).some((sel) => $(sel).length > 0)) return null;
  if (p.next) {
    const href = readStrings(p.next, { $, json: state, html: body, pageUrl: url })[0];
    return href ? webUrl(href, url) : null;
  }
  if (!p.param) return null;
  return withQueryParam(url, p.param, String(currentValue + p.step));
}

/**
 * Item links (and what the result list shows of each item) and the next-page URL of a search page.
 * Pure: `body` is the decoded HTML (see decodeBody), `url` the page's own URL.
 */
export function extractSearchPage(profile: SiteProfile, body: string, url: string): SearchPageResult {
  const $ = cheerio.load(body);
  const state = profile.search.state ? readEmbeddedState(profile.search.state, body, $) : undefined;
  const found = findItems(profile, $, body, url, state);
  if (found === EMPTY_LIST) return { items: [], nextUrl: null, status: 'empty' };
  if (!found) {
    // No item container: either the page says so, or the markup is not what the profile knows.
    const said = asArray(profile.search.noResults ?? []).some((sel) => $(sel).length > 0);
    return { items: [], nextUrl: null, status: said ? 'empty' : 'unrecognised' };
  }
  const items: SearchItem[] = [];
  for (const scope of found.scopes) {
    const link = readStrings(found.rule.link, scope)[0];
    const itemUrl = link ? webUrl(link, url) : null;
    if (!itemUrl) continue;
    const item: SearchItem = { url: itemUrl };
    const itemId = readText(found.rule.itemId, scope) ?? itemIdFromUrl(profile, itemUrl);
    if (itemId) item.itemId = itemId;
    const title = readText(found.rule.title, scope);
    if (title) item.title = title;
    const price = readNumber(found.rule.price, scope, 'price');
    if (price !== undefined) item.price = price;
    items.push(item);
  }
  return {
    items,
    nextUrl: nextPageUrl(profile, $, body, url, state, items.length),
    status: items.length > 0 ? 'ok' : 'unrecognised',
  };
}
