import type { Candidate } from './candidate.js';
import type { NormalizedText } from './normalize.js';

/*
 * Judges Latin mark candidates against the tokens around them (issue #13): token boundaries, a mark glued to
 * its model code, units / sizes / model codes / roman numerals that are never look-alikes, fuzzy matches that
 * are themselves English words. Runs once per field after dedupe; may drop candidates or mark them.
 */
export function judgeLatinCandidates(_n: NormalizedText, kept: Candidate[]): Candidate[] {
  return kept;
}
