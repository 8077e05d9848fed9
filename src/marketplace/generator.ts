import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Listing, Right } from '../model/index.js';
import { loadWatchListFile } from '../rights/watchListFile.js';
import { Catalog, type GeneratedListing } from './catalog/catalog.js';
import type { ExpectedHit } from './catalog/cases.js';
import { MARKETPLACE_DEFAULTS } from './options.js';

export type { ExpectedHit } from './catalog/cases.js';

export interface GenerateOptions {
  seed: number;
  listings: number;
  /** Base URL in listing URLs (default: http://127.0.0.1:8090, the configured marketplace port). */
  baseUrl?: string;
  capturedAt?: string;
  rights?: readonly Right[];
}

/** One line of the truth file. */
export interface TruthEntry {
  listingId: string;
  platform: string;
  expected: ExpectedHit[];
  listing: Listing;
  /** The planted case (see src/marketplace/catalog/cases.ts), or `ordinary`. */
  case: string;
}

export function catalogFor(options: GenerateOptions): Catalog {
  return new Catalog({
    seed: options.seed,
    listings: options.listings,
    baseUrl: options.baseUrl ?? 'http://127.0.0.1:8090',
    capturedAt: options.capturedAt ?? MARKETPLACE_DEFAULTS.capturedAt,
    rights: options.rights ?? loadWatchListFile(MARKETPLACE_DEFAULTS.watchlist),
  });
}

/**
 * Every listing of the marketplace with its expected flagged hits, lazily and deterministically
 * (same seed and count → same listings).
 */
export function* generateListings(
  options: GenerateOptions,
): Generator<{ listing: Listing; expected: ExpectedHit[]; caseId?: string }> {
  const catalog = catalogFor(options);
  for (let i = 0; i < catalog.size; i++) {
    const g = catalog.listingAt(i);
    yield { listing: g.listing, expected: g.expected, ...(g.caseId ? { caseId: g.caseId } : {}) };
  }
}

export function truthEntry(g: GeneratedListing): TruthEntry {
  return {
    listingId: g.listing.id,
    platform: g.listing.platform,
    expected: g.expected,
    listing: g.listing,
    case: g.caseId ?? 'ordinary',
  };
}

/**
 * The truth file entries: every planted case and hard negative, plus every `ordinaryEvery`-th ordinary
 * listing (0: none) as a sample of unrelated goods.
 */
export function* truthEntries(catalog: Catalog, ordinaryEvery = 50): Generator<TruthEntry> {
  const cases = catalog.caseIndices();
  let nextCase = cases.next();
  for (let i = 0; i < catalog.size; i++) {
    const isCase = !nextCase.done && nextCase.value === i;
    if (isCase) nextCase = cases.next();
    if (isCase || (ordinaryEvery > 0 && i % ordinaryEvery === 0)) {
      const g = catalog.listingAt(i);
      yield truthEntry(g);
    }
  }
}

/** Writes the truth JSONL file; returns the number of lines and of expected leads (watch labels not counted). */
export async function writeTruthFile(
  file: string,
  catalog: Catalog,
  ordinaryEvery = 50,
): Promise<{ lines: number; expected: number }> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  let lines = 0;
  let expected = 0;
  for (const entry of truthEntries(catalog, ordinaryEvery)) {
    lines++;
    expected += entry.expected.filter((e) => (e.tier ?? 'lead') === 'lead').length;
    if (!out.write(`${JSON.stringify(entry)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { lines, expected };
}
