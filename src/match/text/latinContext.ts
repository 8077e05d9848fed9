import type { Candidate } from './candidate.js';
import { CharClass } from './charFold.js';
import { EV } from './evasionFlags.js';
import type { LatinTokens } from './latinTokens.js';
import type { NormalizedText } from './normalize.js';

/*
 * Judges Latin mark candidates against the tokens around them (issue #13). A token is a run of Latin letters
 * and digits with nothing removed in between. Units (500ml), letter sizes (XL), roman numerals (Mark II) and
 * model codes (A1, T3102) are never look-alikes of a mark: a candidate reached by a look-alike letter, a digit
 * or an edit that lies on such a token is dropped. A short Latin mark (≤ 3 letters) reached that way needs a
 * second signal (`short_mark`). A fuzzy candidate overlapping a stronger mention of the same right is that
 * mention plus a neighbouring letter (`Apple M1`), not an evasion. Runs once per field after dedupe.
 */

/** Latin marks of at most this many letters are short (issue #13). */
export const SHORT_LATIN_MARK = 3;

const NOT_EXACT = EV.lookalike | EV.digit | EV.fuzzy;

/** `tokens`: the never-look-alike tokens, loaded by the caller at index build (not on a listing's first hit). */
export function judgeLatinCandidates(n: NormalizedText, kept: Candidate[], tokens: LatinTokens): Candidate[] {
  let out: Candidate[] | null = null;
  for (let i = 0; i < kept.length; i++) {
    const c = kept[i]!;
    const drop = isLatin(n, c) && isDisguised(c) && judge(n, c, kept, tokens);
    if (drop && out === null) out = kept.slice(0, i);
    else if (!drop && out !== null) out.push(c);
  }
  return out ?? kept;
}

function isLatin(n: NormalizedText, c: Candidate): boolean {
  return alnum(n.cls[c.a]!) && alnum(n.cls[c.b - 1]!);
}

function isDisguised(c: Candidate): boolean {
  return c.via === 'canonical' || c.via === 'fuzzy' || (c.bits & NOT_EXACT) !== 0;
}

function alnum(cls: number): boolean {
  return cls === CharClass.Latin || cls === CharClass.Digit;
}

/** True when the candidate goes; may set its corroboration. */
function judge(n: NormalizedText, c: Candidate, kept: readonly Candidate[], tokens: LatinTokens): boolean {
  if (c.via === 'fuzzy' && overlapsStronger(c, kept)) return true;
  if (onNeverLookalikeToken(n, c, tokens)) return true;
  if (c.via !== 'fuzzy' && c.b - c.a <= SHORT_LATIN_MARK && !c.corroboration) {
    c.corroboration = { reason: 'short_mark' };
  }
  return false;
}

function overlapsStronger(c: Candidate, kept: readonly Candidate[]): boolean {
  for (const o of kept) {
    if (o === c || o.rightId !== c.rightId || o.via === 'fuzzy' || o.insideWord) continue;
    if (o.a < c.b && c.a < o.b) return true;
  }
  return false;
}

/** Any token the candidate touches is a unit, size, roman numeral or model code. */
function onNeverLookalikeToken(n: NormalizedText, c: Candidate, tokens: LatinTokens): boolean {
  let start = c.a;
  while (start > 0 && n.gap[start] === 0 && alnum(n.cls[start - 1]!)) start--;
  let previousEndsInDigit = start > 0 && n.cls[start - 1] === CharClass.Digit;
  for (let k = start; k < c.b;) {
    let m = k + 1;
    while (m < n.length && n.gap[m] === 0 && alnum(n.cls[m]!)) m++;
    if (neverLookalike(n, k, m, c, previousEndsInDigit, tokens)) return true;
    if (m - k <= SHORT_LATIN_MARK && hyphenedToDigits(n, k, m)) return true;
    previousEndsInDigit = n.cls[m - 1] === CharClass.Digit;
    k = m;
    while (k < c.b && !alnum(n.cls[k]!)) k++;
  }
  return false;
}

/** A short token joined by a hyphen or slash to digits is part of a model code (T3102-IL, GT-3). */
function hyphenedToDigits(n: NormalizedText, a: number, b: number): boolean {
  const joined = (x: number) => {
    const between = n.original.slice(n.end[x - 1]!, n.start[x]!);
    return between === '-' || between === '/';
  };
  if (a > 0 && n.cls[a - 1] === CharClass.Digit && joined(a)) return true;
  return b < n.length && n.cls[b] === CharClass.Digit && joined(b);
}

function neverLookalike(
  n: NormalizedText,
  a: number,
  b: number,
  c: Candidate,
  afterNumber: boolean,
  t: LatinTokens,
): boolean {
  let digitsOutside = false;
  let lettersFrom = a;
  for (let k = a; k < b; k++) {
    if (n.cls[k] !== CharClass.Digit) continue;
    if (k < c.a || k >= c.b) digitsOutside = true;
    if (k === lettersFrom) lettersFrom++;
  }
  if (digitsOutside && lettersFrom === a) return true; // a model code: A1, T3102, GT3 (digits after letters)
  const word = n.norm.slice(lettersFrom, b);
  if (lettersFrom > a) return digitsOutside || t.units.has(word) || t.sizes.has(word); // 500ml, 2XL
  if (t.sizes.has(word) || t.romanNumerals.has(word)) return true;
  return afterNumber && t.units.has(word); // 500 ml
}

/** Letters a model code may start with before its digits (V11, GT3, XPS13). */
export const MODEL_CODE_LETTERS = 3;

/**
 * A model code starts at `k` and runs to the end of its token: at most `letters` letters, then a digit
 * (V11, X5, GT3), then anything alphanumeric. A mark glued to one is still a mention.
 */
export function modelCodeAt(n: NormalizedText, k: number, letters: number): boolean {
  let m = k;
  while (m < n.length && m - k <= letters && n.cls[m] === CharClass.Latin && (m === k || n.gap[m] === 0)) m++;
  return m < n.length && m - k <= letters && n.cls[m] === CharClass.Digit && (m === k || n.gap[m] === 0);
}
