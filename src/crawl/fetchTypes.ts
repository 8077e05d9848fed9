import type { SiteProfile } from '../extract/index.js';
import type { Session } from './session.js';

export type PageKind = 'search' | 'item';

export interface FetchRequest {
  url: string;
  kind: PageKind;
  profile: SiteProfile;
  session: Session;
  /**
   * Result pages: items the query can still take (its remaining budget, with room for items other queries
   * already found). A browser stops clicking "load more" or scrolling once the list holds this many; the
   * profile's `times` / `maxRounds` stay the upper bound.
   */
  wantItems?: number;
}

/** One fetched page. `close()` must be called (a browser page stays open for the evidence screenshot). */
export interface FetchedPage {
  url: string;
  finalUrl: string;
  status: number;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
  /** The response body as received (after content decoding). */
  body: Buffer;
  /** The text extraction reads: the decoded body (HTTP) or the rendered DOM after the profile's steps (browser). */
  text: string;
  /** UTC time the response arrived. */
  fetchedAt: string;
  /**
   * Browser only: reloads the page with images and fonts allowed and returns a full-page PNG plus the DOM
   * it shows. Called only for listings that need evidence; the caller takes a politeness slot first.
   */
  captureEvidence?: () => Promise<{ png: Buffer; dom: string }>;
  /** Browser only, asked when the page does not fit the profile: why its data may not have arrived. */
  dataProblem?: () => Promise<Error | null>;
  close(): Promise<void>;
}

export interface PageFetcher {
  readonly mode: 'http' | 'browser';
  fetch(request: FetchRequest): Promise<FetchedPage>;
  close(): Promise<void>;
}

/** Reads the single value of a header that may repeat. */
export function headerValue(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}
