import { EV } from './evasionFlags.js';
import { isEnglishWord } from './latinDictionary.js';

/*
 * Extra written forms of a Latin mark, added to the automaton at build time (issue #13), so a listing is never
 * rewritten: multi-letter look-alikes (w as vv, m as rn, d as cl) and a digit for the first or last letter
 * (0MEGA, ADIDA5: 0 for o, 1 for i/l, 5 for s; between letters the leet fold of normalize.ts already reads
 * them). Folding rn → m in listings would break common words (turn, corn, modern); as mark forms they only match
 * where the text spells a watched mark, on token boundaries. A form that is itself an English word (clove for
 * Dove) is not added. Marks of at most three letters get none: too many short tokens would spell them.
 */

const MULTI: readonly [string, string][] = [
  ['w', 'vv'],
  ['m', 'rn'],
  ['d', 'cl'],
];
const EDGE_DIGIT: Record<string, string> = { o: '0', i: '1', l: '1', s: '5' };
/** Single replacements per mark at most, before the all-at-once form. */
const MAX_SINGLE = 2;
const MIN_LETTERS = 4;

export interface LatinVariant {
  text: string;
  /** The evasion bit the form stands for. */
  bits: number;
}

/** Forms of `norm` (a normalised, all-Latin mark) other than itself. */
export function latinVariants(norm: string): LatinVariant[] {
  if (norm.length < MIN_LETTERS || !/^[a-z]+$/.test(norm)) return [];
  const out = new Map<string, number>();
  let all = norm;
  let singles = 0;
  for (const [letter, form] of MULTI) {
    for (let i = norm.indexOf(letter); i >= 0; i = norm.indexOf(letter, i + 1)) {
      if (singles++ < MAX_SINGLE) out.set(norm.slice(0, i) + form + norm.slice(i + 1), EV.lookalike);
    }
    all = all.split(letter).join(form);
  }
  if (all !== norm) out.set(all, EV.lookalike);
  const first = EDGE_DIGIT[norm[0]!];
  const last = EDGE_DIGIT[norm[norm.length - 1]!];
  if (first) out.set(first + norm.slice(1), EV.digit);
  if (last) out.set(norm.slice(0, -1) + last, EV.digit);
  if (first && last) out.set(first + norm.slice(1, -1) + last, EV.digit);
  const variants: LatinVariant[] = [];
  for (const [text, bits] of out)
    if (!/^[a-z]+$/.test(text) || !isEnglishWord(text)) variants.push({ text, bits });
  return variants;
}
