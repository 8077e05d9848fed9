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
  const count = plainListCount(body);
  if (count < 0) return fromArray(JSON.parse(json) as string[]);
  // The words back to back: every character but the quotes, commas and brackets (plain ASCII, checked above);
  // word i starts where its opening quote is dropped. Copied through a byte buffer (a regular-expression replace
  // left ~16 MB of heap held after two collections), sized to the words: the brackets, and per word two quotes
  // and a comma, less the last word's comma.
  const start = new Int32Array(count + 1);
  const bytes = Buffer.allocUnsafe(count === 0 ? 0 : body.length - 3 * count - 1);
  let w = 0;
  let i = 0;
  let open = false;
  for (let k = 0; k < body.length; k++) {
    const c = body.charCodeAt(k);
    if (c === 0x22) {
      open = !open;
      if (open) start[i++] = w;
    } else if (c !== 0x2c && c !== 0x5b && c !== 0x5d) bytes[w++] = c;
  }
  start[count] = w;
  return { text: bytes.toString('latin1', 0, w), start, count };
}

/**
 * How many words are in `body` when it is `["w1","w2",…]` with words of plain ASCII other than quotes, commas,
 * brackets and backslashes; -1 when it is not.
 */
function plainListCount(body: string): number {
  if (body.charCodeAt(0) !== 0x5b || body.charCodeAt(body.length - 1) !== 0x5d) return -1;
  if (body.length === 2) return 0;
  let count = 0;
  let k = 1;
  for (;;) {
    if (body.charCodeAt(k) !== 0x22) return -1;
    k++;
    for (; k < body.length - 1; k++) {
      const c = body.charCodeAt(k);
      if (c === 0x22) break;
      if (c < 0x20 || c >= 0x7f || c === 0x2c || c === 0x5b || c === 0x5d || c === 0x5c) return -1;
    }
    if (body.charCodeAt(k) !== 0x22) return -1;
    count++;
    k++;
    if (k === body.length - 1) return count;
    if (body.charCodeAt(k) !== 0x2c) return -1;
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
