import { EV, evasionKinds } from './evasionFlags.js';
import type { NormalizedText } from './normalize.js';
import type { CorroborationReason, MatchVia, Mention, TextFieldName, VocabHit } from './types.js';

/*
 * A candidate mention in normalised coordinates, as the passes find it, and how candidates become the
 * Mentions and VocabHits of the scan result (original spans, evasion kinds, one per right/term/span).
 */

export interface Candidate {
  rightId: string;
  term: string;
  a: number;
  b: number;
  bits: number;
  via: MatchVia;
  insideWord: boolean;
  needsCorroboration: boolean;
  /** Characters of the term when it is all Han (a Chinese mark), else 0: set at index build, read by the Han judge. */
  hanLength: number;
  /** Why it needs corroboration (see Mention.corroboration); set by the context judges after dedupe. */
  corroboration?: { reason: CorroborationReason; word?: string };
  /** Sort key of `dedupe` (set there). */
  rank: number;
}

/**
 * A new candidate (not yet judged or ranked). Every pass builds its candidates here, so they all have one
 * shape (the same fields in the same order, `corroboration` included) and the hot paths stay monomorphic.
 */
export function newCandidate(
  rightId: string,
  term: string,
  a: number,
  b: number,
  bits: number,
  via: MatchVia,
  insideWord: boolean,
  needsCorroboration: boolean,
  hanLength: number,
): Candidate {
  return {
    rightId,
    term,
    a,
    b,
    bits,
    via,
    insideWord,
    needsCorroboration,
    hanLength,
    // Set by the context judges; present from the start so every candidate has one shape.
    corroboration: undefined,
    rank: 0,
  };
}

export function located(
  n: NormalizedText,
  field: TextFieldName,
  a: number,
  b: number,
  what: { group: string; term: string; weight: number; rightId?: string },
): VocabHit {
  const span: [number, number] = [n.start[a]!, n.end[b - 1]!];
  return { ...what, field, span, text: n.original.slice(span[0], span[1]) };
}

export function toMention(n: NormalizedText, field: TextFieldName, c: Candidate): Mention {
  const span: [number, number] = [n.start[c.a]!, n.end[c.b - 1]!];
  const text = n.original.slice(span[0], span[1]);
  let evasions = evasionKinds(c.bits);
  if (evasions.length === 0 && text !== c.term && text.toLowerCase() === c.term.toLowerCase())
    evasions = evasionKinds(EV.case);
  const mention: Mention = {
    rightId: c.rightId,
    term: c.term,
    field,
    span,
    text,
    evasions,
    insideWord: c.insideWord,
    plain: evasions.length === 0 || (evasions.length === 1 && evasions[0] === 'case'),
    via: c.via,
  };
  if (c.needsCorroboration) mention.needsCorroboration = true;
  if (c.corroboration) {
    mention.needsCorroboration = true;
    mention.corroboration = c.corroboration;
  }
  return mention;
}

/**
 * One mention per right, term and span (the strongest); mentions inside a stronger one of the same right go.
 * Sorts `candidates` and compacts the kept ones to its front, in place: the result is the same array.
 */
export function dedupe(candidates: Candidate[]): Candidate[] {
  const count = candidates.length;
  if (count <= 1) return candidates;
  // Longest first within a start, so a containing mention is seen before the ones inside it. The tie-breaks
  // (how it was found, how many evasions) are folded into one number first. A title has a few candidates: an
  // insertion sort (stable, like Array.prototype.sort) beats a comparator called through the builtin.
  for (let i = 0; i < count; i++) {
    const c = candidates[i]!;
    c.rank = viaRank(c.via) * 64 + popcount(c.bits);
    let j = i;
    while (j > 0 && after(candidates[j - 1]!, c)) {
      candidates[j] = candidates[j - 1]!;
      j--;
    }
    candidates[j] = c;
  }
  let kept = 0;
  for (let r = 0; r < count; r++) {
    const c = candidates[r]!;
    let drop = false;
    for (let i = kept - 1; i >= 0; i--) {
      const o = candidates[i]!;
      if (o.b <= c.a && o.a < c.a - 64) break;
      if (o.rightId !== c.rightId || o.a > c.a || c.b > o.b) continue;
      const same = o.a === c.a && o.b === c.b;
      if ((same && o.term === c.term) || (!same && viaRank(o.via) <= viaRank(c.via))) {
        drop = true;
        break;
      }
    }
    if (!drop) candidates[kept++] = c;
  }
  candidates.length = kept;
  return candidates;
}

/** x sorts after y: (a ascending, b descending, rank ascending). */
function after(x: Candidate, y: Candidate): boolean {
  return x.a !== y.a ? x.a > y.a : x.b !== y.b ? x.b < y.b : x.rank > y.rank;
}

/** How a candidate was found, strongest first (name 0 … fuzzy 4): a switch, not a keyed lookup per comparison. */
function viaRank(via: MatchVia): number {
  switch (via) {
    case 'name':
      return 0;
    case 'alias':
      return 1;
    case 'canonical':
      return 2;
    case 'pinyin':
      return 3;
    default:
      return 4;
  }
}

function popcount(x: number): number {
  let count = 0;
  for (; x; x &= x - 1) count++;
  return count;
}
