import type { Hit, TrademarkRight } from '../model/index.js';
import { Explanation, type PolicyEnv, type Where } from './explanation.js';
import { sameFieldOverlap, type ListingContext, type VocabEvidence } from './listingContext.js';
import type { Mention } from './text/index.js';
import { authorizedEntry, validOn } from './sellerAuthorization.js';

/*
 * Trademark flag policy (issue #5 "Flag policy" 1): the mark used for goods in its classes (any goods when
 * well known) by an unauthorised seller while the registration is in force, with at least one aggravating
 * signal — (a) an evasion form, (b) counterfeit or hedging vocabulary, (c) a price below half the lowest genuine
 * price, (d) an official/authorised-status claim.
 */

const PHONETIC = new Set(['pinyin', 'homophone']);
const CJK = /\p{Script=Han}/u;

/** An evasion form: anything beyond a case difference. */
export function isEvasion(m: Mention): boolean {
  if (m.plain !== undefined) return !m.plain;
  for (const k of m.evasions) if (k !== 'case') return true;
  return false;
}

/**
 * A 2-character Chinese mark reached only through its sound (naike, 耐刻) needs corroboration (matching.md §7).
 * The text core says so in `needsCorroboration`; the fallback decides the same from the term.
 */
function isShortPhonetic(m: Mention, shortMarkLength: number): boolean {
  if (m.needsCorroboration !== undefined) return m.needsCorroboration;
  return CJK.test(m.term) && [...m.term].length <= shortMarkLength && m.evasions.some((k) => PHONETIC.has(k));
}

function located(v: VocabEvidence) {
  return { field: v.field, span: v.span, text: v.text };
}

