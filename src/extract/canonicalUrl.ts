import type { SiteProfile } from './siteProfile.js';

/*
 * One spelling per page for the frontier's dedup key: lower-case host, default port and fragment dropped,
 * tracking parameters removed (utm_* always, plus the profile's list), remaining parameters sorted.
 */

/** Dropped from every URL; profiles add their own (`canonical.dropParams`). */
export const ALWAYS_DROPPED_PARAMS = ['utm_*'] as const;

export interface CanonicalOptions {
  dropParams?: readonly string[];
  /** When given, only these parameters survive. */
  keepParams?: readonly string[];
}

function matches(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function upperPercent(text: string): string {
  return text.replace(/%[0-9a-f]{2}/gi, (m) => m.toUpperCase());
}

function optionsOf(source: Pick<SiteProfile, 'canonical'> | CanonicalOptions | undefined): CanonicalOptions {
  if (!source) return {};
  return 'canonical' in source ? source.canonical : source;
}

/** The canonical form of an absolute http(s) URL; throws on an unparsable URL (the message names it). */
export function canonicalUrl(
  url: string,
  profile?: Pick<SiteProfile, 'canonical'> | CanonicalOptions,
): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`not an absolute URL: ${JSON.stringify(url)}`);
  }
  const { dropParams = [], keepParams } = optionsOf(profile);
  const drop = [...ALWAYS_DROPPED_PARAMS, ...dropParams];
  u.hash = '';
  u.hostname = u.hostname.toLowerCase();
  // Work on the raw pairs: decoding would turn GBK-encoded values (old JD links) into U+FFFD and merge
  // different queries into one key.
  const pairs = u.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawKey = eq < 0 ? pair : pair.slice(0, eq);
      return { key: safeDecode(rawKey), pair: upperPercent(pair) };
    })
    .filter(({ key }) => !matches(key, drop) && (!keepParams || matches(key, keepParams)));
  pairs.sort((a, b) => (a.pair < b.pair ? -1 : a.pair > b.pair ? 1 : 0));
  u.search = pairs.length > 0 ? `?${pairs.map((p) => p.pair).join('&')}` : '';
  return u.href;
}

/** The platform's item id in an item URL (the first `itemId.fromUrl` pattern that matches), or null. */
export function itemIdFromUrl(profile: Pick<SiteProfile, 'itemId'>, url: string): string | null {
  const patterns = Array.isArray(profile.itemId.fromUrl) ? profile.itemId.fromUrl : [profile.itemId.fromUrl];
  for (const source of patterns) {
    const m = new RegExp(source, 'u').exec(url);
    if (!m) continue;
    const id = m.length > 1 ? m.slice(1).find((g) => g !== undefined) : m[0];
    if (id) {
      try {
        return decodeURIComponent(id);
      } catch {
        return id;
      }
    }
  }
  return null;
}
