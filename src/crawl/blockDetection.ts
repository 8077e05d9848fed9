import * as cheerio from 'cheerio';
import type { SiteProfile } from '../extract/index.js';

/** Status codes that mean "blocked" when a profile does not list its own (Crawlee's defaults). */
export const DEFAULT_BLOCK_STATUS_CODES = [401, 403] as const;

export interface BlockVerdict {
  blocked: true;
  /** What gave it away: `status 403`, `selector #captcha`, `text 验证码`. */
  reason: string;
}

function mayMatch(selector: string, body: string): boolean {
  const names = [...selector.matchAll(/[#.]([\w-]+)/g)].map((m) => m[1] ?? '');
  return names.length === 0 || names.some((n) => body.includes(n));
}

/**
 * Is this response a block or captcha page? Per-profile status codes, CSS selectors and text patterns.
 * 429 is not handled here: it is a rate limit (back off the host, keep the session).
 */
export function detectBlock(block: SiteProfile['block'], status: number, body: string): BlockVerdict | null {
  const codes = (block?.statusCodes ?? DEFAULT_BLOCK_STATUS_CODES).filter((c) => c !== 429);
  if (codes.includes(status)) return { blocked: true, reason: `status ${status}` };
  for (const source of block?.text ?? []) {
    if (new RegExp(source, 'u').test(body)) return { blocked: true, reason: `text /${source}/` };
  }
  // A selector naming an id or class cannot match a page whose markup never mentions that name: most
  // pages are then decided without building a DOM.
  const selectors = (block?.selectors ?? []).filter((sel) => mayMatch(sel, body));
  if (selectors.length > 0) {
    const $ = cheerio.load(body);
    for (const sel of selectors) if ($(sel).length > 0) return { blocked: true, reason: `selector ${sel}` };
  }
  return null;
}
