import type { Page, Request, Response } from 'playwright-core';
import { parseRetryAfter } from './backoff.js';
import { CrawlError, classOfStatus } from './errors.js';

/*
 * The data calls (fetch/XHR to the page's own host) of a client-rendered page while it renders. A page
 * whose data did not arrive — a call answered 5xx or 429, failed on the network, or returned a body cut
 * short — is a transient failure of the page, retried like an HTTP 5xx: the app shows an error state that
 * does not fit the profile, and calling that a `parse` error would lose the listing for good.
 */

const DATA_TYPES = new Set(['fetch', 'xhr']);

/** A URL as the browser writes it (WHATWG-normalised), without its fragment. */
function withoutHash(url: string): string {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

export class DataCalls {
  private failure: CrawlError | null = null;
  private readonly jsonAnswers: Response[] = [];
  private wake: ((e: CrawlError) => void) | null = null;
  /** Settles (rejects) when the first data call fails, so a step waiting for growth stops at once. */
  readonly failed: Promise<never>;
  private readonly host: string;
  private readonly pageHref: string;

  constructor(
    private readonly page: Page,
    private readonly pageUrl: string,
  ) {
    this.host = new URL(pageUrl).host;
    this.pageHref = withoutHash(pageUrl);
    this.failed = new Promise<never>((_, reject) => {
      this.wake = reject;
    });
    // Never unhandled: callers race it, and a page without failures never settles it.
    this.failed.catch(() => {});
    page.on('response', this.onResponse);
    page.on('requestfailed', this.onFailed);
  }

  private ours(request: Request): boolean {
    if (!DATA_TYPES.has(request.resourceType())) return false;
    // A reused page may still see calls of the document it showed before (aborted by this navigation, or
    // answered late): only calls made by this page's document count, told apart by their Referer.
    const referer = request.headers()['referer'];
    try {
      if (referer !== undefined && withoutHash(referer) !== this.pageHref) return false;
      return new URL(request.url()).host === this.host;
    } catch {
      return false;
    }
  }

  private fail(e: CrawlError): void {
    if (this.failure) return;
    this.failure = e;
    this.wake?.(e);
  }

  private readonly onResponse = (response: Response): void => {
    if (!this.ours(response.request())) return;
    const status = response.status();
    if (status === 429 || status >= 500) {
      const retryAfter = parseRetryAfter(response.headers()['retry-after'], Date.now());
      this.fail(
        new CrawlError(
          classOfStatus(status),
          `${this.pageUrl}: its data call ${response.url()} answered HTTP ${status}`,
          status,
          retryAfter,
        ),
      );
    } else if (/json/i.test(response.headers()['content-type'] ?? '')) {
      this.jsonAnswers.push(response);
    }
  };

  private readonly onFailed = (request: Request): void => {
    if (!this.ours(request)) return;
    this.fail(
      new CrawlError(
        'network',
        `${this.pageUrl}: its data call ${request.url()} failed (${request.failure()?.errorText ?? 'no answer'})`,
      ),
    );
  };

  /** Throws the first failed data call, if any. */
  check(): void {
    if (this.failure) throw this.failure;
  }

  /** Runs `work` but stops as soon as a data call fails. */
  race<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.failed]);
  }

  /**
   * Called only when the rendered page does not fit the profile (cheap on the happy path): a JSON answer
   * that does not parse was cut short on the wire, so the page is worth another load.
   */
  async cutShort(): Promise<CrawlError | null> {
    if (this.failure) return this.failure;
    for (const response of this.jsonAnswers) {
      const body = await response.body().catch(() => null);
      if (body === null) continue;
      try {
        JSON.parse(body.toString('utf8'));
      } catch {
        return new CrawlError(
          'truncated',
          `${this.pageUrl}: its data call ${response.url()} returned JSON cut short (${body.length} bytes)`,
          response.status(),
        );
      }
    }
    return null;
  }

  detach(): void {
    this.page.off('response', this.onResponse);
    this.page.off('requestfailed', this.onFailed);
  }
}
