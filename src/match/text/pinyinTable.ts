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
  /**
   * The syllables as a letter trie, so segmentation needs no substrings and stops where no syllable continues:
   * node × 27 + letter (a = 1 … z = 26) → child node (0: none); the root is node 0.
   */
  private trieNext = new Int32Array(27 * 64);
  /** Node → syllable ID spelled by the path to it (0: none). */
  private trieId = new Int32Array(64);
  private trieSize = 1;
  private readonly names: string[] = [''];
  private readonly textReading = new Int16Array(0x10000).fill(UNKNOWN);
  private readonly markReadings = new Map<string, number[]>();
  /** DP buffers for `segment` (words are at most MAX_SEGMENTED_WORD letters). */
  private readonly best = new Int32Array(MAX_SEGMENTED_WORD + 1);
  private readonly back = new Int32Array(MAX_SEGMENTED_WORD + 1);
  private readonly idAt = new Int32Array(MAX_SEGMENTED_WORD + 1);
  private readonly letters = new Uint16Array(MAX_SEGMENTED_WORD);
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
      let node = 0;
      for (let i = 0; i < s.length; i++) {
        const slot = node * 27 + (s.charCodeAt(i) - 96);
        let child = this.trieNext[slot]!;
        if (child === 0) {
          child = this.trieSize++;
          if (this.trieSize > this.trieId.length) {
            const next = new Int32Array(this.trieNext.length * 2);
            next.set(this.trieNext);
            this.trieNext = next;
            const ids = new Int32Array(this.trieId.length * 2);
            ids.set(this.trieId);
            this.trieId = ids;
          }
          this.trieNext[slot] = child;
        }
        node = child;
      }
      this.trieId[node] = id;
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
      this.remember(letters, cached);
    }
    return cached;
  }

  /**
   * `segment` of the letters units[a..b): a run that is not all pinyin (most Latin words in listings) is answered
   * from the units, without a string or a cache lookup; an all-pinyin run not cached is read from this DP.
   */
  segmentUnits(units: Uint16Array, a: number, b: number): Segment[] | null {
    if (!this.fill(units, a, b)) return null;
    const letters = unitsText(units, a, b);
    let cached = this.segmentCache.get(letters);
    if (cached === undefined) {
      cached = this.segments(b - a);
      this.remember(letters, cached);
    }
    return cached;
  }

  private remember(letters: string, segments: Segment[] | null): void {
    if (this.segmentCache.size >= SEGMENT_CACHE_SIZE) this.segmentCache.clear();
    this.segmentCache.set(letters, segments);
  }

  private segmentUncached(letters: string): Segment[] | null {
    const n = letters.length;
    if (n > MAX_SEGMENTED_WORD) return null;
    const units = this.letters;
    for (let i = 0; i < n; i++) units[i] = letters.charCodeAt(i);
    return this.fill(units, 0, n) ? this.segments(n) : null;
  }

  /** The syllables of the last successful `fill` of n letters, read from `back` and `idAt`. */
  private segments(n: number): Segment[] {
    const { back, idAt } = this;
    const out: Segment[] = [];
    for (let i = 0; i < n; i = back[i]!) out.push({ id: idAt[i]!, start: i, end: back[i]! });
    return out;
  }

  /**
   * The segmentation DP over letters[a..b) into `best`, `back` and `idAt` (indexes relative to a); false when
   * the run is not all pinyin. Right-to-left, so ties prefer the longer syllable at each start.
   */
  private fill(letters: Uint16Array, a: number, b: number): boolean {
    const n = b - a;
    if (n > MAX_SEGMENTED_WORD) return false;
    const { best, back, idAt, trieNext, trieId } = this;
    best.fill(0x7fffffff, 0, n);
    best[n] = 0;
    for (let i = n - 1; i >= 0; i--) {
      let node = 0;
      for (let len = 1; len <= Math.min(MAX_SYLLABLE_LENGTH, n - i); len++) {
        const c = letters[a + i + len - 1]! - 96;
        if (c < 1 || c > 26) break;
        node = trieNext[node * 27 + c]!;
        if (node === 0) break; // no syllable continues these letters
        if (best[i + len] === 0x7fffffff) continue;
        const id = trieId[node]!;
        if (id === 0) continue;
        if (best[i + len]! + 1 <= best[i]!) {
          best[i] = best[i + len]! + 1;
          back[i] = i + len;
          idAt[i] = id;
        }
      }
    }
    return best[0] !== 0x7fffffff;
  }
}

function unitsText(units: Uint16Array, a: number, b: number): string {
  return String.fromCharCode.apply(null, units.subarray(a, b) as unknown as number[]);
}

let shared: PinyinTable | undefined;

/** The process-wide table (built on first use, ~0.2 s). */
export function pinyinTable(): PinyinTable {
  return (shared ??= new PinyinTable());
}
