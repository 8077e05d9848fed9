import type { Candidate } from './candidate.js';
import { CharClass } from './charFold.js';
import type { ConfusionTable } from './confusionClasses.js';
import type { NormalizedText } from './normalize.js';
import type { PinyinTable } from './pinyinTable.js';
import { HanLexicon, MAX_WORD_LENGTH, WordKind } from './segmentDictionary.js';

/*
 * Judges Chinese mark candidates against the words around them (issue #13), with the index's share of jieba's
 * dictionary (segmentDictionary.ts). Every dictionary word that could cover or cross a candidate contains one of
 * the candidate's characters, and those are the marks' characters, their 形近 classes or their homophones: the
 * lexicon keeps exactly the words with such a character.
 * - A shape / homophone candidate whose span is a dictionary word or name (长成 for 长城, 卡迪亚 for 卡地亚), lies
 *   inside an everyday word or place name, or is cut by one (李柠檬 for 李宁) is not an evasion on its own:
 *   `corroboration` everyday_word / place_name with the word.
 * - Otherwise a 2-character mark reached by shape, homophone or pinyin gets `corroboration: short_mark`.
 * - An exact mark inside a longer everyday word is `insideWord` (the dictionary generalises containing-words.json)
 *   when the word does not start with the mark (大熊猫, 万里长城) or is a place name (茅台镇); a word that starts
 *   with the mark is mostly the mark and its goods (茅台酒, 苹果公司, 李宁牌) and stays a mention. An exact
 *   2-character mark cut by an everyday word on both sides (中华|为民, 平安|踏实) is inside words too.
 */

export interface HanMarkInfo {
  hanLength: number;
  /** Normalised name and aliases of the right: a word equal to one of them is the mark, not another word. */
  terms: readonly string[];
}

export class HanContext {
  /** term as written → its right's forms, for all-Han terms only. */
  private readonly marks = new Map<string, Map<string, HanMarkInfo>>();

  constructor(
    readonly lexicon: HanLexicon,
    marks: ReadonlyMap<string, { term: string; rightId: string; hanLength: number }[]>,
    termsByRight: ReadonlyMap<string, readonly string[]>,
    readonly shortMarkLength: number,
  ) {
    for (const list of marks.values()) {
      for (const m of list) {
        let byRight = this.marks.get(m.term);
        if (!byRight) this.marks.set(m.term, (byRight = new Map()));
        byRight.set(m.rightId, { hanLength: m.hanLength, terms: termsByRight.get(m.rightId) ?? [] });
      }
    }
  }

  info(term: string, rightId: string): HanMarkInfo | undefined {
    return this.marks.get(term)?.get(rightId);
  }

  /** The everyday word a suffix affix starting at `at` (风 of {mark}风) begins there (风衣, 款式), or null. */
  wordFrom(n: NormalizedText, at: number, affixLength: number): string | null {
    let found = -1;
    for (let b = at + affixLength + 1; b <= Math.min(n.length, at + MAX_WORD_LENGTH); b++) {
      if (n.cls[b - 1] !== CharClass.Han) break;
      const i = this.lexicon.find(n.units, at, b);
      if (i >= 0 && this.lexicon.kind(i) & WordKind.Everyday) found = i;
    }
    return found >= 0 ? this.lexicon.word(found) : null;
  }
}

/** Collects the Han marks of an index and builds its HanContext (null when it watches no Chinese mark). */
export class HanContextBuilder {
  private readonly marks = new Map<string, { term: string; rightId: string; hanLength: number }[]>();
  private readonly termsByRight = new Map<string, string[]>();
  private readonly units = new Set<number>();
  private readonly affixUnits = new Set<number>();

  addTerm(rightId: string, term: string, norm: string, allHan: boolean): void {
    const terms = this.termsByRight.get(rightId);
    if (terms) terms.push(norm);
    else this.termsByRight.set(rightId, [norm]);
    if (!allHan) return;
    const list = this.marks.get(rightId) ?? [];
    list.push({ term, rightId, hanLength: norm.length });
    this.marks.set(rightId, list);
    for (let i = 0; i < norm.length; i++) this.units.add(norm.charCodeAt(i));
  }

