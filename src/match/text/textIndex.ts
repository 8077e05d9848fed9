import type { Right } from '../../model/index.js';
import { CodeUnitAutomaton } from './ahoCorasick.js';
import { CharClass } from './charFold.js';
import { canonicalize, loadConfusionTable, type ConfusionTable } from './confusionClasses.js';
import { EV } from './evasionFlags.js';
import {
  DEFAULT_GLYPH_TOP_K,
  glyphClassCapFor,
  glyphCoarse,
  glyphWideFor,
  watchedHanUnits,
  type GlyphCoarse,
} from './glyphCoarse.js';
import { loadGlyphNeighbours, type GlyphNeighbours } from './glyphNeighbours.js';
import { loadGlyphWide, type GlyphWide } from './glyphWide.js';
import { FuzzyLatinIndex } from './fuzzyLatin.js';
import { normalize, normalizeCopy, unitsToString, type NormalizedText } from './normalize.js';
import { numeralVariants } from './numeralVariants.js';
import { latinVariants } from './latinVariants.js';
import { pinyinTable } from './pinyinTable.js';
import { PinyinPass } from './pinyinPass.js';
import { dedupe, located, toMention, type Candidate } from './candidate.js';
import { fuzzyCandidates } from './fuzzyPass.js';
import { HanContextBuilder, hanTermLength, judgeHanCandidates, type HanContext } from './hanContext.js';
import { judgeLatinCandidates } from './latinContext.js';
import { loadLatinTokens, type LatinTokens } from './latinTokens.js';
import {
  markCandidate,
  vocabularyMatches,
  type AffixTerm,
  type Entry,
  type MarkEntry,
} from './indexEntries.js';
import type { ScanFields, ScanResult, TextFieldName, TextIndex, TextIndexStats, VocabHit } from './types.js';
import { loadContainingWords, MARK_PLACEHOLDER, type Vocabulary } from './vocabulary.js';

/*
 * The text index: one Aho–Corasick automaton over the confusion-canonical forms of every watched name and alias
 * (plus their digit/numeral forms), the vocabulary and the containing words; the pinyin pass (pinyinPass.ts,
 * a second automaton over syllable IDs); the fuzzy pass for long Latin marks (fuzzyPass.ts). A listing field is
 * normalised once and scanned once per automaton (matching.md §1, §10 "passes need merging"); candidates become
 * mentions in candidate.ts.
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
  /** Glyph neighbours (default: data/confusion/glyph-neighbours.json). */
  glyph?: GlyphNeighbours;
  /**
   * 形近 by glyph neighbours: a mark character may be replaced by one of its top-k neighbours (or they by it),
   * once per mention; 0 = the fine confusion classes only. Scanned on coarse classes, then verified.
   */
  glyphTopK?: number;
  /** Largest coarse scan class (characters; 0 = by watch-list size, glyphClassCapFor): bigger classes add hits to reject. */
  glyphClassCap?: number;
  /** Wide look-alikes per watched character, scanned as extra patterns (-1 = by watch-list size, glyphWideFor; 0 = none). */
  glyphWide?: number;
  /** Wide glyph look-alikes (default: data/confusion/glyph-wide.json). */
  glyphWideData?: GlyphWide;
}

export const DEFAULT_TEXT_INDEX_OPTIONS = {
  pinyin: true,
  fuzzy: true,
  maxPinyinForms: 16,
  shortMarkLength: 2,
  glyphTopK: DEFAULT_GLYPH_TOP_K,
  glyphClassCap: 0,
  glyphWide: -1,
} as const;

export function buildTextIndex(
  rights: readonly Right[],
  vocabulary: Vocabulary,
  options: TextIndexOptions = {},
): TextIndex {
  return new AutomatonTextIndex(rights, vocabulary, options);
}

class AutomatonTextIndex implements TextIndex {
  readonly stats: TextIndexStats;
  private readonly opts: Required<
    Omit<TextIndexOptions, 'containingWords' | 'confusion' | 'glyph' | 'glyphWideData'>
  >;
  private readonly confusion: ConfusionTable;
  /** Coarse scan classes and accepted glyph pairs (null: scan on the fine classes). */
  private readonly glyph: GlyphCoarse | null;
  /** Unit → scan key unit: coarse if glyph neighbours are on, else the fine class. */
  private readonly scanCanon: Uint16Array;
  private readonly entries = new Map<string, Entry[]>();
  private readonly affixes: AffixTerm[] = [];
  /** Units an affix ends with (prefix) or starts with (suffix): most mentions have neither next to them. */
  private readonly affixEdge = new Uint8Array(0x10000);
  private readonly fuzzyIndex = new FuzzyLatinIndex<{ rightId: string; term: string }>();
  private readonly main: CodeUnitAutomaton;
  private readonly mainEntries: Entry[][];
  private readonly pinyin: PinyinPass | null;
  /** Chinese marks judged against jieba's dictionary (hanContext.ts); null without Chinese marks. */
  private readonly han: HanContext | null;
  private readonly hanBuilder: HanContextBuilder | null = new HanContextBuilder();
  /** Units, sizes, roman numerals: never look-alikes of a Latin mark (latinContext.ts). */
  private readonly latinTokens: LatinTokens = loadLatinTokens();
  private canonBuffer = new Uint16Array(256);
  /** Per-field scratch: the candidates, and the containing words' spans as (begin, end) pairs. */
  private readonly candidates: Candidate[] = [];
  private contains = new Int32Array(16);

