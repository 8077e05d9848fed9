import { CodeUnitAutomaton } from './ahoCorasick.js';
import { newCandidate, type Candidate } from './candidate.js';
import { CharClass } from './charFold.js';
import { EV } from './evasionFlags.js';
import { hanTermLength } from './hanContext.js';
import type { NormalizedText } from './normalize.js';
import { SYLLABLE_BASE, type PinyinTable } from './pinyinTable.js';

/*
 * The pinyin pass: Chinese marks as syllable-ID strings (every reading of a polyphone), listing text as one
 * syllable stream (Han characters by default reading, Latin words segmented into syllables), one automaton over
 * the stream. Finds typed pinyin (naike, nai ke) and homophones (耐刻, 五长大米).
 */

interface PinyinEntry {
  rightId: string;
  term: string;
  norm: string;
  hanCount: number;
  hanLength: number;
}

/** A unit no pattern contains: breaks a syllable run. */
const BREAK_UNIT = 0xffff;
const LATIN = 1;
const WORD_START = 2;
const WORD_END = 4;

/** Per-scan syllable stream buffers, grown on demand and reused. */
class SyllableBuffers {
  units = new Uint16Array(128);
  from = new Int32Array(128);
  to = new Int32Array(128);
  kind = new Uint8Array(128);

  /** Writes syllable `id` (0: a break) at `at`; returns the next position. */
  push(at: number, id: number, from: number, to: number, kind: number): number {
    this.units[at] = id > 0 ? SYLLABLE_BASE + id : BREAK_UNIT;
    this.from[at] = from;
    this.to[at] = to;
    this.kind[at] = kind;
    return at + 1;
  }

  ensure(n: number): this {
    if (n > this.units.length) {
      const size = n * 2;
      this.units = new Uint16Array(size);
      this.from = new Int32Array(size);
      this.to = new Int32Array(size);
      this.kind = new Uint8Array(size);
    }
    return this;
  }
}

export class PinyinPass {
  private readonly byKey = new Map<string, PinyinEntry[]>();
  private automaton: CodeUnitAutomaton | null = null;
  private entries: PinyinEntry[][] = [];
  private readonly syllables = new SyllableBuffers();

  constructor(
    private readonly table: PinyinTable,
    /** Hits on marks of at most this many Han characters need corroboration (matching.md §7). */
    private readonly shortMarkLength: number,
    /** Polyphone reading combinations per mark at most. */
    private readonly maxForms: number,
  ) {}

  /** Adds a mark of Han characters under every combination of its characters' readings. */
  add(rightId: string, term: string, norm: string): void {
    const table = this.table;
    let forms = [''];
    for (const ch of norm) {
      const ids = table.markSyllables(ch);
      if (ids.length === 0) return;
      const next: string[] = [];
      for (const prefix of forms) {
        for (const id of ids) {
          if (next.length < this.maxForms) next.push(prefix + String.fromCharCode(SYLLABLE_BASE + id));
        }
      }
      forms = next;
    }
    const entry: PinyinEntry = {
      rightId,
      term,
      norm,
      hanCount: [...norm].length,
      hanLength: hanTermLength(term),
    };
    for (const key of forms) {
      const list = this.byKey.get(key);
      if (list) list.push(entry);
      else this.byKey.set(key, [entry]);
    }
  }

  /** Builds the automaton once every mark is added. */
  build(): void {
    this.automaton = this.byKey.size > 0 ? new CodeUnitAutomaton([...this.byKey.keys()]) : null;
    this.entries = [...this.byKey.values()];
  }

  get patternCount(): number {
    return this.byKey.size;
  }

  /**
   * Adds pinyin/homophone candidates. The first `mainCount` candidates are the main pass's: a span that one of
   * them finds verbatim (no evasion, not a shape) is another watched name, not a homophone of this one.
   */
  find(n: NormalizedText, candidates: Candidate[], mainCount: number): void {
    const automaton = this.automaton;
    if (!automaton) return;
    const count = this.stream(n);
    if (count === 0) return;
    const found = automaton.collect(this.syllables.units, count);
    const hits = automaton.hits;
    for (let h = 0; h < 3 * found; h += 3) {
      const s = hits[h + 1]!;
      const t = hits[h + 2]! - 1;
      for (const e of this.entries[hits[h]!]!) this.consider(n, e, s, t, candidates, mainCount);
    }
  }

