import type { Right } from '../../model/index.js';
import { CodeUnitAutomaton } from './ahoCorasick.js';
import { CharClass } from './charFold.js';
import { canonicalize, loadConfusionTable, type ConfusionTable } from './confusionClasses.js';
import { EV, evasionKinds } from './evasionFlags.js';
import { FuzzyLatinIndex } from './fuzzyLatin.js';
import { normalize, normalizeCopy, unitsToString, type NormalizedText } from './normalize.js';
import { numeralVariants } from './numeralVariants.js';
import { pinyinTable, SYLLABLE_BASE, type PinyinTable } from './pinyinTable.js';
import type {
  MatchVia,
  Mention,
  ScanFields,
  ScanResult,
  TextFieldName,
  TextIndex,
  TextIndexStats,
  VocabHit,
} from './types.js';
import { loadContainingWords, MARK_PLACEHOLDER, type Vocabulary } from './vocabulary.js';

/*
 * The text index: one Aho–Corasick automaton over the confusion-canonical forms of every watched name and alias
 * (plus their digit/numeral forms), the vocabulary and the containing words; a second one over pinyin syllable
 * IDs of Chinese marks (all readings); a deletion-neighbourhood index for long Latin marks. A listing field is
 * normalised once and scanned once per automaton (matching.md §1, §10 "passes need merging").
 */

export interface TextIndexOptions {
  /** Longer unrelated words that contain a mark (default: rules/match/containing-words.json). */
  containingWords?: readonly string[];
  /** The 形近字 table (default: data/confusion/confusion-classes.json). */
  confusion?: ConfusionTable;
  /** Pinyin and homophone matching of Chinese marks. */
  pinyin?: boolean;
  /** Edit-distance matching of Latin marks of ≥ 5 letters. */
  fuzzy?: boolean;
  /** Polyphone readings combined per mark at most (all readings of 长 = chang/zhang …). */
  maxPinyinForms?: number;
  /** Pinyin/homophone hits on marks of at most this many Han characters need corroboration (matching.md §7). */
  shortMarkLength?: number;
}

export const DEFAULT_TEXT_INDEX_OPTIONS = {
  pinyin: true,
  fuzzy: true,
  maxPinyinForms: 16,
  shortMarkLength: 2,
} as const;

interface MarkEntry {
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
}

interface VocabEntry {
  type: 'vocab';
  group: string;
  term: string;
  weight: number;
  norm: string;
  gap: Uint16Array;
  startClass: number;
  endClass: number;
}

interface ContainEntry {
  type: 'contain';
  norm: string;
}

type Entry = MarkEntry | VocabEntry | ContainEntry;

interface PinyinEntry {
  rightId: string;
  term: string;
  norm: string;
  hanCount: number;
}

interface AffixTerm {
  group: string;
  term: string;
  weight: number;
  prefix: string;
  suffix: string;
}

interface Candidate {
  rightId: string;
  term: string;
  a: number;
  b: number;
  bits: number;
  via: MatchVia;
  insideWord: boolean;
  needsCorroboration: boolean;
}

const VIA_RANK: Record<MatchVia, number> = { name: 0, alias: 1, canonical: 2, pinyin: 3, fuzzy: 4 };
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

export function buildTextIndex(
  rights: readonly Right[],
  vocabulary: Vocabulary,
  options: TextIndexOptions = {},
): TextIndex {
  return new AutomatonTextIndex(rights, vocabulary, options);
}

class AutomatonTextIndex implements TextIndex {
  readonly stats: TextIndexStats;
  private readonly opts: Required<Omit<TextIndexOptions, 'containingWords' | 'confusion'>>;
  private readonly confusion: ConfusionTable;
  private readonly pinyin: PinyinTable | null;
  private readonly entries = new Map<string, Entry[]>();
  private readonly pinyinEntries = new Map<string, PinyinEntry[]>();
  private readonly affixes: AffixTerm[] = [];
  private readonly fuzzyIndex = new FuzzyLatinIndex<{ rightId: string; term: string }>();
  private readonly main: CodeUnitAutomaton;
  private readonly mainEntries: Entry[][];
  private readonly phonetic: CodeUnitAutomaton | null;
  private readonly phoneticEntries: PinyinEntry[][];
  private canonBuffer = new Uint16Array(256);
  private readonly syllables = new SyllableBuffers();
  private readonly verbatim = new Set<number>();

