import { Converter } from 'opencc-js/t2cn';
import { loadConfusionTable } from './confusionClasses.js';
import { EV } from './evasionFlags.js';
import { latinLookalikeTable } from './latinLookalikes.js';

/*
 * What normalisation does to one code point, before context: matching.md §3 steps 1–5 (NFKC, radicals NFKC
 * leaves alone via EquivalentUnifiedIdeograph, look-alike fold, lower-case, classification for removal,
 * traditional → simplified). Context steps (the guarded leet
 * fold, reverting look-alike folds inside real Greek/Cyrillic words) are in normalize.ts. Results are cached
 * per code point, so a title costs one table lookup per character.
 */

export const enum CharClass {
  Latin = 1,
  Digit = 2,
  Han = 3,
  Other = 4,
  /** Removed: separator, symbol, emoji, zero-width; `gap` says which. */
  Remove = 5,
  /** `@` and `$`: a leet letter between Latin letters, otherwise a removed symbol. */
  LeetSymbol = 6,
}

export interface FoldPart {
  /** Output text (one code point, so 1 or 2 UTF-16 units); empty for Remove. */
  out: string;
  cls: CharClass;
  /** Evasion bits of the fold itself (width, lookalike, traditional). */
  flags: number;
  /** For Remove and LeetSymbol: the evasion bit recorded on the gap. */
  gap: number;
  /** Leet letter this unit reads as between Latin letters (0→o, 1→i, 3→e, 4→a, 5→s, 7→t, @→a, $→s). */
  leet: string | undefined;
  /** For a look-alike fold: what the letter is when it stands in a real Greek/Cyrillic word. */
  native: string | undefined;
  /** A Greek/Cyrillic (non-Latin, non-Han) letter left as it is. */
  foreignLetter: boolean;
}

/**
 * Every part is made here, with every field present in the same order: normalisation reads these fields for
 * each character of every title, and objects of one shape keep those reads monomorphic (several shapes made
 * them megamorphic, a measurable share of the scan).
 */
function part(
  out: string,
  cls: CharClass,
  flags: number,
  gap: number,
  extra: { leet?: string; native?: string; foreignLetter?: boolean } = {},
): FoldPart {
  return {
    out,
    cls,
    flags,
    gap,
    leet: extra.leet,
    native: extra.native,
    foreignLetter: extra.foreignLetter ?? false,
  };
}

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

const ZERO_WIDTH = /^[\u200b-\u200f\u2060-\u2064\ufeff\u180e\u00ad\u034f\u061c]$/u;
const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u20e3)$/u;
/** Combining marks, format characters, lone surrogates, private-use and unassigned code points: invisible padding. */
const MARK_OR_FORMAT = /^[\p{M}\p{Cf}\p{Cs}\p{Co}\p{Cn}]$/u;
const SEPARATOR = /^[\s\p{P}\p{S}\p{Z}\p{Cc}]$/u;
const HAN = /^\p{Script=Han}$/u;
const LATIN_LETTER = /^\p{Script=Latin}$/u;
const GREEK_CYRILLIC = /^[\p{Script=Greek}\p{Script=Cyrillic}]$/u;
/** ©, ®, ™ and friends are Extended_Pictographic but ordinary trade symbols, not emoji padding. */
const TRADE_SYMBOLS = new Set([0xa9, 0xae, 0x2122, 0x2117, 0x2120]);

const toSimplified = Converter({ from: 't', to: 'cn' });

const bmpCache: (FoldPart[] | undefined)[] = new Array<FoldPart[] | undefined>(0x10000);
const astralCache = new Map<number, FoldPart[]>();

/** The fold of one code point (cached). */
export function foldCodePoint(cp: number): FoldPart[] {
  if (cp < 0x10000) {
    let parts = bmpCache[cp];
    if (!parts) bmpCache[cp] = parts = computeFold(cp);
    return parts;
  }
  let parts = astralCache.get(cp);
  if (!parts) astralCache.set(cp, (parts = computeFold(cp)));
  return parts;
}

function computeFold(cp: number): FoldPart[] {
  const ch = String.fromCodePoint(cp);
  const nfkc = ch.normalize('NFKC');
  const widthBit = nfkc !== ch ? widthOrShapeBit(cp) : 0;
  const parts: FoldPart[] = [];
  for (const c of nfkc) {
    const part = foldSingle(c);
    if (part.cls !== CharClass.Remove) part.flags |= widthBit;
    parts.push(part);
  }
  return parts;
}

/** Kangxi radicals and compatibility ideographs fold by NFKC but are look-alike characters, not width. */
function widthOrShapeBit(cp: number): number {
  if ((cp >= 0x2f00 && cp <= 0x2fdf) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f)) {
    return EV.lookalike;
  }
  return EV.width;
}

function foldSingle(c: string): FoldPart {
  const cp = c.codePointAt(0)!;
  if (cp >= 0x61 && cp <= 0x7a) return part(c, CharClass.Latin, 0, 0);
  if (cp >= 0x41 && cp <= 0x5a) return part(c.toLowerCase(), CharClass.Latin, 0, 0);
  if (cp >= 0x30 && cp <= 0x39) return part(c, CharClass.Digit, 0, 0, { leet: LEET[c] });
  if (c === '@' || c === '$') {
    return part(c, CharClass.LeetSymbol, 0, EV.separator, { leet: LEET[c] });
  }
  if (HAN.test(c)) {
    const radical = loadConfusionTable().radicals.get(c);
    if (radical !== undefined) return part(radical, CharClass.Han, EV.lookalike, 0);
    const simplified = toSimplified(c);
    const out = [...simplified].length === 1 ? simplified : c;
    return part(out, CharClass.Han, out !== c ? EV.traditional : 0, 0);
  }
  const lookalike = latinLookalikeTable().get(cp);
  if (lookalike !== undefined) {
    const native = GREEK_CYRILLIC.test(c) ? c.toLowerCase() : undefined;
    return part(lookalike, CharClass.Latin, EV.lookalike, 0, { native });
  }
  if (LATIN_LETTER.test(c)) {
    // Accented Latin letters (Ñìké) fold to their base letter.
    const base = c.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    if (/^[a-z]$/.test(base)) return part(base, CharClass.Latin, EV.lookalike, 0);
    return part(c.toLowerCase(), CharClass.Other, 0, 0);
  }
  if (ZERO_WIDTH.test(c)) return removed(EV.zero_width);
  if (EMOJI.test(c) && !TRADE_SYMBOLS.has(cp)) return removed(EV.emoji);
  if (MARK_OR_FORMAT.test(c)) return removed(EV.zero_width);
  if (SEPARATOR.test(c)) return removed(EV.separator);
  const lower = c.toLowerCase();
  return part([...lower].length === 1 ? lower : c, CharClass.Other, 0, 0, {
    foreignLetter: GREEK_CYRILLIC.test(c),
  });
}

function removed(gap: number): FoldPart {
  return part('', CharClass.Remove, 0, gap);
}