  /** The first unit of a suffix affix: words starting with it are needed by `wordFrom`. */
  addAffixUnit(unit: number): void {
    this.affixUnits.add(unit);
  }

  build(confusion: ConfusionTable, pinyin: PinyinTable | null, shortMarkLength: number): HanContext | null {
    if (this.marks.size === 0) return null;
    const canon = confusion.canon;
    const classes = new Set<number>();
    const syllables = new Set<number>();
    for (const u of this.units) {
      classes.add(canon[u]!);
      if (pinyin) for (const id of pinyin.markSyllables(String.fromCharCode(u))) syllables.add(id);
    }
    // 0 unknown, 1 relevant, 2 not: each unit is asked once.
    const memo = new Uint8Array(0x10000);
    const relevant = (u: number): boolean => {
      let m = memo[u]!;
      if (m === 0) {
        const yes =
          this.units.has(u) ||
          this.affixUnits.has(u) ||
          classes.has(canon[u]!) ||
          (pinyin !== null && syllables.has(pinyin.textSyllable(u)));
        memo[u] = m = yes ? 1 : 2;
      }
      return m === 1;
    };
    return new HanContext(new HanLexicon(relevant), this.marks, this.termsByRight, shortMarkLength);
  }
}

interface Found {
  entry: number;
}

export function judgeHanCandidates(
  n: NormalizedText,
  kept: Candidate[],
  ctx: HanContext | null = null,
): Candidate[] {
  if (!ctx) return kept;
  for (const c of kept) {
    const info = ctx.info(c.term, c.rightId);
    if (!info) continue;
    const hanSpan = allHan(n, c.a, c.b);
    if (c.via === 'canonical' || c.via === 'pinyin') {
      const short = info.hanLength <= ctx.shortMarkLength;
      const found = hanSpan ? wordAtEvasion(ctx, n, c, info, short) : null;
      if (found) {
        const kind = ctx.lexicon.kind(found.entry);
        c.corroboration = {
          reason: kind & WordKind.Place ? 'place_name' : 'everyday_word',
          word: ctx.lexicon.word(found.entry),
        };
      } else if (short) c.corroboration = { reason: 'short_mark' };
    } else if (hanSpan && !c.insideWord && exactInsideWord(ctx, n, c, info)) c.insideWord = true;
  }
  return kept;
}

function allHan(n: NormalizedText, a: number, b: number): boolean {
  for (let k = a; k < b; k++) if (n.cls[k] !== CharClass.Han) return false;
  return true;
}

function isTerm(ctx: HanContext, n: NormalizedText, a: number, b: number, info: HanMarkInfo): boolean {
  for (const t of info.terms) {
    if (t.length !== b - a) continue;
    let k = 0;
    while (k < t.length && t.charCodeAt(k) === n.units[a + k]) k++;
    if (k === t.length) return true;
  }
  return false;
}

const EVERYDAY_OR_PLACE = WordKind.Everyday | WordKind.Place;

/** The dictionary word that explains a shape / sound span: the span itself, a word around it, or one cutting it. */
function wordAtEvasion(
  ctx: HanContext,
  n: NormalizedText,
  c: Candidate,
  info: HanMarkInfo,
  short: boolean,
): Found | null {
  const lex = ctx.lexicon;
  const self = lex.find(n.units, c.a, c.b);
  if (self >= 0 && !isTerm(ctx, n, c.a, c.b, info)) return { entry: self };
  const around = coveringWord(ctx, n, c.a, c.b, info, false);
  if (around) return around;
  // A short span cut by one word is a fragment of it; a longer one must be cut into words (波斯|登山 for 波司登).
  if (short) return crossingWord(ctx, n, c.a, c.b, true) ?? crossingWord(ctx, n, c.a, c.b, false);
  return cutIntoWords(ctx, n, c.a, c.b);
}