  /** The syllable stream of `n` into `this.syllables`; its length, 0 when it has no Han or Latin text. */
  private stream(n: NormalizedText): number {
    const table = this.table;
    const buf = this.syllables.ensure(n.length + 1);
    let count = 0;
    let hasHanOrLatin = false;
    for (let k = 0; k < n.length;) {
      const cls = n.cls[k];
      if (cls === CharClass.Han) {
        count = buf.push(count, table.textSyllable(n.units[k]!), k, k + 1, 0);
        hasHanOrLatin = true;
        k++;
      } else if (cls === CharClass.Latin) {
        let m = k + 1;
        while (m < n.length && n.cls[m] === CharClass.Latin && n.gap[m] === 0) m++;
        const syllables = m - k > 1 ? table.segmentUnits(n.units, k, m) : null;
        if (syllables) {
          const last = syllables.length - 1;
          for (let i = 0; i <= last; i++) {
            const syl = syllables[i]!;
            const edge = (i === 0 ? WORD_START : 0) | (i === last ? WORD_END : 0);
            count = buf.push(count, syl.id, k + syl.start, k + syl.end, LATIN | edge);
          }
          hasHanOrLatin = true;
        } else count = buf.push(count, 0, k, m, LATIN | WORD_START | WORD_END);
        k = m;
      } else {
        count = buf.push(count, 0, k, k + 1, 0);
        k++;
      }
    }
    return hasHanOrLatin ? count : 0;
  }

  /** A pinyin/homophone candidate for mark `e` over syllables s..t, unless the main pass has it or it is noise. */
  private consider(
    n: NormalizedText,
    e: PinyinEntry,
    s: number,
    t: number,
    candidates: Candidate[],
    mainCount: number,
  ): void {
    const { from, to, kind } = this.syllables;
    const short = e.hanCount <= this.shortMarkLength;
    // A short mark read from Latin letters must be whole words (not the middle of "nikeair").
    if (
      short &&
      ((kind[s]! & LATIN && !(kind[s]! & WORD_START)) || (kind[t]! & LATIN && !(kind[t]! & WORD_END)))
    ) {
      return;
    }
    // The mark's own characters (the usual case): the main pass has it.
    if (!(kind[s]! & LATIN) && to[t]! - from[s]! === e.norm.length && n.norm.startsWith(e.norm, from[s]!)) {
      return;
    }
    let bits = 0;
    let same = 0;
    for (let j = s; j <= t; j++) {
      const k = from[j]!;
      if (kind[j]! & LATIN) bits |= EV.pinyin;
      else {
        if (n.units[k] !== e.norm.charCodeAt(j - s)) bits |= EV.homophone;
        else same++;
        bits |= n.flags[k]!;
      }
      if (j > s && !(kind[j]! & LATIN && kind[j - 1]! & LATIN)) bits |= n.gap[k]!;
    }
    if (!(bits & (EV.pinyin | EV.homophone))) return; // the same characters: the main pass has it
    // Every character of a short mark swapped for a homophone is noise, not evasion (耐刻 keeps 耐).
    if (short && !(bits & EV.pinyin) && same === 0) return;
    if (!(bits & EV.pinyin) && verbatimAt(candidates, mainCount, from[s]! * 0x100000 + to[t]!)) return;
    candidates.push(
      newCandidate(e.rightId, e.term, from[s]!, to[t]!, bits, 'pinyin', false, short, e.hanLength),
    );
  }
}

/** A main-pass candidate whose span key (a·2^20 + b) is `key` and that is verbatim a watched name. */
function verbatimAt(candidates: readonly Candidate[], mainCount: number, key: number): boolean {
  for (let i = 0; i < mainCount; i++) {
    const c = candidates[i]!;
    if (c.bits === 0 && c.via !== 'canonical' && c.a * 0x100000 + c.b === key) return true;
  }
  return false;
}
