import type { Hit, Listing, PatentRight, Right } from '../model/index.js';
import { checkWeights, type PolicyEnv, type Weights } from './explanation.js';
import { GoodsClassifier } from './goodsClasses.js';
import { giHit } from './giPolicy.js';
import { ListingContext, type SellerTerm, type TextScanner, type VocabExceptions } from './listingContext.js';
import { loadMatchRules, MATCH_RULES_DIR, type MatchRules, type VocabularyRole } from './matchRules.js';
import { findPatentMarking } from './patentMarking.js';
import { PatentPolicy } from './patentPolicy.js';
import { buildTextIndex, loadVocabulary, type Vocabulary } from './text/index.js';
import { MARK_PLACEHOLDER } from './text/vocabulary.js';
import { specialHit } from './specialPolicy.js';
import { trademarkHit } from './trademarkPolicy.js';

/*
 * The matching engine: one text scan per listing (the text core), then the flag policy per mentioned right,
 * and the patent-marking checks. `match` is pure: everything it needs is read when the matcher is created.
 */

export interface Matcher {
  /** Every hit for the listing, flagged and weak, each with the rules that fired. */
  match(listing: Listing): Hit[];
}

export interface MatcherOptions {
  /** The rules under rules/match/ (read from disk by default). */
  rules?: MatchRules;
  /** Builds the text index over the non-patent rights (the text core's buildTextIndex by default). */
  buildIndex?: (rights: Right[]) => TextScanner;
}

export function createMatcher(rights: readonly Right[], options: MatcherOptions = {}): Matcher {
  const rules = options.rules ?? loadMatchRules();
  const weights: Weights = checkWeights(rules.weights.weights, `${MATCH_RULES_DIR}weights.json`);
  const { thresholds, vocabularyRoles } = rules.weights;
  const goods = new GoodsClassifier(rules.goods);
  const byId = new Map(rights.map((r) => [r.id, r]));
  const textRights = rights.filter((r) => r.kind !== 'patent');
  const vocabulary = loadVocabulary();
  const scanner = options.buildIndex
    ? options.buildIndex(textRights)
    : buildTextIndex(textRights, vocabulary, { shortMarkLength: thresholds.shortMarkLength });
  const sellerTerms = officialClaimTerms(vocabulary, vocabularyRoles);
  const exceptions = vocabularyExceptions(vocabulary);
  const env: PolicyEnv = { weights, thresholds };
  const patents = new PatentPolicy(
    rights.filter((r): r is PatentRight => r.kind === 'patent'),
    env,
  );

  return {
    match(listing: Listing): Hit[] {
      const hits: Hit[] = [];
      const scan = scanner.scan({ title: listing.title, description: listing.description });
      if (scan.mentions.length > 0) {
        const ctx = new ListingContext(listing, scan, sellerTerms, vocabularyRoles, goods, exceptions);
        for (const [rightId, mentions] of ctx.mentionsByRight) {
          const right = byId.get(rightId);
          let hit: Hit | null = null;
          if (right?.kind === 'trademark') hit = trademarkHit(right, mentions, ctx, env);
          else if (right?.kind === 'gi') hit = giHit(right, mentions, ctx, goods, env);
          else if (right?.kind === 'special') hit = specialHit(right, mentions, ctx, env);
          if (hit) hits.push(hit);
        }
      }
      const marking = findPatentMarking(listing);
      if (marking) hits.push(...patents.hits(listing, marking));
      return hits;
    },
  };
}

/** The official-status terms (vocabulary role `official_claim`) that shop names are checked for. */
function officialClaimTerms(
  vocabulary: Vocabulary,
  roles: Readonly<Record<string, VocabularyRole>>,
): SellerTerm[] {
  return Object.entries(vocabulary.groups)
    .filter(([group]) => roles[group] === 'official_claim')
    .flatMap(([group, g]) =>
      g.terms
        .filter((t) => !t.includes(MARK_PLACEHOLDER))
        .map((t) => ({ role: 'official_claim' as const, group, term: t.normalize('NFKC').toLowerCase() })),
    );
}

/** The `except` words of each vocabulary group, `{mark}` removed and lower-cased (`{model}` kept), built once. */
function vocabularyExceptions(vocabulary: Vocabulary): VocabExceptions {
  const map = new Map<string, string[]>();
  for (const [group, g] of Object.entries(vocabulary.groups))
    if (g.except?.length)
      map.set(
        group,
        g.except.map((w) => w.replace(MARK_PLACEHOLDER, '').normalize('NFKC').toLowerCase()),
      );
  return map;
}