export function trademarkHit(
  right: TrademarkRight,
  mentions: readonly Mention[],
  ctx: ListingContext,
  { weights, thresholds }: PolicyEnv,
): Hit | null {
  const { listing } = ctx;
  const used = mentions.filter((m) => !m.insideWord);
  if (used.length === 0 || !validOn(right, ctx.day)) return null;

  const ex = new Explanation(weights);
  const hit = (reason: Hit['reason'], flagged: boolean): Hit => ({
    listingId: listing.id,
    rightId: right.id,
    kind: 'trademark',
    reason: flagged ? reason : 'trademark.use',
    score: ex.score(),
    flagged,
    rules: ex.fires,
  });

  // Category gate (mandatory for marks that are not well known).
  const goods = ctx.goods(used.filter((m) => m.field === 'title').map((m) => m.span));
  const inClass = goods.evidence.find((e) => e.group.classes.some((c) => right.niceClasses.includes(c)));
  const goodsWord = inClass ? undefined : findGoodsWord(right, listing.title, listing.category);
  if (!inClass && !goodsWord && !right.wellKnown && goods.source !== 'none') {
    return null; // goods outside the classes of a mark that is not well known (苹果 fruit, 长城 wine)
  }
  if (authorizedEntry(right.authorizedSellers, listing)) return null;

  // (b) counterfeit or hedging vocabulary.
  const counterfeit = ctx.vocabulary('counterfeit', right.id);
  const hedging = ctx.vocabulary('hedging', right.id);
  const vocabularySignal = counterfeit.length + hedging.length > 0;

  // (c) price below half the lowest genuine price — unless the price is a deposit, top-up link or sample.
  // The reference is the price of the mark's own goods, so goods of other classes are not compared.
  let price: { rule: 'signal.low_price' | 'signal.very_low_price' | 'guard.price'; where: Where } | undefined;
  const comparable = inClass !== undefined || goodsWord !== undefined;
  if (right.referencePrice && comparable && listing.price !== undefined && listing.price > 0) {
    const ratio = listing.price / right.referencePrice.min;
    if (ratio < thresholds.lowPriceRatio) {
      const guard = ctx.vocabulary('price_guard')[0];
      const text = `¥${listing.price} = ${ratio.toFixed(2)} × ¥${right.referencePrice.min}`;
      if (guard) price = { rule: 'guard.price', where: located(guard) };
      else
        price = {
          rule: ratio < thresholds.veryLowPriceRatio ? 'signal.very_low_price' : 'signal.low_price',
          where: { field: 'price', text },
        };
    }
  }
  const priceSignal = price !== undefined && price.rule !== 'guard.price';

  // (d) official or authorised status claimed by a seller who is not authorised.
  const claims = [...ctx.vocabulary('official_claim'), ...ctx.sellerClaims()];
  const otherSignal = vocabularySignal || priceSignal || claims.length > 0;

  // (a) an evasion form. A 2-character mark reached by sound only (naike, 耐刻) is corroborated by the goods
  // being in the mark's classes, or by another signal (matching.md §7: "category, indicator words or price").
  // Text that is verbatim the name or an alias is the plain mark, whatever else it also reads as (Xiaomi).
  const plainSpans = used.filter((m) => !isEvasion(m));
  const evasive = used.filter((m) => isEvasion(m) && !plainSpans.some((p) => sameFieldOverlap(p, m)));
  const strong = evasive.find((m) => !isShortPhonetic(m, thresholds.shortMarkLength));
  const phonetic = evasive.find((m) => isShortPhonetic(m, thresholds.shortMarkLength));
  const corroborated = inClass !== undefined || goodsWord !== undefined || otherSignal;
  const evasion = strong ?? (corroborated ? phonetic : undefined);
  const mark = evasion ?? plainSpans[0];
  if (!mark) return null; // 2-character mark heard in pinyin or a homophone, not corroborated: likely chance

  const markWhere = { field: mark.field, span: mark.span, text: mark.text };
  if (evasion) ex.add('mark.evasion', markWhere, evasion.evasions.join(','));
  else ex.add('mark.plain', markWhere);
  if (inClass)
    ex.add(
      'category.in_class',
      { field: inClass.field, span: inClass.span, text: inClass.text },
      inClass.group.id,
    );
  else if (goodsWord) ex.add('category.goods_keyword', goodsWord);
  else if (right.wellKnown)
    ex.add('mark.well_known', {}, goods.source === 'none' ? 'goods_unknown' : 'other_class');
  else return hit('trademark.use', false); // goods unknown: the class cannot be confirmed
  ex.add('seller.unauthorized', { field: 'seller', text: listing.seller.name });

  if (evasion === strong && evasion) ex.add('signal.evasion', markWhere, evasion.evasions.join(','));
  else if (evasion) ex.add('signal.evasion_short_phonetic', markWhere, evasion.evasions.join(','));
  for (const v of counterfeit.slice(0, thresholds.maxRulesPerKind))
    ex.add('signal.counterfeit_vocabulary', located(v), v.group);
  for (const v of hedging.slice(0, thresholds.maxRulesPerKind))
    ex.add('signal.hedging_vocabulary', located(v), v.group);
  if (price) ex.add(price.rule, price.where);
  for (const v of claims.slice(0, thresholds.maxRulesPerKind))
    ex.add('signal.official_claim', located(v), v.term);
  for (const v of ctx.vocabulary('grey').slice(0, 1)) ex.add('context.grey_channel', located(v), v.group);
  for (const v of ctx.vocabulary('after_sale').slice(0, 1)) ex.add('context.after_sale', located(v), v.group);
  for (const v of ctx.vocabulary('authenticity').slice(0, 1))
    ex.add('context.authenticity_claim', located(v), v.group);

  // Accessories that state what they fit (适用于 iPhone) are not infringing unless they also use
  // counterfeit wording.
  const compatibility = ctx
    .vocabulary('compatibility')
    .find((v) => used.some((m) => statesFit(v, m, thresholds.compatibilityDistance)));
  // Only explicit counterfeit wording overrides it, not hedging (冰墩墩同款 … 适用于苹果).
  const blocked = compatibility !== undefined && counterfeit.length === 0;
  if (blocked) ex.add('guard.compatibility', located(compatibility));

  const aggravated = evasion !== undefined || otherSignal;
  const flagged = aggravated && !blocked && ex.score() >= thresholds.flag;
  return hit(evasion ? 'trademark.evasion' : 'trademark.counterfeit', flagged);
}

/** A compatibility word shortly before the mark in the same field: 适用于苹果, 兼容 iPhone, for iPhone. */
function statesFit(v: VocabEvidence, m: Mention, distance: number): boolean {
  return v.field === m.field && v.span[1] <= m.span[0] && m.span[0] - v.span[1] <= distance;
}

/** A word of the mark's registered goods list in the title or category (运动鞋 for a class-25 mark). */
function findGoodsWord(right: TrademarkRight, title: string, category: string | undefined) {
  for (const word of right.goods ?? []) {
    const t = title.indexOf(word);
    if (t >= 0)
      return { field: 'title' as const, span: [t, t + word.length] as [number, number], text: word };
    const c = category?.indexOf(word) ?? -1;
    if (c >= 0)
      return { field: 'category' as const, span: [c, c + word.length] as [number, number], text: word };
  }
  return undefined;
}
