import type { Listing } from '../model/index.js';
import { extractItemPage, extractSearchPage } from '../extract/shopaMinimal.js';

export interface MinimalCrawlOptions {
  baseUrl: string;
  /** Search keywords; one search per keyword, following pagination. */
  queries: string[];
  /** Upper bound on fetched pages, so a broken pagination cannot loop forever. */
  maxPages?: number;
  onListing: (listing: Listing) => Promise<void>;
  onProgress?: (event: { pages: number; listings: number; url: string }) => void;
}

export interface MinimalCrawlStats {
  pages: number;
  listings: number;
  errors: number;
}

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url, { headers: { 'user-agent': 'markwatch/0.1 (+enforcement sampling)' } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

/** The thin-slice crawl: search each keyword on `shopa`, follow pagination, fetch each item once. */
export async function crawlMinimal(options: MinimalCrawlOptions): Promise<MinimalCrawlStats> {
  const maxPages = options.maxPages ?? 500;
  const seenItems = new Set<string>();
  const stats: MinimalCrawlStats = { pages: 0, listings: 0, errors: 0 };
  for (const q of options.queries) {
    let next: string | null = `${options.baseUrl}/shopa/search?q=${encodeURIComponent(q)}&page=1`;
    while (next && stats.pages < maxPages) {
      const url: string = next;
      next = null;
      try {
        const page = extractSearchPage(await fetchText(url), url);
        stats.pages++;
        next = page.nextUrl;
        for (const itemUrl of page.itemUrls) {
          if (seenItems.has(itemUrl) || stats.pages >= maxPages) continue;
          seenItems.add(itemUrl);
          const html = await fetchText(itemUrl);
          stats.pages++;
          const listing = extractItemPage(html, itemUrl, new Date().toISOString());
          await options.onListing(listing);
          stats.listings++;
          options.onProgress?.({ pages: stats.pages, listings: stats.listings, url: itemUrl });
        }
      } catch (err) {
        stats.errors++;
        process.emitWarning(`crawl: ${(err as Error).message}`);
      }
    }
  }
  return stats;
}
