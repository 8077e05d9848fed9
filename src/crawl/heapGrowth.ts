import { setFlagsFromString } from 'node:v8';

/*
 * A crawl allocates a few hundred kilobytes per page (HTML text, DOM, listing JSON) that die young, but with
 * 16 pages in flight some survive a scavenge and are promoted. V8's default heap growth then lets the old
 * generation fill with that garbage to ~4× the live data before a full collection (bench: 40 MB live,
 * 175 MB heap). A fixed growth factor keeps the heap near its live size for a few full collections a
 * minute (~15 ms each). The flag is process-wide and read at each collection, so setting it at run time
 * works; the last value set wins.
 */

let applied: number | null = null;

/** Applies `crawl.heapGrowthPercent` (0 leaves V8's default). */
export function boundHeapGrowth(percent: number): void {
  if (percent <= 0 || applied === percent) return;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  applied = percent;
}
