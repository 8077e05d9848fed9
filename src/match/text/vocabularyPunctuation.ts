import type { NormalizedText } from './normalize.js';

/*
 * Vocabulary terms whose punctuation normalisation removes (`1:1`) match only where the listing has that same
 * punctuation there (issue #13: `1.1`, `1&1`, `Pack of 1 (1 x 1 kg)` are not 1:1).
 */

/** A vocabulary entry of the index: its term as written and its normalised form. */
export interface PunctuatedTerm {
  term: string;
  norm: string;
}

/** Per punctuated term: what stands between its units, NFKC and without spaces (`1:1` → ['', ':']). */
const termPunctuation = new WeakMap<PunctuatedTerm, string[]>();

function between(n: NormalizedText, i: number): string {
  return n.original
    .slice(n.end[i - 1]!, n.start[i]!)
    .normalize('NFKC')
    .replace(/\s+/g, '');
}

/** `1:1` is counterfeit wording; `1.1`, `1&1` and `Pack of 1 (1 x 1 kg)` are not (issue #13). */
export function samePunctuation(n: NormalizedText, a: number, e: PunctuatedTerm): boolean {
  let want = termPunctuation.get(e);
  if (!want) {
    // From the term's own characters: normalising it here would overwrite the listing's shared buffers.
    want = [];
    let pending: string | null = null;
    for (const ch of e.term.normalize('NFKC')) {
      if (/[\p{L}\p{N}]/u.test(ch)) {
        if (pending !== null) want.push(pending);
        pending = '';
      } else if (pending !== null && !/\s/u.test(ch)) pending += ch;
    }
    termPunctuation.set(e, want);
  }
  if (want.length !== e.norm.length - 1) return true;
  for (let i = 1; i <= want.length; i++) if (want[i - 1] && between(n, a + i) !== want[i - 1]) return false;
  return true;
}
