import { pinyin } from 'pinyin-pro';

/*
 * Char → pinyin syllable IDs, built once (matching.md §8: per-title pinyin-pro calls are too slow). Homophones
 * share a syllable ID (耐刻 = 耐克 = nai ke), and typed pinyin (naike, nai ke) is segmented into the same IDs.
 * Marks get every reading of a polyphone (长 chang/zhang); listing text gets pinyin-pro's default reading.
 * Tones are dropped; ü is written v, as typed.
 */

/** Syllable IDs are written as private-use characters so an automaton over them has a compact alphabet. */
export const SYLLABLE_BASE = 0xe000;
const MAX_SYLLABLE_LENGTH = 6;
const NO_READING = 0;
const SEGMENT_CACHE_SIZE = 8192;
/** Longer Latin runs are not typed pinyin of a mark (and the DP stays cheap). */
const MAX_SEGMENTED_WORD = 48;

export interface Segment {
  id: number;
  /** [start, end) of the syllable in the word. */
  start: number;
  end: number;
}
const UNKNOWN = -1;

export class PinyinTable {
  private readonly ids = new Map<string, number>();
  /** Syllable as a base-27 number of its letters (a = 1 … z = 26) → ID, so segmentation needs no substrings. */
  private readonly idByCode = new Map<number, number>();
  private readonly names: string[] = [''];
  private readonly textReading = new Int16Array(0x10000).fill(UNKNOWN);
  private readonly markReadings = new Map<string, number[]>();
  /** DP buffers for `segment` (words are at most MAX_SEGMENTED_WORD letters). */
  private readonly best = new Int32Array(MAX_SEGMENTED_WORD + 1);
  private readonly back = new Int32Array(MAX_SEGMENTED_WORD + 1);
  private readonly idAt = new Int32Array(MAX_SEGMENTED_WORD + 1);
  /** Latin words seen recently → their segmentation (brand words repeat across titles). */
  private readonly segmentCache = new Map<string, Segment[] | null>();

  constructor() {
    // The syllable inventory: every default reading of the URO block.
    let block = '';
    for (let c = 0x4e00; c <= 0x9fff; c++) block += String.fromCharCode(c);
    for (const s of pinyin(block, { toneType: 'none', type: 'array' })) this.idOf(s);
    for (const s of ['a', 'o', 'e', 'ei', 'ai', 'ou', 'ao', 'an', 'en', 'ang', 'eng', 'er']) this.idOf(s);
  }

  get syllableCount(): number {
    return this.names.length - 1;
  }

  /** ID of a syllable, registering it when it is a plausible reading (letters only). */
  private idOf(raw: string): number {
    const s = raw.replace(/ü/g, 'v');
    if (!/^[a-z]{1,6}$/.test(s)) return NO_READING;
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(s);
      this.ids.set(s, id);
      let code = 0;
      for (let i = 0; i < s.length; i++) code = code * 27 + (s.charCodeAt(i) - 96);
      this.idByCode.set(code, id);
    }
    return id;
  }

  syllable(id: number): string {
    return this.names[id] ?? '';
  }

  /** Default-reading syllable ID of a Han UTF-16 unit in listing text (0 = none). */
  textSyllable(unit: number): number {
    let id = this.textReading[unit]!;
    if (id === UNKNOWN) {
      const reading = pinyin(String.fromCharCode(unit), { toneType: 'none' });
      id = this.ids.get(reading.replace(/ü/g, 'v')) ?? NO_READING;
      this.textReading[unit] = id;
    }
    return id;
  }

  /** Every reading's syllable ID of a Han character in a mark (polyphones give several). */
  markSyllables(ch: string): number[] {
    let ids = this.markReadings.get(ch);
    if (!ids) {
      const readings = pinyin(ch, { toneType: 'none', multiple: true, type: 'array' });
      ids = [...new Set(readings.map((r) => this.ids.get(r.replace(/ü/g, 'v')) ?? NO_READING))].filter(
        (id) => id !== NO_READING,
      );
      this.markReadings.set(ch, ids);
    }
    return ids;
  }

  /**
   * Segments a run of Latin letters into syllables (fewest syllables; ties keep the longer first syllable).
   * Returns the [start, end) of each syllable in the run and its ID, or null when the run is not all pinyin.
   */
  segment(letters: string): Segment[] | null {
    let cached = this.segmentCache.get(letters);
    if (cached === undefined) {
      cached = this.segmentUncached(letters);
      if (this.segmentCache.size >= SEGMENT_CACHE_SIZE) this.segmentCache.clear();
      this.segmentCache.set(letters, cached);
    }
    return cached;
  }

  private segmentUncached(letters: string): Segment[] | null {
    const n = letters.length;
    if (n > MAX_SEGMENTED_WORD) return null;
    const { best, back, idAt } = this;
    best.fill(0x7fffffff, 0, n);
    best[n] = 0;
    // Right-to-left, so ties prefer the longer syllable at each start.
    for (let i = n - 1; i >= 0; i--) {
      let code = 0;
      for (let len = 1; len <= Math.min(MAX_SYLLABLE_LENGTH, n - i); len++) {
        const c = letters.charCodeAt(i + len - 1) - 96;
        if (c < 1 || c > 26) break;
        code = code * 27 + c;
        if (best[i + len] === 0x7fffffff) continue;
        const id = this.idByCode.get(code);
        if (id === undefined) continue;
        if (best[i + len]! + 1 <= best[i]!) {
          best[i] = best[i + len]! + 1;
          back[i] = i + len;
          idAt[i] = id;
        }
      }
    }
    if (best[0] === 0x7fffffff) return null;
    const out: Segment[] = [];
    for (let i = 0; i < n; i = back[i]!) out.push({ id: idAt[i]!, start: i, end: back[i]! });
    return out;
  }
}

let shared: PinyinTable | undefined;

/** The process-wide table (built on first use, ~0.2 s). */
export function pinyinTable(): PinyinTable {
  return (shared ??= new PinyinTable());
}
