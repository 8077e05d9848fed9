import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/*
 * jieba's segmentation dictionary (dict.txt of @node-rs/jieba, MIT: "word frequency POS" per line, 349,045
 * entries, frequencies summing to 60.1 M) read once per process into flat arrays, keeping only what the Han
 * context judge asks (hanContext.ts):
 * - everyday words: frequency ≥ EVERYDAY_MIN_FREQ. 79,746 entries are at 20 or more and carry 98.1 % of the
 *   dictionary's frequency mass; below that (the median entry has 3) are rare names and technical terms;
 * - place names: POS `ns`, any frequency (17,706 entries);
 * - proper names (nr, nrt, nz, nt, nrfg) of any frequency, kept for one question only: is a span exactly a
 *   name (卡迪亚 and 卡地亚 are both Cartier; 阿曼尼 and 阿玛尼 Armani), not an invented evasion.
 * Each index then keeps the entries that contain a character it watches (`HanLexicon`), in an open-addressing
 * table keyed by a hash of UTF-16 units, so a lookup over a listing's normalised units allocates nothing.
 */

export const EVERYDAY_MIN_FREQ = 20;
/** Longest word looked up (UTF-16 units): the covering words of a 2–4 character span. */
export const MAX_WORD_LENGTH = 8;

export const WordKind = { Everyday: 1, Place: 2, Name: 4 } as const;

const PROPER_POS = new Set(['nr', 'nrt', 'nz', 'nt', 'nrfg']);

/** Every kept dictionary entry, concatenated; entry i is text[offset[i] .. offset[i] + length[i]). */
interface RawDictionary {
  text: string;
  offset: Int32Array;
  length: Uint8Array;
  freq: Int32Array;
  kind: Uint8Array;
  count: number;
  loadMs: number;
}

let raw: RawDictionary | undefined;

export function dictionaryFile(): string {
  return createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt');
}

/** The process-wide dictionary (read on first use, ~0.2 s). */
export function rawDictionary(): RawDictionary {
  if (raw) return raw;
  const started = performance.now();
  const file = readFileSync(dictionaryFile(), 'utf8');
  const words: string[] = [];
  const freqs: number[] = [];
  const kinds: number[] = [];
  // Walked in place (no split into 349k line strings): only kept words become strings.
  for (let at = 0; at < file.length;) {
    let eol = file.indexOf('\n', at);
    if (eol < 0) eol = file.length;
    const s1 = file.indexOf(' ', at);
    const s2 = s1 < 0 || s1 > eol ? -1 : file.indexOf(' ', s1 + 1);
    const line = at;
    at = eol + 1;
    if (
      s2 < 0 ||
      s2 > eol ||
      s1 - line < 2 ||
      s1 - line > MAX_WORD_LENGTH ||
      !allIdeographs(file, line, s1)
    ) {
      continue;
    }
    const freq = Number(file.slice(s1 + 1, s2));
    const pos = file.slice(s2 + 1, eol).trim();
    let kind = 0;
    if (freq >= EVERYDAY_MIN_FREQ) kind |= WordKind.Everyday;
    if (pos === 'ns') kind |= WordKind.Place;
    if (PROPER_POS.has(pos)) kind |= WordKind.Name;
    if (kind === 0) continue;
    words.push(file.slice(line, s1));
    freqs.push(freq);
    kinds.push(kind);
  }
  const count = words.length;
  const offset = new Int32Array(count);
  const length = new Uint8Array(count);
  let at = 0;
  for (let i = 0; i < count; i++) {
    offset[i] = at;
    length[i] = words[i]!.length;
    at += words[i]!.length;
  }
  raw = {
    text: words.join(''),
    offset,
    length,
    freq: Int32Array.from(freqs),
    kind: Uint8Array.from(kinds),
    count,
    loadMs: Math.round(performance.now() - started),
  };
  return raw;
}

const PAIR_BITS = 21;

function pairSlot(u: number, v: number): number {
  return Math.imul((u << 16) | v, 0x9e3779b1) >>> (32 - PAIR_BITS);
}

function allIdeographs(text: string, a: number, b: number): boolean {
  for (let k = a; k < b; k++) {
    const u = text.charCodeAt(k);
    if (u < 0x3400 || u > 0x9fff) return false;
  }
  return true;
}

