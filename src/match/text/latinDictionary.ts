import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/*
 * English words (`an-array-of-english-words`, MIT, ~275,000 lower-case words, sorted) for the Latin judges: a
 * fuzzy match that is itself an English word (beads ↔ Beats, phone ↔ iPhone) is an ordinary word, not an
 * evasion, and a multi-letter look-alike form (cl → d) is not added where it spells a word (clove ↔ Dove).
 * The list is read while an index is built and held only weakly: what an index
 * keeps is the few words near its own marks, not ~45 MB of strings.
 */

const require = createRequire(import.meta.url);
let held: WeakRef<readonly string[]> | undefined;

export function englishWords(): readonly string[] {
  let words = held?.deref();
  if (!words) {
    const file = require.resolve('an-array-of-english-words');
    words = JSON.parse(readFileSync(file, 'utf8')) as string[];
    held = new WeakRef(words);
  }
  return words;
}
