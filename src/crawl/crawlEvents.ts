import type { FrontierEntry } from '../store/index.js';
import type { ErrorClass } from './errors.js';

/** What a crawl reports as it goes (progress display, tests, the bench). */
export type CrawlEvent =
  | { type: 'page'; kind: FrontierEntry['kind']; url: string; status: number; ms: number }
  | {
      type: 'listing';
      url: string;
      listingId: string;
      status: string;
      relistingOf: string | null;
      hits: number;
      newFindings: number;
    }
  | {
      type: 'failure';
      url: string;
      errorClass: ErrorClass;
      message: string;
      outcome: 'retry' | 'failed' | 'blocked' | 'skipped';
    }
  | { type: 'queue'; pending: number; leased: number };
