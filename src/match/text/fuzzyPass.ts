import { newCandidate, type Candidate } from './candidate.js';
import { CharClass } from './charFold.js';
import { EV } from './evasionFlags.js';
import type { FuzzyLatinIndex } from './fuzzyLatin.js';
import type { NormalizedText } from './normalize.js';

/*
 * The fuzzy pass: Latin words of the listing against long Latin marks (≥ 5 letters) in the deletion-neighbourhood
 * index; never for Chinese marks (matching.md §7). A single word that is itself an English word is not a fuzzy
 * mention (fuzzyLatin.ts `isDictionaryNeighbour`).
 */

/** Latin words (and runs of up to three words) within one edit of a long Latin mark. */
export function fuzzyCandidates(
  index: FuzzyLatinIndex<{ rightId: string; term: string }>,
  n: NormalizedText,
  candidates: Candidate[],
): void {
  const words: [number, number][] = [];
  for (let k = 0; k < n.length;) {
    if (n.cls[k] !== CharClass.Latin) {
      k++;
      continue;
    }
    let m = k + 1;
    while (m < n.length && n.cls[m] === CharClass.Latin && n.gap[m] === 0) m++;
    words.push([k, m]);
    k = m;
  }
  for (let i = 0; i < words.length; i++) {
    for (let j = i; j < Math.min(words.length, i + 3); j++) {
      if (j > i && words[j]![0] !== words[j - 1]![1]) break; // only words separated by removed separators
      const a = words[i]![0];
      const b = words[j]![1];
      const word = n.norm.slice(a, b);
      if (word.length > index.maxLength + 1) break;
      if (index.hasExact(word)) continue;
      const marks = index.lookup(word);
      // An ordinary English word one edit from a mark (beads, channel) is that word (issue #13).
      if (marks.length === 0 || (j === i && index.isDictionaryNeighbour(word))) continue;
      for (const mark of marks) {
        let bits = EV.fuzzy;
        for (let k = a; k < b; k++) bits |= n.flags[k]!;
        candidates.push(
          newCandidate(mark.payload.rightId, mark.payload.term, a, b, bits, 'fuzzy', false, false, 0),
        );
      }
    }
  }
}
