import { CharClass } from './charFold.js';
import { newCandidate, type Candidate } from './candidate.js';
import { EV } from './evasionFlags.js';
import { isGlyphPair, type GlyphCoarse } from './glyphCoarse.js';
import { MODEL_CODE_LETTERS, modelCodeAt, SHORT_LATIN_MARK } from './latinContext.js';
import type { NormalizedText } from './normalize.js';
import { samePunctuation } from './vocabularyPunctuation.js';

/*
 * The payloads of the text index's main automaton (marks, vocabulary terms, containing words) and how a hit of
 * one is verified against the listing's normalised text: a mark by its characters (形近 accepted only as a fine
 * class or one glyph neighbour), a vocabulary term exactly, standing alone and with its punctuation.
 */

export interface MarkEntry {
  type: 'mark';
  rightId: string;
  term: string;
  via: 'name' | 'alias';
  norm: string;
  flags: Uint16Array;
  gap: Uint16Array;
  /** Evasion bits of the form itself (numeral for a digit/numeral variant). */
  extra: number;
  latinStart: boolean;
  latinEnd: boolean;
  /** hanTermLength(term). */
  hanLength: number;
}

export interface VocabEntry {
  type: 'vocab';
  group: string;
  term: string;
  weight: number;
  norm: string;
  gap: Uint16Array;
  startClass: number;
  endClass: number;
}

export interface ContainEntry {
  type: 'contain';
  norm: string;
}

export type Entry = MarkEntry | VocabEntry | ContainEntry;

export interface AffixTerm {
  group: string;
  term: string;
  weight: number;
  prefix: string;
  suffix: string;
  /** Dictionary words the suffix begins that keep the term (the group's `affixWords`). */
  affixWords: ReadonlySet<string>;
}

/** The mention of `e` at [a, b) of a coarse-key hit, or null if a differing character is no accepted 形近. */
export function markCandidate(
  n: NormalizedText,
  a: number,
  b: number,
  e: MarkEntry,
  fine: Uint16Array,
  glyph: GlyphCoarse | null,
): Candidate | null {
  let bits = e.extra;
  let exactChars = true;
  let glyphSwap = -1; // the one glyph-neighbour substitution (text unit * 65536 + mark unit) allowed
  for (let i = 0; i < b - a; i++) {
    const k = a + i;
    const t = n.units[k]!;
    const m = e.norm.charCodeAt(i);
    if (t !== m) {
      if (fine[t] !== fine[m]) {
        // Same coarse key only: the pair must be a glyph neighbour, and the only one (娃啥啥 counts once).
        const swap = t * 0x10000 + m;
        if (!glyph || (glyphSwap >= 0 && glyphSwap !== swap) || !glyphPairAt(n, k, glyph, t, m)) return null;
        glyphSwap = swap;
      }
      exactChars = false;
      if (n.cls[k] === CharClass.Han) bits |= EV.shape;
      else if (!(n.flags[k]! & EV.digit)) bits |= EV.lookalike;
    }
    bits |= n.flags[k]! & ~e.flags[i]!;
    if (i > 0) bits |= n.gap[k]! & ~e.gap[i]!;
  }
  // A Latin mark glued to Latin letters is inside a word, unless what follows is its model code (NikeV11).
  const glued =
    (e.latinStart && a > 0 && n.cls[a - 1] === CharClass.Latin && n.gap[a] === 0) ||
    (e.latinEnd &&
      b < n.length &&
      n.cls[b] === CharClass.Latin &&
      n.gap[b] === 0 &&
      !modelCodeAt(n, b, b - a <= SHORT_LATIN_MARK ? 0 : MODEL_CODE_LETTERS));
  const via = exactChars ? e.via : 'canonical';
  return newCandidate(e.rightId, e.term, a, b, bits, via, glued, false, e.hanLength);
}

/**
 * Whether text unit `t` at `k` may stand for mark unit `m` as a glyph look-alike; a traditional character is
 * judged as written (雲 for 雪), before normalisation folded it (云 looks nothing like 雪).
 */
function glyphPairAt(n: NormalizedText, k: number, glyph: GlyphCoarse, t: number, m: number): boolean {
  if (isGlyphPair(glyph, t, m)) return true;
  if (!(n.flags[k]! & EV.traditional) || n.end[k]! - n.start[k]! !== 1) return false;
  return isGlyphPair(glyph, n.original.charCodeAt(n.start[k]!), m);
}

/** Vocabulary matches exactly (no confusion classes), stands alone if Latin/digit, keeps its punctuation. */
export function vocabularyMatches(n: NormalizedText, a: number, b: number, e: VocabEntry): boolean {
  if (!n.norm.startsWith(e.norm, a)) return false;
  const alnum = (c: number) => c === CharClass.Latin || c === CharClass.Digit;
  if (alnum(e.startClass) && a > 0 && n.cls[a - 1] === e.startClass && n.gap[a] === 0) return false;
  if (alnum(e.endClass) && b < n.length && n.cls[b] === e.endClass && n.gap[b] === 0) return false;
  let punctuated = false;
  for (let i = 1; i < b - a; i++) {
    if (!e.gap[i]) continue;
    if (!n.gap[a + i]) return false;
    punctuated = true;
  }
  return !punctuated || samePunctuation(n, a, e);
}