  constructor(rights: readonly Right[], vocabulary: Vocabulary, options: TextIndexOptions) {
    const started = performance.now();
    this.opts = { ...DEFAULT_TEXT_INDEX_OPTIONS, ...stripUndefined(options) };
    this.confusion = options.confusion ?? loadConfusionTable();
    this.pinyin = this.opts.pinyin ? pinyinTable() : null;

    let watched = 0;
    for (const right of rights) {
      if (right.kind === 'patent') continue;
      watched++;
      const terms = [...new Set([right.name, ...right.aliases])];
      terms.forEach((term, i) => this.addMark(right.id, term, i === 0 ? 'name' : 'alias'));
    }
    let vocabularyTerms = 0;
    for (const [group, spec] of Object.entries(vocabulary.groups)) {
      for (const term of spec.terms) {
        vocabularyTerms++;
        this.addVocabulary(group, term, spec.weight);
      }
    }
    for (const word of options.containingWords ?? loadContainingWords()) {
      const n = normalize(word);
      if (n.length > 0) this.addEntry(this.canonicalKey(n), { type: 'contain', norm: n.norm });
    }

    this.main = new CodeUnitAutomaton([...this.entries.keys()]);
    this.mainEntries = [...this.entries.values()];
    this.phonetic =
      this.pinyinEntries.size > 0 ? new CodeUnitAutomaton([...this.pinyinEntries.keys()]) : null;
    this.phoneticEntries = [...this.pinyinEntries.values()];
    this.stats = {
      rights: watched,
      patterns: this.entries.size,
      canonicalPatterns: this.entries.size,
      pinyinPatterns: this.pinyinEntries.size,
      fuzzyMarks: this.fuzzyIndex.size,
      vocabularyTerms,
      buildMs: Math.round(performance.now() - started),
    };
  }

  // ---- build ---------------------------------------------------------------------------------------------------

  private addMark(rightId: string, term: string, via: 'name' | 'alias'): void {
    const n = normalizeCopy(term);
    if (n.length === 0) return;
    const base: MarkEntry = {
      type: 'mark',
      rightId,
      term,
      via,
      norm: n.norm,
      flags: n.flags,
      gap: n.gap,
      extra: 0,
      latinStart: n.cls[0] === CharClass.Latin,
      latinEnd: n.cls[n.length - 1] === CharClass.Latin,
    };
    this.addEntry(this.canonicalKey(n), base);
    for (const variant of numeralVariants(n.norm)) {
      const v = normalizeCopy(variant);
      if (v.length !== n.length) continue;
      this.addEntry(this.canonicalKey(v), { ...base, norm: v.norm, extra: EV.numeral });
    }

    const allHan = n.cls.every((c) => c === CharClass.Han);
    if (this.pinyin && allHan && n.length >= 2) this.addPinyin(rightId, term, n.norm);
    if (this.opts.fuzzy && n.cls.every((c) => c === CharClass.Latin)) {
      this.fuzzyIndex.add(n.norm, { rightId, term });
    }
  }

  private addPinyin(rightId: string, term: string, norm: string): void {
    const table = this.pinyin!;
    let forms = [''];
    for (const ch of norm) {
      const ids = table.markSyllables(ch);
      if (ids.length === 0) return;
      const next: string[] = [];
      for (const prefix of forms) {
        for (const id of ids) {
          if (next.length < this.opts.maxPinyinForms)
            next.push(prefix + String.fromCharCode(SYLLABLE_BASE + id));
        }
      }
      forms = next;
    }
    const entry: PinyinEntry = { rightId, term, norm, hanCount: [...norm].length };
    for (const key of forms) {
      const list = this.pinyinEntries.get(key);
      if (list) list.push(entry);
      else this.pinyinEntries.set(key, [entry]);
    }
  }

