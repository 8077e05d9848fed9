import type { FindingFacts } from './types.js';

/**
 * Each listing's finding at its latest capture: a listing's sales counter is cumulative, so sales and volume
 * are read from the latest capture, and a listing found for two rights is counted once.
 */
export function latestByListing(fs: readonly FindingFacts[]): FindingFacts[] {
  const latest = new Map<string, FindingFacts>();
  for (const f of fs) {
    const key = `${f.platform}\u0000${f.listingId}`;
    const seen = latest.get(key);
    if (!seen || Date.parse(f.capturedAt) > Date.parse(seen.capturedAt)) latest.set(key, f);
  }
  return [...latest.values()];
}
