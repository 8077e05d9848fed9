import { createRequire } from 'node:module';

/*
 * English words (`an-array-of-english-words`, MIT, ~275,000 lower-case words) for the Latin judges: a fuzzy
 * match that is itself an English word (beads ↔ Beats, channel ↔ Chanel) is an ordinary word, not an evasion,
 * and a multi-letter look-alike form (cl → d) is not generated where it spells a word (clove ↔ Dove). The list
 * is only read while an index is built; what the index keeps is the few words near its own marks.
 */

const require = createRequire(import.meta.url);

export function englishWords(): readonly string[] {
  return require('an-array-of-english-words') as string[];
}