  private addVocabulary(group: string, term: string, weight: number): void {
    if (term.includes(MARK_PLACEHOLDER)) {
      const [before = '', after = ''] = term.split(MARK_PLACEHOLDER);
      this.affixes.push({
        group,
        term,
        weight,
        prefix: normalize(before).norm,
        suffix: normalize(after).norm,
      });
      return;
    }
    const n = normalizeCopy(term);
    if (n.length === 0) return;
    this.addEntry(this.canonicalKey(n), {
      type: 'vocab',
      group,
      term,
      weight,
      norm: n.norm,
      gap: n.gap,
      startClass: n.cls[0]!,
      endClass: n.cls[n.length - 1]!,
    });
  }

  private addEntry(key: string, entry: Entry): void {
    const list = this.entries.get(key);
    if (list) list.push(entry);
    else this.entries.set(key, [entry]);
  }

  private canonicalKey(n: NormalizedText): string {
    if (this.canonBuffer.length < n.length) this.canonBuffer = new Uint16Array(n.length * 2);
    canonicalize(this.confusion, n.units, n.length, this.canonBuffer);
    return unitsToString(this.canonBuffer, n.length);
  }

  // ---- scan ----------------------------------------------------------------------------------------------------

  scan(fields: ScanFields): ScanResult {
    const result: ScanResult = { mentions: [], vocab: [] };
    this.scanField(fields.title, 'title', result);
    if (fields.description) this.scanField(fields.description, 'description', result);
    return result;
  }

  private scanField(text: string, field: TextFieldName, out: ScanResult): void {
    if (!text) return;
    const n = normalize(text);
    if (n.length === 0) return;
    const candidates: Candidate[] = [];
    const contains: [number, number][] = [];
    const vocab: VocabHit[] = [];

    if (this.canonBuffer.length < n.length) this.canonBuffer = new Uint16Array(n.length * 2);
    canonicalize(this.confusion, n.units, n.length, this.canonBuffer);
    this.main.scanUnits(this.canonBuffer, n.length, (id, begin, end) => {
      for (const entry of this.mainEntries[id]!) {
        if (entry.type === 'mark') candidates.push(this.markCandidate(n, begin, end, entry));
        else if (entry.type === 'vocab') {
          if (vocabularyMatches(n, begin, end, entry)) {
            vocab.push(
              located(n, field, begin, end, { group: entry.group, term: entry.term, weight: entry.weight }),
            );
          }
        } else if (n.norm.startsWith(entry.norm, begin)) contains.push([begin, end]);
      }
    });
    if (this.phonetic) {
      // Spans that are verbatim another watched name: a homophone reading of them is that mark, not an evasion.
      const verbatim = this.verbatim;
      verbatim.clear();
      for (const c of candidates)
        if (c.bits === 0 && c.via !== 'canonical') verbatim.add(c.a * 0x100000 + c.b);
      this.pinyinCandidates(n, candidates, verbatim);
    }
    if (this.fuzzyIndex.size > 0) this.fuzzyCandidates(n, candidates);

    if (contains.length > 0) {
      for (const c of candidates) {
        for (const [s, e] of contains) if (s <= c.a && c.b <= e && e - s > c.b - c.a) c.insideWord = true;
      }
    }
    const kept = dedupe(candidates);
    for (const c of kept) out.mentions.push(toMention(n, field, c));
    if (this.affixes.length > 0) {
      for (const c of kept) if (!c.insideWord) this.affixHits(n, field, c, vocab);
    }
    out.vocab.push(...vocab);
  }

  /** `{mark}风`, `类{mark}`: an affix directly around a mention. */
  private affixHits(n: NormalizedText, field: TextFieldName, c: Candidate, vocab: VocabHit[]): void {
    const before = c.a > 0 ? n.units[c.a - 1]! : -1;
    const after = c.b < n.length ? n.units[c.b]! : -1;
    for (const affix of this.affixes) {
      if (affix.prefix && affix.prefix.charCodeAt(affix.prefix.length - 1) !== before) continue;
      if (affix.suffix && affix.suffix.charCodeAt(0) !== after) continue;
      const a = c.a - affix.prefix.length;
      const b = c.b + affix.suffix.length;
      if (a < 0 || b > n.length) continue;
      if (!n.norm.startsWith(affix.prefix, a) || !n.norm.startsWith(affix.suffix, c.b)) continue;
      vocab.push(
        located(n, field, a, b, {
          group: affix.group,
          term: affix.term,
          weight: affix.weight,
          rightId: c.rightId,
        }),
      );
    }
  }

