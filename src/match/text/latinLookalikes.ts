import { createRequire } from 'node:module';

/*
 * Letters of other scripts that look like Latin letters (Greek Ν, Cyrillic і к е, Latin small capitals),
 * from the UTS #39 confusables data shipped by `unhomoglyph` (its data.json is the whole confusables.txt,
 * 6,311 entries), plus the mirrored letters below. Taken per original letter BEFORE lower-casing,
 * because the skeleton is case-sensitive (Greek Ν → N, but its lower case ν → v).
 */

const require = createRequire(import.meta.url);
const CONFUSABLES = require('unhomoglyph/data.json') as Record<string, string>;

/** The skeleton's few non-ASCII targets that still read as a Latin letter (и → ᴎ, я → ᴙ, Λ → Ʌ). */
const TARGET_FIXES: Record<string, string> = { ĸ: 'k', ı: 'i', ᴎ: 'n', ᴙ: 'r', Ʌ: 'a', ᴛ: 't' };

/**
 * Mirrored and "faux Cyrillic" letters that UTS #39 does not list as confusable (it covers look-alikes, not
 * reversals), as used for Latin in brand names (ИIKE, ЯOLEX, ШALMART, ΛDIDΛS). Source: the Unicode names of
 * these letters (REVERSED / TURNED / MIRRORED forms, UnicodeData.txt 15.0) and the faux-Cyrillic letter
 * substitutions listed in Unicode Technical Report #36 §2.1 examples of mixed-script spoofing; reviewed for
 * issue #13, 2026-12-04. Inside a real Cyrillic word (a letter with no Latin look-alike in the run) the fold is
 * reverted as for every other look-alike.
 */
const MIRRORED: Record<string, string> = {
  И: 'n',
  и: 'n',
  Я: 'r',
  я: 'r',
  Д: 'a',
  Ш: 'w',
  ш: 'w',
  Ǝ: 'e',
  ǝ: 'e',
  ɘ: 'e',
  Ɔ: 'c',
  ɔ: 'c',
  Ↄ: 'c',
  ↄ: 'c',
  ᴎ: 'n',
  ᴙ: 'r',
  ꓘ: 'k',
  // Faux-Greek: capital sigma for E (NIKΣ), as in the faux-Cyrillic set above.
  Σ: 'e',
};

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
  for (const [from, letter] of Object.entries(MIRRORED)) {
    const cp = from.codePointAt(0)!;
    if (!table.has(cp)) table.set(cp, letter);
  }
  return table;
}
