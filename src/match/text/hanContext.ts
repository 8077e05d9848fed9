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

const NO_TERMS: readonly string[] = [];

export class HanContext {
  /** Han terms (as written) that some dictionary word contains: only these can be inside a word exactly. */
  readonly inWords: ReadonlySet<string>;

  constructor(
    readonly lexicon: HanLexicon,
    private readonly termsByRight: ReadonlyMap<string, readonly string[]>,
    hanTerms: ReadonlyMap<string, string>,
    readonly shortMarkLength: number,
  ) {
    const inside = lexicon.termsInsideWords(new Set(hanTerms.keys()));
    this.inWords = new Set([...hanTerms].filter(([norm]) => inside.has(norm)).map(([, term]) => term));
  }

  /** The right's normalised terms (looked up only once a word is found). */
  termsOf(rightId: string): readonly string[] {
    return this.termsByRight.get(rightId) ?? NO_TERMS;
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
  /** Normalised Han term → as written. */
  private readonly hanTerms = new Map<string, string>();
  private readonly termsByRight = new Map<string, string[]>();
  private readonly units = new Set<number>();
  private readonly affixUnits = new Set<number>();

  addTerm(rightId: string, term: string, norm: string, allHan: boolean): void {
    const terms = this.termsByRight.get(rightId);
    if (terms) terms.push(norm);
    else this.termsByRight.set(rightId, [norm]);
    if (!allHan) return;
    this.hanTerms.set(norm, term);
    for (let i = 0; i < norm.length; i++) this.units.add(norm.charCodeAt(i));
  }

  /** The first unit of a suffix affix: words starting with it are needed by `wordFrom`. */
  addAffixUnit(unit: number): void {
    this.affixUnits.add(unit);
  }

  build(confusion: ConfusionTable, pinyin: PinyinTable | null, shortMarkLength: number): HanContext | null {
    if (this.hanTerms.size === 0) return null;
    // One watch list is indexed several times over (the matcher, the CLI, the bench): the last lexicon is kept,
    // keyed by everything `relevant` reads (it is read-only once built).
    const key = `${[...this.units].sort((x, y) => x - y).join(',')}|${[...this.affixUnits].sort((x, y) => x - y).join(',')}`;
    const l = lastLexicon;
    const lexicon =
      l && l.confusion === confusion && l.pinyin === pinyin && l.key === key
        ? l.lexicon
        : new HanLexicon(this.relevant(confusion, pinyin));
    lastLexicon = { confusion, pinyin, key, lexicon };
    return new HanContext(lexicon, this.termsByRight, this.hanTerms, shortMarkLength);
  }

  /** Whether a unit can be in a kept word: a mark's character, an affix's first, or one of their classes or sounds. */
  private relevant(confusion: ConfusionTable, pinyin: PinyinTable | null): (u: number) => boolean {
    const canon = confusion.canon;
    const classes = new Set<number>();
    const syllables = new Set<number>();
    for (const u of this.units) {
      classes.add(canon[u]!);
      if (pinyin) for (const id of pinyin.markSyllables(String.fromCharCode(u))) syllables.add(id);
    }
    // 0 unknown, 1 relevant, 2 not: each unit is asked once.
    const memo = new Uint8Array(0x10000);
    return (u: number): boolean => {
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
  }
}

let lastLexicon:
  { confusion: ConfusionTable; pinyin: PinyinTable | null; key: string; lexicon: HanLexicon } | undefined;

/** Shared: mentions only read it. */
const SHORT_MARK: Candidate['corroboration'] = Object.freeze({ reason: 'short_mark' as const });
const NONE = -1;

export function judgeHanCandidates(
  n: NormalizedText,
  kept: Candidate[],
  ctx: HanContext | null = null,
): Candidate[] {
  if (!ctx) return kept;
  const lex = ctx.lexicon;
  for (const c of kept) {
    const hanLength = c.hanLength;
    if (hanLength === 0) continue;
    const evasive = c.via === 'canonical' || c.via === 'pinyin';
    const short = hanLength <= ctx.shortMarkLength;
    if (!allHan(n, c.a, c.b) || (!evasive && c.insideWord)) {
      if (evasive && short) c.corroboration = SHORT_MARK;
      continue;
    }
    if (!evasive) {
      if (exactInsideWord(ctx, n, c, short)) c.insideWord = true;
      continue;
    }
    // Any word around or across the span joins a pair at one of its edges: most spans join none.
    const found = wordAtEvasion(ctx, n, c, short, joinedAtEdge(lex, n, c));
    if (found !== NONE) {
      c.corroboration = {
        reason: lex.kind(found) & WordKind.Place ? 'place_name' : 'everyday_word',
        word: lex.word(found),
      };
    } else if (short) c.corroboration = SHORT_MARK;
  }
  return kept;
}

/** Characters of an all-Han term (a Chinese mark), else 0. */
export function hanTermLength(term: string): number {
  for (let i = 0; i < term.length; i++) {
    const u = term.charCodeAt(i);
    if (!((u >= 0x3400 && u <= 0x9fff) || (u >= 0xf900 && u <= 0xfaff))) return 0;
  }
  return term.length;
}

/** A word pair joins at the candidate's start or end (a word around or across it needs one). */
function joinedAtEdge(lex: HanLexicon, n: NormalizedText, c: Candidate): boolean {
  return (c.a > 0 && lex.joins(n.units, c.a)) || (c.b < n.length && lex.joins(n.units, c.b));
}

function allHan(n: NormalizedText, a: number, b: number): boolean {
  for (let k = a; k < b; k++) if (n.cls[k] !== CharClass.Han) return false;
  return true;
}

function isTerm(ctx: HanContext, n: NormalizedText, a: number, b: number, rightId: string): boolean {
  for (const t of ctx.termsOf(rightId)) {
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
  short: boolean,
  joined: boolean,
): number {
  const lex = ctx.lexicon;
  let inner = true;
  for (let k = c.a + 1; k < c.b && inner; k++) inner = lex.joins(n.units, k);
  const self = inner ? lex.find(n.units, c.a, c.b) : NONE;
  if (self !== NONE && !isTerm(ctx, n, c.a, c.b, c.rightId)) return self;
  if (!joined) return NONE;
  const around = coveringWord(ctx, n, c.a, c.b, c.rightId, false);
  if (around !== NONE) return around;
  // A short span cut by one word is a fragment of it; a longer one must be cut into words (波斯|登山 for 波司登).
  if (short) {
    const before = crossingWord(ctx, n, c.a, c.b, true);
    return before !== NONE ? before : crossingWord(ctx, n, c.a, c.b, false);
  }
  return cutIntoWords(ctx, n, c.a, c.b);
}

/** Words [s, p) and [p, e) with s ≤ a < p < b ≤ e that together reach outside [a, b): the left one, or NONE. */
function cutIntoWords(ctx: HanContext, n: NormalizedText, a: number, b: number): number {
  const lex = ctx.lexicon;
  for (let p = a + 1; p < b; p++) {
    let left = NONE;
    let leftStart = a;
    for (let s = p - 2; s >= Math.max(0, p - MAX_WORD_LENGTH); s--) {
      if (n.cls[s] !== CharClass.Han || !lex.joins(n.units, s + 1)) break;
      if (s > a) continue;
      const i = lex.find(n.units, s, p);
      if (i !== NONE && lex.kind(i) & EVERYDAY_OR_PLACE) {
        left = i;
        leftStart = s;
      }
    }
    if (left === NONE) continue;
    for (let e = p + 2; e <= Math.min(n.length, p + MAX_WORD_LENGTH); e++) {
      if (n.cls[e - 1] !== CharClass.Han || !lex.joins(n.units, e - 1)) break;
      if (e < b || (leftStart === a && e === b)) continue;
      const i = lex.find(n.units, p, e);
      if (i !== NONE && lex.kind(i) & EVERYDAY_OR_PLACE) return left;
    }
  }
  return NONE;
}

/** The most frequent everyday word or place name strictly around [a, b) (`exactMark`: see the header). */
function coveringWord(
  ctx: HanContext,
  n: NormalizedText,
  a: number,
  b: number,
  rightId: string,
  exactMark: boolean,
): number {
  const lex = ctx.lexicon;
  const units = n.units;
  // Every adjacent pair of a kept word is in the lexicon's pair filter: the words reach no further than the
  // Han run whose pairs all pass it.
  let sMin = a;
  while (
    sMin > Math.max(0, b - MAX_WORD_LENGTH) &&
    n.cls[sMin - 1] === CharClass.Han &&
    lex.joins(units, sMin)
  )
    sMin--;
  let eMax = b;
  while (
    eMax < Math.min(n.length, a + MAX_WORD_LENGTH) &&
    n.cls[eMax] === CharClass.Han &&
    lex.joins(units, eMax)
  )
    eMax++;
  if (sMin === a && eMax === b) return NONE;
  let best = NONE;
  for (let s = a; s >= sMin; s--) {
    for (let e = s === a ? b + 1 : b; e <= Math.min(eMax, s + MAX_WORD_LENGTH); e++) {
      const i = lex.find(units, s, e);
      if (i === NONE) continue;
      const kind = lex.kind(i);
      if (!(kind & EVERYDAY_OR_PLACE) || isTerm(ctx, n, s, e, rightId)) continue;
      // A word that starts with the exact mark is mostly the mark and its goods (茅台酒, 苹果公司).
      if (exactMark && s === a && !(kind & WordKind.Place)) continue;
      if (best === NONE || lex.freq(i) > lex.freq(best)) best = i;
    }
  }
  return best;
}

/** An everyday word that crosses the start (`atStart`) or the end of [a, b) and is not around it. */
function crossingWord(ctx: HanContext, n: NormalizedText, a: number, b: number, atStart: boolean): number {
  const lex = ctx.lexicon;
  if (atStart ? a === 0 || !lex.joins(n.units, a) : b >= n.length || !lex.joins(n.units, b)) return NONE;
  let best = NONE;
  for (let inner = a + 1; inner < b; inner++) {
    // atStart: words [s, inner) with s < a; else words [inner, e) with e > b.
    for (let len = 2; len <= MAX_WORD_LENGTH; len++) {
      const s = atStart ? inner - len : inner;
      const e = atStart ? inner : inner + len;
      if (atStart ? s >= a || s < 0 : e <= b || e > n.length) continue;
      const outer = atStart ? s : e - 1;
      if (n.cls[outer] !== CharClass.Han || !lex.joins(n.units, atStart ? s + 1 : e - 1)) break;
      const i = lex.find(n.units, s, e);
      if (i === NONE || !(lex.kind(i) & WordKind.Everyday)) continue;
      if (best === NONE || lex.freq(i) > lex.freq(best)) best = i;
    }
  }
  return best;
}

/**
 * An exact Chinese mark that the dictionary reads as part of other words: a word around it (only for terms some
 * word contains, and only when a word pair joins at one of its edges), or for a short mark a word crossing each
 * edge (which needs a pair joined at both: crossingWord asks them first).
 */
function exactInsideWord(ctx: HanContext, n: NormalizedText, c: Candidate, short: boolean): boolean {
  if (ctx.inWords.has(c.term)) {
    if (joinedAtEdge(ctx.lexicon, n, c) && coveringWord(ctx, n, c.a, c.b, c.rightId, true) !== NONE)
      return true;
  }
  if (!short) return false;
  return crossingWord(ctx, n, c.a, c.b, true) !== NONE && crossingWord(ctx, n, c.a, c.b, false) !== NONE;
}
