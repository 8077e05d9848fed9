import type { Listing, TextField } from '../model/index.js';
import type { GoodsClassifier, GoodsReading } from './goodsClasses.js';
import type { VocabularyRole } from './matchRules.js';
import type { Mention, ScanResult, TextIndex } from './text/index.js';

/** The part of the text index the policy uses: one scan of title and description. */
export type TextScanner = Pick<TextIndex, 'scan'>;
import { chinaDate } from '../rights/chinaDate.js';

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

/** What the policy knows about one listing: one text scan, vocabulary by role, goods read lazily. */
export class ListingContext {
  readonly day: string;
  readonly mentionsByRight = new Map<string, Mention[]>();
  private readonly vocab: VocabEvidence[];
  private sellerVocab: VocabEvidence[] | undefined;
  private goodsReading: GoodsReading | undefined;

  constructor(
    readonly listing: Listing,
    scan: ScanResult,
    private readonly scanner: TextScanner,
    private readonly roles: Readonly<Record<string, VocabularyRole>>,
    private readonly goodsClassifier: GoodsClassifier,
  ) {
    this.day = chinaDate(new Date(listing.capturedAt));
    for (const m of scan.mentions) {
      const list = this.mentionsByRight.get(m.rightId);
      if (list) list.push(m);
      else this.mentionsByRight.set(m.rightId, [m]);
    }
    this.vocab = scan.vocab.flatMap((v) => {
      const role = this.roles[v.group] ?? 'ignore';
      if (role === 'ignore') return [];
      const e: VocabEvidence = {
        role,
        group: v.group,
        term: v.term,
        field: v.field,
        span: v.span,
        text: v.text,
      };
      if (v.rightId) e.rightId = v.rightId;
      return [e];
    });
  }

  /** Vocabulary hits of a role in title and description (mark-attached terms only for that right). */
  vocabulary(role: VocabularyRole, rightId?: string): VocabEvidence[] {
    return this.vocab.filter((v) => v.role === role && (!v.rightId || v.rightId === rightId));
  }

  /** Vocabulary hits of the given roles in the shop name (官方旗舰店 on an unauthorised shop). */
  sellerVocabulary(role: VocabularyRole): VocabEvidence[] {
    this.sellerVocab ??= this.scanner.scan({ title: this.listing.seller.name }).vocab.flatMap((v) => {
      const role = this.roles[v.group] ?? 'ignore';
      if (role === 'ignore') return [];
      return [{ role, group: v.group, term: v.term, field: 'seller' as const, span: v.span, text: v.text }];
    });
    return this.sellerVocab.filter((v) => v.role === role && !v.rightId);
  }

  /** The listing's goods; `skipTitle` (non-empty) hides title spans such as the watched mark itself. */
  goods(skipTitle: readonly [number, number][] = []): GoodsReading {
    if (skipTitle.length === 0) {
      this.goodsReading ??= this.goodsClassifier.classify(this.listing);
      return this.goodsReading;
    }
    const base = this.goods();
    const overlaps = (span: [number, number]) => skipTitle.some((s) => s[0] < span[1] && span[0] < s[1]);
    if (base.source !== 'title' || !base.evidence.some((e) => overlaps(e.span))) return base;
    return this.goodsClassifier.classify(this.listing, overlaps);
  }
}

/** True when two located spans overlap in the same field. */
export function sameFieldOverlap(
  a: { field: string; span: [number, number] },
  b: { field: string; span: [number, number] },
): boolean {
  return a.field === b.field && a.span[0] < b.span[1] && b.span[0] < a.span[1];
}
