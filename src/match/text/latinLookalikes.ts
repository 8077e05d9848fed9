import { createRequire } from 'node:module';

/*
 * Letters of other scripts that look like Latin letters (Greek Ν, Cyrillic і к е, Latin small capitals),
 * from the UTS #39 confusables data shipped by `unhomoglyph`. Taken per original letter BEFORE lower-casing,
 * because the skeleton is case-sensitive (Greek Ν → N, but its lower case ν → v).
 */

const require = createRequire(import.meta.url);
const CONFUSABLES = require('unhomoglyph/data.json') as Record<string, string>;

/** The skeleton's few non-ASCII targets that still read as a Latin letter. */
const TARGET_FIXES: Record<string, string> = { ĸ: 'k', ı: 'i' };

let table: Map<number, string> | undefined;

/** Code point → lower-case ASCII letter, for non-ASCII letters that are look-alikes of one. */
export function latinLookalikeTable(): Map<number, string> {
  if (table) return table;
  table = new Map();
  for (const [from, to] of Object.entries(CONFUSABLES)) {
    const cp = from.codePointAt(0);
    if (cp === undefined || cp < 0x80 || String.fromCodePoint(cp) !== from) continue;
    if (!/^\p{L}$/u.test(from) || /\p{Script=Han}/u.test(from)) continue;
    const target = TARGET_FIXES[to] ?? to;
    if (!/^[A-Za-z]$/.test(target)) continue;
    const isUpper = from !== from.toLowerCase();
    // The skeleton writes capital I as l; an upper-case look-alike of I means i.
    const letter = isUpper && target === 'l' ? 'i' : target.toLowerCase();
    table.set(cp, letter);
  }
  return table;
}
