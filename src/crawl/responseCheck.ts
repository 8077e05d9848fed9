import type { SiteProfile } from '../extract/index.js';
import type { FrontierEntry } from '../store/index.js';
import { parseRetryAfter } from './backoff.js';
import { detectBlock } from './blockDetection.js';
import { CrawlError, classOfStatus } from './errors.js';
import type { FetchedPage } from './fetchTypes.js';

function isHtml(page: FetchedPage): boolean {
  const type = page.headers['content-type'] ?? '';
  return type === '' || /html/i.test(type);
}

/** 429/503 pause the host; a block or captcha page retires the session; other 4xx/5xx are failures. */
export function checkResponse(
  page: FetchedPage,
  profile: SiteProfile,
  kind: FrontierEntry['kind'],
  now: number,
): void {
  const { status } = page;
  if (status === 429 || status === 503) {
    const retryAfter = parseRetryAfter(page.headers['retry-after'], now);
    throw new CrawlError(classOfStatus(status), `${page.url}: HTTP ${status}`, status, retryAfter);
  }
  const block = detectBlock(profile.block, status, page.text);
  if (block) throw new CrawlError('blocked', `${page.url}: blocked (${block.reason})`, status);
  if (kind === 'item' && (status === 404 || status === 410)) {
    throw new CrawlError('offline', `${page.url}: HTTP ${status} (listing gone)`, status);
  }
  if (status >= 400) throw new CrawlError(classOfStatus(status), `${page.url}: HTTP ${status}`, status);
  // A 200 whose HTML stops mid-document would be stored as a bogus edit: fetch it again instead.
  if (
    isHtml(page) &&
    page.body.length > 0 &&
    !/<\/html/i.test(page.body.subarray(-8192).toString('latin1'))
  ) {
    throw new CrawlError('truncated', `${page.url}: HTML ends before </html> (truncated response)`, status);
  }
}
