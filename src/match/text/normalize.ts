import { CharClass, foldCodePoint, type FoldPart } from './charFold.js';
import { EV } from './evasionFlags.js';

/*
 * One normalisation for marks and listing text alike (matching.md §3): NFKC, look-alike fold, lower-case,
 * removal of separators / symbols / emoji / zero-width characters, traditional → simplified, and the guarded
 * leet fold between Latin letters. Every output UTF-16 unit keeps the original span it came from and the
 * evasion bits of its fold; every gap keeps the bits of what was removed there, so a match can be mapped back
 * to the original text and say which evasions it crossed.
 */

/**
 * The arrays may be longer than the text (reused buffers): only indexes below `length` (`gap`: up to `length`)
 * are meaningful.
 */
export interface NormalizedText {
  original: string;
  /** The normalised text. */
  norm: string;
  length: number;
  /** UTF-16 units of `norm`. */
  units: Uint16Array;
  /** Per unit: original [start, end). */
  start: Int32Array;
  end: Int32Array;
  /** Per unit: evasion bits of the fold (width, lookalike, traditional, digit). */
  flags: Uint16Array;
  /** gap[i]: evasion bits of what was removed between unit i-1 and unit i (gap[length] = trailing). */
  gap: Uint16Array;
  /** Per unit: CharClass. */
  cls: Uint8Array;
}

/**
 * The fold of a BMP code point that is one plain unit (no leet reading, no foreign-word revert), packed as
 * unit | cls << 16 | flags << 19; COMPLEX for the rest, 0 while not yet computed. A title's characters then
 * cost one read of a flat table instead of three dependent reads (cache array → parts array → part object).
 */
const packedFolds = new Int32Array(0x10000);
const COMPLEX = -1;
/** Stands in `Buffers.parts` for a packed fold: what the context passes read of it is all empty. */
const PLAIN_PART: FoldPart = {
  out: '',
  cls: CharClass.Other,
  flags: 0,
  gap: 0,
  leet: undefined,
  native: undefined,
  foreignLetter: false,
};

/**
 * Marks the code points that may start mojibake or be a replacement character (0xC2–0xF4, U+FFFD): the scan
 * asks `noiseLength` there, and everywhere else reads the table once.
 */
const NOISE_LEAD = -2;

function packedFold(cp: number): number {
  const known = packedFolds[cp]!;
  if (known !== 0) return known;
  const packed = (cp >= 0xc2 && cp <= 0xf4) || cp === 0xfffd ? NOISE_LEAD : plainFold(cp);
  packedFolds[cp] = packed;
  return packed;
}

/** The packed fold of `cp`, or COMPLEX (not cached: packedFold caches, and a noise lead asks it each time). */
function plainFold(cp: number): number {
  const parts = foldCodePoint(cp);
  const p = parts[0];
  const plain =
    parts.length === 1 &&
    p !== undefined &&
    p.out.length === 1 &&
    p.cls !== CharClass.Remove &&
    p.cls !== CharClass.LeetSymbol &&
    p.leet === undefined &&
    p.native === undefined &&
    !p.foreignLetter &&
    p.flags < 1 << 12;
  return plain ? p.out.charCodeAt(0) | (p.cls << 16) | (p.flags << 19) : COMPLEX;
}

/** A leet run longer than this between letters is a number, not a disguised letter. */
const MAX_LEET_RUN = 2;
const REMOVED = 0;

class Buffers {
  capacity = 0;
  units = new Uint16Array(0);
  start = new Int32Array(0);
  end = new Int32Array(0);
  flags = new Uint16Array(0);
  gap = new Uint16Array(0);
  cls = new Uint8Array(0);
  parts: FoldPart[] = [];

  ensure(n: number): void {
    if (n <= this.capacity) return;
    const capacity = Math.max(n, this.capacity * 2, 256);
    const grow = <T extends Uint16Array | Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.units = grow(this.units, (n) => new Uint16Array(n));
    this.start = grow(this.start, (n) => new Int32Array(n));
    this.end = grow(this.end, (n) => new Int32Array(n));
    this.flags = grow(this.flags, (n) => new Uint16Array(n));
    this.gap = grow(this.gap, (n) => new Uint16Array(n + 1));
    this.cls = grow(this.cls, (n) => new Uint8Array(n));
    this.capacity = capacity;
  }
}

const shared = new Buffers();

/**
 * Normalises `text`. The arrays of the result are views into buffers reused by the next call; use
 * `normalizeCopy` to keep them.
 */
export function normalize(text: string): NormalizedText {
  return run(text, shared);
}

/** Like `normalize`, with arrays of its own, each exactly `length` long (`gap`: length + 1). */
export function normalizeCopy(text: string): NormalizedText {
  const n = run(text, shared);
  return {
    ...n,
    units: n.units.slice(0, n.length),
    start: n.start.slice(0, n.length),
    end: n.end.slice(0, n.length),
    flags: n.flags.slice(0, n.length),
    gap: n.gap.slice(0, n.length + 1),
    cls: n.cls.slice(0, n.length),
  };
}

