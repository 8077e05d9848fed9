import { createHash } from 'node:crypto';
import type { Hit, Listing, Right } from '../model/index.js';

type Matcher = (listing: Listing) => Hit[];

/**
 * The matcher of the last watch list, kept while the list and the rule files are unchanged. Building it is the
 * costly part of starting a run (the index and its segmentation dictionary: about a CPU second for the demo
 * list), so a long-lived process — a `markwatch worker` joining run after run, `serve`'s scheduler — builds it
 * once per list, and a worker can build it before it joins (issue 17: eight workers joining at once each built
 * theirs while the run's first pages waited for CPU). One entry, so memory stays flat.
 */
export function cachedMatcherFor(
  build: (rights: Right[]) => Matcher,
  /** What else the matcher is built from (its rule files' stamp): a change builds it anew. */
  sourcesVersion: () => string = () => '',
): (rights: Right[]) => Matcher {
  let last: { key: string; matcher: Matcher } | null = null;
  return (rights) => {
    const key = `${watchListKey(rights)} ${sourcesVersion()}`;
    if (last?.key !== key) last = { key, matcher: build(rights) };
    return last.matcher;
  };
}

/** The watch list's content, hashed: the same rights with the same fields give the same matcher. */
export function watchListKey(rights: readonly Right[]): string {
  return createHash('sha256').update(JSON.stringify(rights)).digest('hex');
}