/** Words [s, p) and [p, e) with s ≤ a < p < b ≤ e that together reach outside [a, b): the left one, or null. */
function cutIntoWords(ctx: HanContext, n: NormalizedText, a: number, b: number): Found | null {
  const lex = ctx.lexicon;
  for (let p = a + 1; p < b; p++) {
    let left = -1;
    let leftStart = a;
    for (let s = p - 2; s >= Math.max(0, p - MAX_WORD_LENGTH); s--) {
      if (s > a) continue;
      if (n.cls[s] !== CharClass.Han) break;
      const i = lex.find(n.units, s, p);
      if (i >= 0 && lex.kind(i) & EVERYDAY_OR_PLACE) {
        left = i;
        leftStart = s;
      }
    }
    if (left < 0) continue;
    for (let e = Math.max(b, p + 2); e <= Math.min(n.length, p + MAX_WORD_LENGTH); e++) {
      if (n.cls[e - 1] !== CharClass.Han) break;
      if (leftStart === a && e === b) continue;
      const i = lex.find(n.units, p, e);
      if (i >= 0 && lex.kind(i) & EVERYDAY_OR_PLACE) return { entry: left };
    }
  }
  return null;
}

/** The most frequent everyday word or place name strictly around [a, b) (`notAtStart`: not starting at a). */
function coveringWord(
  ctx: HanContext,
  n: NormalizedText,
  a: number,
  b: number,
  info: HanMarkInfo,
  exactMark: boolean,
): Found | null {
  const lex = ctx.lexicon;
  const sMin = a > 0 && lex.joins(n.units, a) ? Math.max(0, b - MAX_WORD_LENGTH) : a;
  const eMax = b < n.length && lex.joins(n.units, b) ? n.length : b;
  if (sMin === a && eMax === b) return null;
  let best = -1;
  const units = n.units;
  for (let s = a; s >= sMin; s--) {
    // Every adjacent pair of a kept word is in the lexicon's pair filter: stop where a pair is not.
    if (s < a && (n.cls[s] !== CharClass.Han || !lex.joins(units, s + 1))) break;
    for (let e = b; e <= Math.min(eMax, s + MAX_WORD_LENGTH); e++) {
      if (e > b && (n.cls[e - 1] !== CharClass.Han || !lex.joins(units, e - 1))) break;
      if (s === a && e === b) continue;
      const i = lex.find(n.units, s, e);
      if (i < 0) continue;
      const kind = lex.kind(i);
      if (!(kind & EVERYDAY_OR_PLACE) || isTerm(ctx, n, s, e, info)) continue;
      // A word that starts with the exact mark is mostly the mark and its goods (茅台酒, 苹果公司).
      if (exactMark && s === a && !(kind & WordKind.Place)) continue;
      if (best < 0 || lex.freq(i) > lex.freq(best)) best = i;
    }
  }
  return best >= 0 ? { entry: best } : null;
}

/** An everyday word that crosses the start (`atStart`) or the end of [a, b) and is not around it. */
function crossingWord(
  ctx: HanContext,
  n: NormalizedText,
  a: number,
  b: number,
  atStart: boolean,
): Found | null {
  const lex = ctx.lexicon;
  if (atStart ? a === 0 || !lex.joins(n.units, a) : b >= n.length || !lex.joins(n.units, b)) return null;
  let best = -1;
  for (let inner = a + 1; inner < b; inner++) {
    // atStart: words [s, inner) with s < a; else words [inner, e) with e > b.
    for (let len = 2; len <= MAX_WORD_LENGTH; len++) {
      const s = atStart ? inner - len : inner;
      const e = atStart ? inner : inner + len;
      if (atStart ? s >= a || s < 0 : e <= b || e > n.length) continue;
      const outer = atStart ? s : e - 1;
      if (n.cls[outer] !== CharClass.Han || !lex.joins(n.units, atStart ? s + 1 : e - 1)) break;
      const i = lex.find(n.units, s, e);
      if (i < 0 || !(lex.kind(i) & WordKind.Everyday)) continue;
      if (best < 0 || lex.freq(i) > lex.freq(best)) best = i;
    }
  }
  return best >= 0 ? { entry: best } : null;
}

/** An exact Chinese mark that the dictionary reads as part of other words. */
function exactInsideWord(ctx: HanContext, n: NormalizedText, c: Candidate, info: HanMarkInfo): boolean {
  if (coveringWord(ctx, n, c.a, c.b, info, true)) return true;
  if (info.hanLength > ctx.shortMarkLength) return false;
  return crossingWord(ctx, n, c.a, c.b, true) !== null && crossingWord(ctx, n, c.a, c.b, false) !== null;
}
