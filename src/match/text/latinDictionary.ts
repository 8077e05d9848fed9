import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/*
 * English words (`an-array-of-english-words`, MIT, ~275,000 lower-case words, sorted) for the Latin judges: a
 * fuzzy match that is itself an English word (beads ↔ Beats, phone ↔ iPhone) is an ordinary word, not an
 * evasion, and a multi-letter look-alike form (cl → d) is not added where it spells a word (clove ↔ Dove).
 * The list is read while an index is built and held only weakly: what an index
 * keeps is the few words near its own marks. It is held as one string with word offsets, not an array of
 * ~275,000 strings (about 4 MB instead of ~13 MB of heap while an index is built, and nothing to trace).
 */

const require = createRequire(import.meta.url);

export interface EnglishWords {
  /** The words, concatenated in the list's (sorted) order. */
  readonly text: string;
  /** Word i is text[start[i], start[i + 1]). */
  readonly start: Int32Array;
  readonly count: number;
}

let held: WeakRef<EnglishWords> | undefined;

export function englishWords(): EnglishWords {
  let words = held?.deref();
  if (!words) {
    words = parseWordList(readFileSync(require.resolve('an-array-of-english-words'), 'latin1'));
    held = new WeakRef(words);
  }
  return words;
}

/** Word i of the list. */
export function englishWordAt(words: EnglishWords, i: number): string {
  return words.text.slice(words.start[i]!, words.start[i + 1]!);
}

/** Binary search in the sorted list, comparing in place (the order of JavaScript's string comparison). */
export function isEnglishWord(word: string): boolean {
  const { text, start, count } = englishWords();
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareAt(text, start[mid]!, start[mid + 1]!, word);
    if (c === 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Sign of text[a, b) compared with `word` by UTF-16 units, as `<` and `===` order strings. */
function compareAt(text: string, a: number, b: number, word: string): number {
  const n = Math.min(b - a, word.length);
  for (let k = 0; k < n; k++) {
    const d = text.charCodeAt(a + k) - word.charCodeAt(k);
    if (d !== 0) return d;
  }
  return b - a - word.length;
}

/**
 * The package's index.json (`["a","aa",…]`, plain ASCII words without escapes) into one string and offsets; any
 * other shape goes through JSON.parse, so the words are always the list's.
 */
export function parseWordList(json: string): EnglishWords {
  const body = json.trimEnd();
  const ends: number[] = [];
  if (!plainList(body, ends)) return fromArray(JSON.parse(json) as string[]);
  const count = ends.length;
  const start = new Int32Array(count + 1);
  // Word i sits between its quotes: ends[i] is its closing quote, and the quote, comma and quote before it are
  // 3 characters (the first word: the bracket and one quote, 2).
  let at = 0;
  let previousEnd = 0;
  for (let i = 0; i < count; i++) {
    const begin = i === 0 ? 2 : previousEnd + 3;
    start[i] = at;
    at += ends[i]! - begin;
    previousEnd = ends[i]!;
  }
  start[count] = at;
  // The words back to back: every character but the quotes, commas and brackets (plain ASCII, checked above).
  // Copied through a byte buffer (a regular-expression replace left ~16 MB of heap held after two collections).
  const bytes = Buffer.allocUnsafe(at);
  let w = 0;
  for (let k = 0; k < body.length; k++) {
    const c = body.charCodeAt(k);
    if (c !== 0x22 && c !== 0x2c && c !== 0x5b && c !== 0x5d) bytes[w++] = c;
  }
  return { text: bytes.toString('latin1', 0, w), start, count };
}

/** `["w1","w2",…]` with words of plain ASCII other than quotes, commas, brackets and backslashes. */
function plainList(body: string, ends: number[]): boolean {
  if (body.charCodeAt(0) !== 0x5b || body.charCodeAt(body.length - 1) !== 0x5d) return false;
  if (body.length === 2) return true;
  let k = 1;
  for (;;) {
    if (body.charCodeAt(k) !== 0x22) return false;
    k++;
    for (; k < body.length - 1; k++) {
      const c = body.charCodeAt(k);
      if (c === 0x22) break;
      if (c < 0x20 || c >= 0x7f || c === 0x2c || c === 0x5b || c === 0x5d || c === 0x5c) return false;
    }
    if (body.charCodeAt(k) !== 0x22) return false;
    ends.push(k);
    k++;
    if (k === body.length - 1) return true;
    if (body.charCodeAt(k) !== 0x2c) return false;
    k++;
  }
}

function fromArray(words: readonly string[]): EnglishWords {
  const start = new Int32Array(words.length + 1);
  let at = 0;
  words.forEach((w, i) => {
    start[i] = at;
    at += w.length;
  });
  start[words.length] = at;
  return { text: words.join(''), start, count: words.length };
}