function run(text: string, b: Buffers): NormalizedText {
  b.ensure(text.length * 2 + 8);
  let n = 0;
  let pendingGap = 0;
  // Context passes run only when the text has something for them.
  let leet = false;
  let foreign = false;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    let width = cp > 0xffff ? 2 : 1;
    let packed = cp < 0x10000 ? packedFold(cp) : COMPLEX;
    if (packed === NOISE_LEAD) {
      // Mojibake or a replacement character becomes one unit that no mark, word or vocabulary term contains.
      const noise = noiseLength(text, i);
      if (noise > 0) {
        width = noise;
        packed = HARD_BREAK_PACKED;
      } else packed = plainFold(cp);
    }
    if (packed !== COMPLEX) {
      // The common case (a Han character, a letter): one table read, no objects.
      if (n + 1 >= b.capacity) b.ensure(n + 16);
      b.units[n] = packed & 0xffff;
      b.cls[n] = (packed >>> 16) & 0x7;
      b.flags[n] = packed >>> 19;
      b.start[n] = i;
      b.end[n] = i + width;
      b.gap[n] = pendingGap;
      b.parts[n] = PLAIN_PART;
      pendingGap = 0;
      n++;
      i += width;
      continue;
    }
    for (const part of foldCodePoint(cp)) {
      if (part.cls === CharClass.Remove) {
        pendingGap |= part.gap;
        continue;
      }
      if (part.leet !== undefined) leet = true;
      if (part.native !== undefined || part.foreignLetter) foreign = true;
      for (let u = 0; u < part.out.length; u++) {
        if (n + 1 >= b.capacity) b.ensure(n + 16);
        b.units[n] = part.out.charCodeAt(u);
        b.cls[n] = part.cls;
        b.flags[n] = part.flags;
        b.start[n] = i;
        b.end[n] = i + width;
        b.gap[n] = u === 0 ? pendingGap : 0;
        b.parts[n] = part;
        if (u === 0) pendingGap = 0;
        n++;
      }
    }
    i += width;
  }
  b.gap[n] = pendingGap;
  if (leet) {
    foldLeet(b, n);
    n = compact(b, n);
  }
  if (foreign) revertForeignWords(b, n);
  // The buffers themselves, not subarray views: a view per array per title is measurable allocation.
  return {
    original: text,
    norm: unitsToString(b.units, n),
    length: n,
    units: b.units,
    start: b.start,
    end: b.end,
    flags: b.flags,
    gap: b.gap,
    cls: b.cls,
  };
}

/** What mojibake and replacement characters normalise to: a hard break (matching.md §3 step 0). */
export const HARD_BREAK = 0xfffd;
const HARD_BREAK_PACKED = HARD_BREAK | (CharClass.Other << 16);

/** Windows-1252's characters for the bytes 0x80–0x9F: what UTF-8 continuation bytes become when misread. */
const CP1252_HIGH = new Set([
  0x20ac, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x17d, 0x2018,
  0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x17e, 0x178,
]);

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isContinuation(c: number): boolean {
  return (c >= 0x80 && c <= 0xbf) || CP1252_HIGH.has(c);
}

/**
 * Length of the mojibake at `i` (UTF-8 read as Latin-1 / Windows-1252: `Ã©`, `â€™`, `ä¸­`, `ðŸ˜€`), or of a
 * replacement character; 0 when there is none. A lead byte needs all its continuation bytes, and two-byte
 * leads are limited to Â Ã Ä Å Ð Ñ (Latin-1, Latin Extended-A, Cyrillic), so `Ó“` in real text stays. A lead
 * directly before mojibake (double encoding: `ââ‚¬`) belongs to it, and so does a Â or Ã with no ASCII letter
 * beside it (its continuation byte was lost: `ÃÃÃ`).
 */
function noiseLength(text: string, i: number, leadBefore = true): number {
  const lead = text.charCodeAt(i);
  if (lead === 0xfffd) return 1;
  const need = lead <= 0xdf ? (lead <= 0xc5 || lead === 0xd0 || lead === 0xd1 ? 1 : 0) : lead <= 0xef ? 2 : 3;
  let ok = need > 0 && i + need < text.length;
  for (let j = 1; ok && j <= need; j++) ok = isContinuation(text.charCodeAt(i + j));
  if (ok) return need + 1;
  // Â and Ã stand inside Portuguese words (NÃO, CÂMERA); with no ASCII letter beside them they are debris.
  if (
    (lead === 0xc2 || lead === 0xc3) &&
    !isAsciiLetter(text.charCodeAt(i - 1)) &&
    !isAsciiLetter(text.charCodeAt(i + 1))
  ) {
    return 1;
  }
  const next = text.charCodeAt(i + 1);
  if (leadBefore && next >= 0xc2 && next <= 0xf4) {
    const rest = noiseLength(text, i + 1, false);
    if (rest > 0) return rest + 1;
  }
  return 0;
}