  private markCandidate(n: NormalizedText, a: number, b: number, e: MarkEntry): Candidate {
    let bits = e.extra;
    let exactChars = true;
    for (let i = 0; i < b - a; i++) {
      const k = a + i;
      if (n.units[k] !== e.norm.charCodeAt(i)) {
        exactChars = false;
        if (n.cls[k] === CharClass.Han) bits |= EV.shape;
        else if (!(n.flags[k]! & EV.digit)) bits |= EV.lookalike;
      }
      bits |= n.flags[k]! & ~e.flags[i]!;
      if (i > 0) bits |= n.gap[k]! & ~e.gap[i]!;
    }
    const glued =
      (e.latinStart && a > 0 && n.cls[a - 1] === CharClass.Latin && n.gap[a] === 0) ||
      (e.latinEnd && b < n.length && n.cls[b] === CharClass.Latin && n.gap[b] === 0);
    return {
      rightId: e.rightId,
      term: e.term,
      a,
      b,
      bits,
      via: exactChars ? e.via : 'canonical',
      insideWord: glued,
      needsCorroboration: false,
    };
  }

  /** Han characters by default reading, Latin words segmented into syllables, as one syllable-ID string. */
  private pinyinCandidates(n: NormalizedText, candidates: Candidate[], verbatim: Set<number>): void {
    const table = this.pinyin!;
    const buf = this.syllables.ensure(n.length + 1);
    let count = 0;
    let hasHanOrLatin = false;
    const push = (id: number, a: number, b: number, kind: number) => {
      buf.units[count] = id > 0 ? SYLLABLE_BASE + id : BREAK_UNIT;
      buf.from[count] = a;
      buf.to[count] = b;
      buf.kind[count] = kind;
      count++;
    };
    for (let k = 0; k < n.length;) {
      const cls = n.cls[k];
      if (cls === CharClass.Han) {
        push(table.textSyllable(n.units[k]!), k, k + 1, 0);
        hasHanOrLatin = true;
        k++;
      } else if (cls === CharClass.Latin) {
        let m = k + 1;
        while (m < n.length && n.cls[m] === CharClass.Latin && n.gap[m] === 0) m++;
        const syllables = m - k > 1 ? table.segment(n.norm.slice(k, m)) : null;
        if (syllables) {
          const last = syllables.length - 1;
          syllables.forEach((syl, i) =>
            push(
              syl.id,
              k + syl.start,
              k + syl.end,
              LATIN | (i === 0 ? WORD_START : 0) | (i === last ? WORD_END : 0),
            ),
          );
          hasHanOrLatin = true;
        } else push(0, k, m, LATIN | WORD_START | WORD_END);
        k = m;
      } else {
        push(0, k, k + 1, 0);
        k++;
      }
    }
    if (!hasHanOrLatin) return;
    const { from, to, kind } = buf;
    this.phonetic!.scanUnits(buf.units, count, (id, s, end) => {
      const t = end - 1;
      for (const e of this.phoneticEntries[id]!) {
        const short = e.hanCount <= this.opts.shortMarkLength;
        // A short mark read from Latin letters must be whole words (not the middle of "nikeair").
        if (
          short &&
          ((kind[s]! & LATIN && !(kind[s]! & WORD_START)) || (kind[t]! & LATIN && !(kind[t]! & WORD_END)))
        ) {
          continue;
        }
        // The mark's own characters (the usual case): the main pass has it.
        if (
          !(kind[s]! & LATIN) &&
          to[t]! - from[s]! === e.norm.length &&
          n.norm.startsWith(e.norm, from[s]!)
        ) {
          continue;
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
        if (!(bits & (EV.pinyin | EV.homophone))) continue; // the same characters: the main pass has it
        // Every character of a short mark swapped for a homophone is noise, not evasion (耐刻 keeps 耐).
        if (short && !(bits & EV.pinyin) && same === 0) continue;
        if (!(bits & EV.pinyin) && verbatim.has(from[s]! * 0x100000 + to[t]!)) continue;
        candidates.push({
          rightId: e.rightId,
          term: e.term,
          a: from[s]!,
          b: to[t]!,
          bits,
          via: 'pinyin',
          insideWord: false,
          needsCorroboration: short,
        });
      }
    });
  }

  /** Latin words (and runs of up to three words) within one edit of a long Latin mark. */
  private fuzzyCandidates(n: NormalizedText, candidates: Candidate[]): void {
    const words: [number, number][] = [];
    for (let k = 0; k < n.length;) {
      if (n.cls[k] !== CharClass.Latin) {
        k++;
        continue;
      }
      let m = k + 1;
      while (m < n.length && n.cls[m] === CharClass.Latin && n.gap[m] === 0) m++;
      words.push([k, m]);
      k = m;
    }
    for (let i = 0; i < words.length; i++) {
      for (let j = i; j < Math.min(words.length, i + 3); j++) {
        if (j > i && words[j]![0] !== words[j - 1]![1]) break; // only words separated by removed separators
        const a = words[i]![0];
        const b = words[j]![1];
        const word = n.norm.slice(a, b);
        if (word.length > this.fuzzyIndex.maxLength + 1) break;
        if (this.fuzzyIndex.hasExact(word)) continue;
        for (const mark of this.fuzzyIndex.lookup(word)) {
          let bits = EV.fuzzy;
          for (let k = a; k < b; k++) bits |= n.flags[k]!;
          candidates.push({
            ...mark.payload,
            a,
            b,
            bits,
            via: 'fuzzy',
            insideWord: false,
            needsCorroboration: false,
          });
        }
      }
    }
  }
}

/** Vocabulary matches exactly (no confusion classes), stands alone if Latin/digit, keeps its punctuation. */
function vocabularyMatches(n: NormalizedText, a: number, b: number, e: VocabEntry): boolean {
  if (!n.norm.startsWith(e.norm, a)) return false;
  const alnum = (c: number) => c === CharClass.Latin || c === CharClass.Digit;
  if (alnum(e.startClass) && a > 0 && n.cls[a - 1] === e.startClass && n.gap[a] === 0) return false;
  if (alnum(e.endClass) && b < n.length && n.cls[b] === e.endClass && n.gap[b] === 0) return false;
  for (let i = 1; i < b - a; i++) if (e.gap[i] && !n.gap[a + i]) return false;
  return true;
}

function located(
  n: NormalizedText,
  field: TextFieldName,
  a: number,
  b: number,
  what: { group: string; term: string; weight: number; rightId?: string },
): VocabHit {
  const span: [number, number] = [n.start[a]!, n.end[b - 1]!];
  return { ...what, field, span, text: n.original.slice(span[0], span[1]) };
}

function toMention(n: NormalizedText, field: TextFieldName, c: Candidate): Mention {
  const span: [number, number] = [n.start[c.a]!, n.end[c.b - 1]!];
  const text = n.original.slice(span[0], span[1]);
  let evasions = c.bits === 0 ? [] : evasionKinds(c.bits);
  if (evasions.length === 0 && text !== c.term && text.toLowerCase() === c.term.toLowerCase())
    evasions = ['case'];
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
  return mention;
}

/** One mention per right, term and span (the strongest); mentions inside a stronger one of the same right go. */
function dedupe(candidates: Candidate[]): Candidate[] {
  if (candidates.length <= 1) return candidates;
  // Longest first within a start, so a containing mention is seen before the ones inside it.
  candidates.sort(
    (x, y) =>
      x.a - y.a || y.b - x.b || VIA_RANK[x.via] - VIA_RANK[y.via] || popcount(x.bits) - popcount(y.bits),
  );
  const kept: Candidate[] = [];
  for (const c of candidates) {
    let drop = false;
    for (let i = kept.length - 1; i >= 0; i--) {
      const o = kept[i]!;
      if (o.b <= c.a && o.a < c.a - 64) break;
      if (o.rightId !== c.rightId || o.a > c.a || c.b > o.b) continue;
      const same = o.a === c.a && o.b === c.b;
      if ((same && o.term === c.term) || (!same && VIA_RANK[o.via] <= VIA_RANK[c.via])) {
        drop = true;
        break;
      }
    }
    if (!drop) kept.push(c);
  }
  return kept;
}

function popcount(x: number): number {
  let count = 0;
  for (; x; x &= x - 1) count++;
  return count;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
