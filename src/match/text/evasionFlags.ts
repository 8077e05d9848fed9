import type { EvasionKind } from './types.js';

/*
 * Evasion kinds as bits, so normalisation can record per output unit what it folded and per gap what it
 * removed; a match then ORs the bits of the units and gaps it covers.
 */
export const EV = {
  width: 1 << 0,
  lookalike: 1 << 1,
  separator: 1 << 2,
  zero_width: 1 << 3,
  emoji: 1 << 4,
  traditional: 1 << 5,
  pinyin: 1 << 6,
  homophone: 1 << 7,
  shape: 1 << 8,
  digit: 1 << 9,
  numeral: 1 << 10,
  case: 1 << 11,
  fuzzy: 1 << 12,
} as const satisfies Record<EvasionKind, number>;

const ORDER = Object.entries(EV) as [EvasionKind, number][];

/** Decoded bit sets (every mention decodes one; few distinct sets occur). */
const decoded = new Map<number, EvasionKind[]>();

/**
 * The kinds set in `bits`, in the order of EVASION_KINDS. Shared between the mentions with the same bits (one
 * array per distinct set, not per mention): callers must not modify it.
 */
export function evasionKinds(bits: number): EvasionKind[] {
  let kinds = decoded.get(bits);
  if (!kinds) {
    kinds = [];
    for (const [kind, bit] of ORDER) if (bits & bit) kinds.push(kind);
    decoded.set(bits, kinds);
  }
  return kinds;
}
