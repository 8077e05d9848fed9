import type { Listing, TextField } from '../model/index.js';
import { reading, type GoodsClassifier, type GoodsReading } from './goodsClasses.js';
import type { VocabularyRole } from './matchRules.js';
import type { Mention, ScanResult, TextIndex } from './text/index.js';
import { MODEL_PLACEHOLDER } from './text/vocabulary.js';

/** The part of the text index the policy uses: one scan of title and description. */
export type TextScanner = Pick<TextIndex, 'scan'>;
import { chinaDate } from '../common/chinaTime.js';

/** A vocabulary hit with what it means to the policy, located in a listing field. */
export interface VocabEvidence {
  role: VocabularyRole;
  group: string;
  term: string;
  field: TextField;
  span: [number, number];
  text: string;
  /** For `{mark}风`-style terms: the right whose mention the term is attached to. */
  rightId?: string;
}

const NONE: readonly VocabEvidence[] = [];

// China's offset is whole hours, so every instant of one UTC hour falls on the same China day: remember the
// last hour (listings of one crawl share it).
let lastHour = NaN;
let lastDay = '';
function captureDay(capturedAt: string): string {
  const ms = Date.parse(capturedAt);
  const hour = Math.floor(ms / 3_600_000);
  if (hour !== lastHour) {
    lastHour = hour;
    lastDay = chinaDate(new Date(ms));
  }
  return lastDay;
}

/** A vocabulary term looked for in shop names (normalised: NFKC, lower case). */
export interface SellerTerm {
  role: VocabularyRole;
  group: string;
  term: string;
}

/** What the policy knows about one listing: one text scan, vocabulary by role, goods read lazily. */
export class ListingContext {
  readonly day: string;
  readonly mentionsByRight = new Map<string, Mention[]>();
  private readonly byRole = new Map<VocabularyRole, VocabEvidence[]>();
  private sellerVocab: VocabEvidence[] | undefined;
  private goodsReading: GoodsReading | undefined;

  constructor(
    readonly listing: Listing,
    scan: ScanResult,
    private readonly sellerTerms: readonly SellerTerm[],
    private readonly roles: Readonly<Record<string, VocabularyRole>>,
    private readonly goodsClassifier: GoodsClassifier,
    exceptions?: VocabExceptions,
  ) {
    this.day = captureDay(listing.capturedAt);
    for (const m of scan.mentions) {
      const list = this.mentionsByRight.get(m.rightId);
      if (list) list.push(m);
      else this.mentionsByRight.set(m.rightId, [m]);
    }
    for (const v of scan.vocab) {
      const role = this.roles[v.group] ?? 'ignore';
      if (role === 'ignore') continue;
      const except = exceptions?.get(v.group);
      if (except && continuesAs(v.field === 'title' ? listing.title : listing.description, v.span, except))
        continue;
      const e: VocabEvidence = {
        role,
        group: v.group,
        term: v.term,
        field: v.field,
        span: v.span,
        text: v.text,
      };
      if (v.rightId) e.rightId = v.rightId;
      const list = this.byRole.get(role);
      // Two terms of one group on one span (AAA and AAA+) are one piece of evidence.
      if (
        list?.some(
          (x) =>
            x.group === e.group && x.field === e.field && x.span[0] === e.span[0] && x.span[1] === e.span[1],
        )
      )
        continue;
      if (list) list.push(e);
      else this.byRole.set(role, [e]);
    }
  }

  /** Vocabulary hits of a role in title and description (mark-attached terms only for that right). */
  vocabulary(role: VocabularyRole, rightId?: string): readonly VocabEvidence[] {
    const hits = this.byRole.get(role);
    if (!hits) return NONE;
    return hits.some((v) => v.rightId) ? hits.filter((v) => !v.rightId || v.rightId === rightId) : hits;
  }

  /** Official-status words in the shop name (官方旗舰店 on an unauthorised shop), by plain comparison. */
  sellerClaims(): VocabEvidence[] {
    if (this.sellerVocab) return this.sellerVocab;
    const name = this.listing.seller.name;
    const folded = name.normalize('NFKC').toLowerCase();
    this.sellerVocab = [];
    for (const term of this.sellerTerms) {
      const at = folded.indexOf(term.term);
      if (at < 0 || folded.length !== name.length) {
        if (at >= 0)
          this.sellerVocab.push({
            role: term.role,
            group: term.group,
            term: term.term,
            field: 'seller',
            span: [0, name.length],
            text: name,
          });
        continue;
      }
      this.sellerVocab.push({
        role: term.role,
        group: term.group,
        term: term.term,
        field: 'seller',
        span: [at, at + term.term.length],
        text: name.slice(at, at + term.term.length),
      });
    }
    return this.sellerVocab;
  }

  /** The listing's goods; `skipTitle` (non-empty) hides title spans such as the watched mark itself. */
  goods(skipTitle: readonly [number, number][] = []): GoodsReading {
    this.goodsReading ??= this.goodsClassifier.classify(this.listing);
    const base = this.goodsReading;
    if (skipTitle.length === 0 || base.source !== 'title') return base;
    const overlaps = (span: [number, number]) => skipTitle.some((s) => s[0] < span[1] && span[0] < s[1]);
    if (!base.evidence.some((e) => overlaps(e.span))) return base;
    return reading(
      base.evidence.filter((e) => !overlaps(e.span)),
      'title',
    );
  }
}

/** Per vocabulary group, the longer words (without `{mark}`) that cancel a hit: 风衣 for {mark}风. */
export type VocabExceptions = ReadonlyMap<string, readonly string[]>;

/**
 * A model number right after a word: digits first (132a, 2024). Letter-first codes are left alone: 高版本 AJ1
 * is replica slang for a shoe model.
 */
const MODEL_CODE = /^[\s-]*\d/;

/**
 * True when the hit at `span` is part of one of the longer `words` (lower case) in the text: 风 of 耐克风
 * continuing as 风衣, 铁罐 inside 送铁罐 (a gift with tea), 罐 of 茶叶罐 continuing as 罐装. A word ending in
 * `{model}` must be followed by a model code (高版本132a).
 */
export function continuesAs(
  text: string | undefined,
  span: readonly [number, number],
  words: readonly string[],
): boolean {
  if (!text) return false;
  const [start, end] = span;
  for (const entry of words) {
    const model = entry.endsWith(MODEL_PLACEHOLDER);
    const word = model ? entry.slice(0, -MODEL_PLACEHOLDER.length) : entry;
    for (let p = Math.max(0, start - word.length + 1); p < end; p++) {
      const inside = p >= start && p + word.length <= end;
      if (inside && !model) continue; // not longer than the hit there
      if (text.slice(p, p + word.length).toLowerCase() !== word) continue;
      if (!model || MODEL_CODE.test(text.slice(p + word.length, p + word.length + 12))) return true;
    }
  }
  return false;
}

/** True when two located spans overlap in the same field. */
export function sameFieldOverlap(
  a: { field: string; span: [number, number] },
  b: { field: string; span: [number, number] },
): boolean {
  return a.field === b.field && a.span[0] < b.span[1] && b.span[0] < a.span[1];
}