  constructor(rights: readonly Right[], vocabulary: Vocabulary, options: TextIndexOptions) {
    const started = performance.now();
    this.opts = { ...DEFAULT_TEXT_INDEX_OPTIONS, ...stripUndefined(options) };
    this.confusion = options.confusion ?? loadConfusionTable();
    const k = this.opts.glyphTopK;
    if (k > 0) {
      const marks = watchedHanUnits(rights);
      const cap = this.opts.glyphClassCap || glyphClassCapFor(marks.size);
      const count = this.opts.glyphWide < 0 ? glyphWideFor(marks.size) : this.opts.glyphWide;
      const wide = count > 0 ? { data: options.glyphWideData ?? loadGlyphWide(), count } : undefined;
      this.glyph = glyphCoarse(this.confusion, options.glyph ?? loadGlyphNeighbours(), k, cap, marks, wide);
    } else this.glyph = null;
    this.scanCanon = this.glyph?.canon ?? this.confusion.canon;
    this.pinyin = this.opts.pinyin
      ? new PinyinPass(pinyinTable(), this.opts.shortMarkLength, this.opts.maxPinyinForms)
      : null;

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
        this.addVocabulary(group, term, spec.weight, spec.affixWords);
      }
    }
    for (const word of options.containingWords ?? loadContainingWords()) {
      const n = normalize(word);
      if (n.length > 0) this.addEntry(this.canonicalKey(n), { type: 'contain', norm: n.norm });
    }

    this.main = new CodeUnitAutomaton([...this.entries.keys()]);
    this.mainEntries = [...this.entries.values()];
    this.pinyin?.build();
    if (this.fuzzyIndex.size > 0) this.fuzzyIndex.findDictionaryNeighbours();
    this.han = this.hanBuilder!.build(
      this.confusion,
      this.pinyin ? pinyinTable() : null,
      this.opts.shortMarkLength,
    );
    this.hanBuilder = null;
    this.stats = {
      rights: watched,
      patterns: this.entries.size,
      canonicalPatterns: this.entries.size,
      pinyinPatterns: this.pinyin?.patternCount ?? 0,
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
      hanLength: hanTermLength(term),
    };
    const key = this.canonicalKey(n);
    this.addEntry(key, base);
    this.addGlyphVariants(n, key, base);
    for (const variant of numeralVariants(n.norm)) {
      const v = normalizeCopy(variant);
      if (v.length !== n.length) continue;
      this.addEntry(this.canonicalKey(v), { ...base, norm: v.norm, extra: EV.numeral });
    }
    for (const variant of latinVariants(n.norm)) {
      const v = normalizeCopy(variant.text);
      this.addEntry(this.canonicalKey(v), {
        ...base,
        norm: v.norm,
        flags: v.flags,
        gap: v.gap,
        extra: variant.bits,
      });
    }

    const allHan = n.cls.every((c) => c === CharClass.Han);
    this.hanBuilder?.addTerm(rightId, term, n.norm, allHan);
    if (this.pinyin && allHan && n.length >= 2) this.pinyin.add(rightId, term, n.norm);
    if (this.opts.fuzzy && n.cls.every((c) => c === CharClass.Latin)) {
      this.fuzzyIndex.add(n.norm, { rightId, term });
    }
  }

  /** One pattern per accepted look-alike outside a watched character's coarse class (short watch lists only). */
  private addGlyphVariants(n: NormalizedText, key: string, base: MarkEntry): void {
    const variants = this.glyph?.variants;
    if (!variants || variants.size === 0) return;
    const seen = new Set([key]);
    for (let i = 0; i < n.length; i++) {
      for (const u of variants.get(n.units[i]!) ?? []) {
        const variant = key.slice(0, i) + String.fromCharCode(this.scanCanon[u]!) + key.slice(i + 1);
        if (seen.has(variant)) continue;
        seen.add(variant);
        this.addEntry(variant, base);
      }
    }
  }

  private addVocabulary(
    group: string,
    term: string,
    weight: number,
    affixWords: readonly string[] = [],
  ): void {
    if (term.includes(MARK_PLACEHOLDER)) {
      const [before = '', after = ''] = term.split(MARK_PLACEHOLDER);
      this.affixes.push({
        group,
        term,
        weight,
        prefix: normalize(before).norm,
        suffix: normalize(after).norm,
        affixWords: new Set(affixWords),
      });
      const affix = this.affixes[this.affixes.length - 1]!;
      const edge = this.affixEdge;
      if (affix.prefix) {
        const unit = affix.prefix.charCodeAt(affix.prefix.length - 1);
        edge[unit] = edge[unit]! | BEFORE;
      }
      if (affix.suffix) {
        edge[affix.suffix.charCodeAt(0)] = edge[affix.suffix.charCodeAt(0)]! | AFTER;
        this.hanBuilder?.addAffixUnit(affix.suffix.charCodeAt(0));
      }
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
    canonicalize(this.scanCanon, n.units, n.length, this.canonBuffer);
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
    // Scratch reused by every field this index scans (the scan is not re-entered): no arrays per title.
    const candidates = this.candidates;
    candidates.length = 0;
    let contains = 0;

    if (this.canonBuffer.length < n.length) this.canonBuffer = new Uint16Array(n.length * 2);
    canonicalize(this.scanCanon, n.units, n.length, this.canonBuffer);
    const found = this.main.collect(this.canonBuffer, n.length);
    const hits = this.main.hits;
    for (let h = 0; h < 3 * found; h += 3) {
      const begin = hits[h + 1]!;
      const end = hits[h + 2]!;
      for (const entry of this.mainEntries[hits[h]!]!) {
        if (entry.type === 'mark') {
          const c = markCandidate(n, begin, end, entry, this.confusion.canon, this.glyph);
          if (c) candidates.push(c);
        } else if (entry.type === 'vocab') {
          // Straight into the result: nothing is added to `out.vocab` for this field before the affixes below.
          if (vocabularyMatches(n, begin, end, entry)) {
            out.vocab.push(
              located(n, field, begin, end, { group: entry.group, term: entry.term, weight: entry.weight }),
            );
          }
        } else if (n.norm.startsWith(entry.norm, begin)) {
          if (2 * contains + 2 > this.contains.length) this.contains = growInt32(this.contains);
          this.contains[2 * contains] = begin;
          this.contains[2 * contains + 1] = end;
          contains++;
        }
      }
    }
    if (this.pinyin) {
      // A span verbatim another watched name is that mark, not a homophone (pinyinPass.ts verbatimAt).
      this.pinyin.find(n, candidates, candidates.length);
    }
    if (this.fuzzyIndex.size > 0) fuzzyCandidates(this.fuzzyIndex, n, candidates);

    if (contains > 0) {
      const spans = this.contains;
      for (const c of candidates) {
        for (let i = 0; i < 2 * contains; i += 2) {
          const s = spans[i]!;
          const e = spans[i + 1]!;
          if (s <= c.a && c.b <= e && e - s > c.b - c.a) c.insideWord = true;
        }
      }
    }
    let kept = dedupe(candidates);
    kept = judgeLatinCandidates(n, kept, this.latinTokens);
    kept = judgeHanCandidates(n, kept, this.han);
    for (const c of kept) out.mentions.push(toMention(n, field, c));
    if (this.affixes.length > 0) {
      for (const c of kept) if (!c.insideWord) this.affixHits(n, field, c, out.vocab);
    }
    candidates.length = 0;
  }

  /** `{mark}风`, `类{mark}`: an affix directly around a mention. */
  private affixHits(n: NormalizedText, field: TextFieldName, c: Candidate, vocab: VocabHit[]): void {
    const before = c.a > 0 ? n.units[c.a - 1]! : -1;
    const after = c.b < n.length ? n.units[c.b]! : -1;
    if (!(
      (before >= 0 && this.affixEdge[before]! & BEFORE) ||
      (after >= 0 && this.affixEdge[after]! & AFTER)
    )) {
      return;
    }
    for (const affix of this.affixes) {
      if (affix.prefix && affix.prefix.charCodeAt(affix.prefix.length - 1) !== before) continue;
      if (affix.suffix && affix.suffix.charCodeAt(0) !== after) continue;
      const a = c.a - affix.prefix.length;
      const b = c.b + affix.suffix.length;
      if (a < 0 || b > n.length) continue;
      if (!n.norm.startsWith(affix.prefix, a) || !n.norm.startsWith(affix.suffix, c.b)) continue;
      // 耐克风衣 is Nike's windbreaker, not the hedge 耐克风: the affix begins a word with what follows it.
      if (affix.suffix && this.han) {
        const word = this.han.wordFrom(n, c.b, affix.suffix.length);
        if (word !== null && !affix.affixWords.has(word)) continue;
      }
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
}

const BEFORE = 1;
const AFTER = 2;

function growInt32(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
