import { ZodError } from 'zod';
import { MarkwatchError } from '../common/errors.js';
import { ExtractError, ListingOfflineError } from '../extract/index.js';
import { LeaseLostError } from '../store/index.js';

// The classes themselves are domain vocabulary (src/model/run.ts); here is what the crawler does about each.
export { ERROR_CLASSES, type ErrorClass } from '../model/index.js';
import type { ErrorClass } from '../model/index.js';

/** What the engine does about a failure. */
export type Disposition = 'retry' | 'rotate_session' | 'give_up';

/** A failed request with its class; its code is `crawl.<class>` (e.g. `crawl.http_5xx`). */
export class CrawlError extends MarkwatchError {
  constructor(
    readonly errorClass: ErrorClass,
    message: string,
    readonly status: number | null = null,
    /** From a Retry-After header, in ms from now. */
    readonly retryAfterMs: number | null = null,
    options?: ErrorOptions,
  ) {
    super(`crawl.${errorClass}`, message, options);
  }
}

export function dispositionOf(errorClass: ErrorClass): Disposition {
  switch (errorClass) {
    case 'network':
    case 'timeout':
    case 'http_429':
    case 'http_5xx':
    case 'browser':
    case 'truncated':
      return 'retry';
    case 'blocked':
      return 'rotate_session';
    default:
      return 'give_up';
  }
}

/** The class of an HTTP status that is not a success; 429 is separate because it pauses the whole host. */
export function classOfStatus(status: number): ErrorClass {
  if (status === 429) return 'http_429';
  if (status >= 500) return 'http_5xx';
  return 'http_4xx';
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/**
 * Any thrown value → a CrawlError with its class (fail-safe: unknown errors are `internal`, never thrown on).
 * Our own errors are told apart by `instanceof`; foreign ones (DOMException, Playwright's TimeoutError,
 * undici's socket errors) by their documented `name` or `code`, since their classes are not ours to import.
 */
export function classify(err: unknown): CrawlError {
  if (err instanceof CrawlError) return err;
  const wrap = (cls: ErrorClass, message: string) => new CrawlError(cls, message, null, null, { cause: err });
  // Most specific first: ListingOfflineError is an ExtractError.
  if (err instanceof ListingOfflineError) return wrap('offline', err.message);
  if (err instanceof ExtractError || err instanceof ZodError) return wrap('parse', err.message);
  if (err instanceof LeaseLostError) return wrap('lease_lost', err.message);
  if (err instanceof MarkwatchError) return wrap('internal', err.message);
  const e = err as { name?: string; code?: string; message?: string; cause?: unknown };
  const message = String(e?.message ?? err);
  const code = e?.code ?? (e?.cause as { code?: string } | undefined)?.code;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || (code && TIMEOUT_CODES.has(code))) {
    return wrap('timeout', message);
  }
  if (code && NETWORK_CODES.has(code)) return wrap('network', message);
  if (/Target (page|closed)|Browser has been closed|browser has disconnected|net::ERR_/i.test(message)) {
    return wrap('browser', message);
  }
  if (err instanceof TypeError && /fetch failed|terminated|other side closed/i.test(message)) {
    return wrap('network', message);
  }
  return wrap('internal', message);
}
