import { setFlagsFromString } from 'node:v8';

/*
 * Crawling and matching allocate short-lived objects (HTML text, DOM, listing JSON; per-title candidates and
 * mentions) that should die young, but some survive a scavenge and are promoted, and V8 may decide to allocate
 * a hot site straight in the old generation (allocation-site pretenuring). V8's default heap growth then lets
 * the old generation fill with that garbage to ~4× the live data before a full collection (crawl bench: 40 MB
 * live, 175 MB heap; match bench at 100k rights: peak RSS 750 MB or 1.7 GB from run to run, depending on
 * whether the scan sites were pretenured). A fixed growth factor keeps the heap near its live size for a few
 * full collections a minute (~15–100 ms each). The flag is process-wide and read at each collection, so
 * setting it at run time works; the last value set wins. Used by the crawler, `markwatch match` and the
 * match bench, from `crawl.heapGrowthPercent`.
 */

let applied: number | null = null;

/** Applies `crawl.heapGrowthPercent` (0 leaves V8's default). */
export function boundHeapGrowth(percent: number): void {
  if (percent <= 0 || applied === percent) return;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  applied = percent;
}