/** Step 6: digits and @/$ directly between Latin letters read as letters (N1KE → nike); 330ml stays. */
function foldLeet(b: Buffers, n: number): void {
  for (let k = 0; k < n; k++) {
    if (!isLeetCandidate(b, k)) continue;
    let m = k + 1;
    while (m < n && b.gap[m] === 0 && isLeetCandidate(b, m)) m++;
    const between =
      m - k <= MAX_LEET_RUN &&
      k > 0 &&
      b.cls[k - 1] === CharClass.Latin &&
      b.gap[k] === 0 &&
      m < n &&
      b.cls[m] === CharClass.Latin &&
      b.gap[m] === 0 &&
      !inModelCode(b, n, k, m);
    for (let j = k; j < m; j++) {
      if (between) {
        b.units[j] = b.parts[j]!.leet!.charCodeAt(0);
        b.cls[j] = CharClass.Latin;
        b.flags[j] = b.flags[j]! | EV.digit;
      } else if (b.cls[j] === CharClass.LeetSymbol) {
        b.cls[j] = REMOVED;
      }
    }
    k = m - 1;
  }
}

/**
 * The token around [k, m) has a digit no leet letter reads (2, 6, 8, 9) or a longer digit run: a model code
 * (LC24RG50FQ), whose 50 is not "so".
 */
function inModelCode(b: Buffers, n: number, k: number, m: number): boolean {
  let run = 0;
  for (let j = k - 1; j >= 0 && (b.cls[j] === CharClass.Latin || b.cls[j] === CharClass.Digit); j--) {
    if (b.cls[j] === CharClass.Digit && (b.parts[j]!.leet === undefined || ++run > MAX_LEET_RUN)) return true;
    if (b.cls[j] !== CharClass.Digit) run = 0;
    if (b.gap[j] !== 0) break;
  }
  run = 0;
  for (let j = m; j < n && (b.cls[j] === CharClass.Latin || b.cls[j] === CharClass.Digit); j++) {
    if (j > m && b.gap[j] !== 0) break;
    if (b.cls[j] === CharClass.Digit && (b.parts[j]!.leet === undefined || ++run > MAX_LEET_RUN)) return true;
    if (b.cls[j] !== CharClass.Digit) run = 0;
  }
  return false;
}

function isLeetCandidate(b: Buffers, k: number): boolean {
  const c = b.cls[k];
  return (c === CharClass.Digit || c === CharClass.LeetSymbol) && b.parts[k]!.leet !== undefined;
}

/** Step 3's guard: look-alike folds apply to Latin-ish runs only, not inside real Greek/Cyrillic words. */
function revertForeignWords(b: Buffers, n: number): void {
  for (let k = 0; k < n; k++) {
    if (!isLetter(b, k)) continue;
    let m = k + 1;
    let foreign = b.parts[k]!.foreignLetter === true;
    while (m < n && b.gap[m] === 0 && isLetter(b, m)) {
      if (b.parts[m]!.foreignLetter) foreign = true;
      m++;
    }
    if (foreign) {
      for (let j = k; j < m; j++) {
        const native = b.parts[j]!.native;
        if (native === undefined) continue;
        b.units[j] = native.charCodeAt(0);
        b.cls[j] = CharClass.Other;
        b.flags[j] = b.flags[j]! & ~EV.lookalike;
      }
    }
    k = m - 1;
  }
}

function isLetter(b: Buffers, k: number): boolean {
  return b.cls[k] === CharClass.Latin || b.parts[k]!.foreignLetter === true;
}

/** Drops units marked REMOVED (stray @/$), moving their gap bits onto the next unit. */
function compact(b: Buffers, n: number): number {
  let w = 0;
  let carry = 0;
  for (let r = 0; r < n; r++) {
    if (b.cls[r] === REMOVED) {
      carry |= b.gap[r]! | EV.separator;
      continue;
    }
    if (w !== r) {
      b.units[w] = b.units[r]!;
      b.cls[w] = b.cls[r]!;
      b.flags[w] = b.flags[r]!;
      b.start[w] = b.start[r]!;
      b.end[w] = b.end[r]!;
      b.parts[w] = b.parts[r]!;
    }
    b.gap[w] = b.gap[r]! | carry;
    carry = 0;
    w++;
  }
  b.gap[w] = b.gap[n]! | carry;
  return w;
}

export function unitsToString(units: Uint16Array, n: number): string {
  if (n <= 4096) return String.fromCharCode.apply(null, units.subarray(0, n) as unknown as number[]);
  let s = '';
  for (let i = 0; i < n; i += 4096) {
    s += String.fromCharCode.apply(null, units.subarray(i, Math.min(n, i + 4096)) as unknown as number[]);
  }
  return s;
}