function hashString(text: string, a: number, b: number): number {
  let h = 0x811c9dc5;
  for (let k = a; k < b; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  return h >>> 0;
}

export function hashUnits(units: ArrayLike<number>, a: number, b: number): number {
  let h = 0x811c9dc5;
  for (let k = a; k < b; k++) h = Math.imul(h ^ units[k]!, 0x01000193);
  return h >>> 0;
}

/** One index's share of the dictionary: the entries with a character `relevant` accepts. */
export class HanLexicon {
  private readonly raw: RawDictionary;
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** A bit per hashed pair of adjacent units found in some kept word: most mentions join no word. */
  private readonly pairs = new Uint32Array(1 << (PAIR_BITS - 5));
  readonly size: number;

  constructor(relevant: (unit: number) => boolean) {
    const r = (this.raw = rawDictionary());
    const keep = new Int32Array(r.count);
    let kept = 0;
    for (let i = 0; i < r.count; i++) {
      const o = r.offset[i]!;
      for (let k = 0; k < r.length[i]!; k++) {
        if (relevant(r.text.charCodeAt(o + k))) {
          keep[kept++] = i;
          break;
        }
      }
    }
    this.size = kept;
    let cap = 16;
    while (cap < kept * 2) cap *= 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap).fill(-1);
    const units = new Uint16Array(MAX_WORD_LENGTH);
    for (let j = 0; j < kept; j++) {
      const i = keep[j]!;
      const o = r.offset[i]!;
      const len = r.length[i]!;
      for (let k = 0; k < len; k++) {
        units[k] = r.text.charCodeAt(o + k);
        if (k > 0) {
          const p = pairSlot(units[k - 1]!, units[k]!);
          this.pairs[p >>> 5] = this.pairs[p >>> 5]! | (1 << (p & 31));
        }
      }
      let s = hashUnits(units, 0, len) & this.mask;
      while (this.slots[s] !== -1) s = (s + 1) & this.mask;
      this.slots[s] = i;
    }
  }

  /** The `terms` that occur strictly inside some kept everyday word or place name. */
  termsInsideWords(terms: ReadonlySet<string>): Set<string> {
    const r = this.raw;
    // Hash → terms, so the words' substrings are compared in place (no substring strings at build).
    const byHash = new Map<number, string[]>();
    const lengths = new Uint8Array(MAX_WORD_LENGTH + 1);
    for (const t of terms) {
      if (t.length > MAX_WORD_LENGTH) continue;
      lengths[t.length] = 1;
      const h = hashString(t, 0, t.length);
      const list = byHash.get(h);
      if (list) list.push(t);
      else byHash.set(h, [t]);
    }
    const found = new Set<string>();
    for (const i of this.slots) {
      if (i < 0 || !(r.kind[i]! & (WordKind.Everyday | WordKind.Place))) continue;
      const o = r.offset[i]!;
      const len = r.length[i]!;
      for (let m = 2; m < len; m++) {
        if (!lengths[m]) continue;
        for (let k = 0; k + m <= len; k++) {
          const list = byHash.get(hashString(r.text, o + k, o + k + m));
          if (!list) continue;
          for (const t of list) if (r.text.startsWith(t, o + k)) found.add(t);
        }
      }
    }
    return found;
  }

  /** Whether units[k-1], units[k] may be adjacent inside a kept word (false: certainly not). */
  joins(units: Uint16Array, k: number): boolean {
    const p = pairSlot(units[k - 1]!, units[k]!);
    return (this.pairs[p >>> 5]! & (1 << (p & 31))) !== 0;
  }

  /** The entry spelled by units[a..b), or -1. */
  find(units: Uint16Array, a: number, b: number): number {
    const len = b - a;
    if (len < 2 || len > MAX_WORD_LENGTH) return -1;
    const r = this.raw;
    for (let s = hashUnits(units, a, b) & this.mask; ; s = (s + 1) & this.mask) {
      const i = this.slots[s]!;
      if (i === -1) return -1;
      if (r.length[i] !== len) continue;
      const o = r.offset[i]!;
      let k = 0;
      while (k < len && r.text.charCodeAt(o + k) === units[a + k]) k++;
      if (k === len) return i;
    }
  }

  kind(i: number): number {
    return this.raw.kind[i]!;
  }

  freq(i: number): number {
    return this.raw.freq[i]!;
  }

  word(i: number): string {
    const o = this.raw.offset[i]!;
    return this.raw.text.slice(o, o + this.raw.length[i]!);
  }
}
