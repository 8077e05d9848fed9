import type { Hit, Tier, TrademarkRight } from '../model/index.js';
import { Explanation, type PolicyEnv, type Where } from './explanation.js';
import { hitRecord } from './hitRecord.js';
import { sameFieldOverlap, type ListingContext, type VocabEvidence } from './listingContext.js';
import { SHORT_LATIN_MARK, type EvasionKind, type Mention } from './text/index.js';
import { authorizedEntry, validOn } from './sellerAuthorization.js';

/*
 * Trademark flag policy (issue #5 "Flag policy" 1, tiers after issue 13): the mark used for goods in its
 * classes (any goods when well known) by an unauthorised seller while the registration is in force, with at
 * least one aggravating signal — (a) an evasion form, (b) counterfeit or hedging vocabulary, (c) a price below
 * half the lowest genuine price, (d) an official/authorised-status claim — is a lead. Without one, a
 * compatibility statement, 代购 or an authenticity claim makes a watch signal; anything else is a weak hit.
 */

const CJK = /\p{Script=Han}/u;
const LATIN = /^[a-z]+$/i;
/** The forms a short mark never flags on alone (issue 13 "Short marks"). */
const SHORT_FORMS: ReadonlySet<EvasionKind> = new Set([
  'pinyin',
  'homophone',
  'shape',
  'lookalike',
  'fuzzy',
  'digit',
]);

function codePointCount(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u < 0xdc00 || u > 0xdfff) count++; // a low surrogate continues the previous code point
  }
  return count;
}

/** An evasion form: anything beyond a case difference. */
export function isEvasion(m: Mention): boolean {
  if (m.plain !== undefined) return !m.plain;
  for (const k of m.evasions) if (k !== 'case') return true;
  return false;
}

/**
 * A mention that needs a second, independent signal before it can make a lead: the text core says so
 * (`corroboration`, `needsCorroboration`: a fragment of an everyday word or place name, a dictionary word), or
 * a short mark (≤ 2 Han characters, ≤ 3 Latin letters) reached only through a shape, sound, look-alike or fuzzy
 * form — decided here too, so the policy holds whichever text core feeds it.
 */
export function needsCorroboration(m: Mention, shortMarkLength: number): boolean {
  if (m.corroboration !== undefined || m.needsCorroboration === true) return true;
  if (!m.evasions.some((k) => SHORT_FORMS.has(k))) return false;
  const term = m.term;
  if (term.length > 2 * Math.max(shortMarkLength, SHORT_LATIN_MARK)) return false;
  if (CJK.test(term)) return codePointCount(term) <= shortMarkLength;
  return LATIN.test(term) && term.length <= SHORT_LATIN_MARK;
}

/** Verbatim the name or an alias, needing nothing else. */
function isPlainMark(m: Mention, shortMarkLength: number): boolean {
  return !isEvasion(m) && !needsCorroboration(m, shortMarkLength);
}

/** `m` overlaps a plain mention of the same right (itself included when it is one). */
function overlapsPlain(used: readonly Mention[], m: Mention, shortMarkLength: number): boolean {
  for (const p of used) if (sameFieldOverlap(p, m) && isPlainMark(p, shortMarkLength)) return true;
  return false;
}

/** `reason:word` for guard.needs_corroboration (`everyday_word:耐心`, `short_mark`). */
function corroborationDetail(m: Mention): string {
  const c = m.corroboration;
  if (!c) return 'short_mark';
  return c.word ? `${c.reason}:${c.word}` : c.reason;
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
  const used = mentions.some((m) => m.insideWord) ? mentions.filter((m) => !m.insideWord) : mentions;
  if (used.length === 0 || !validOn(right, ctx.day)) return null;

  const ex = new Explanation(weights);
  const hit = (reason: Hit['reason'], tier?: Tier): Hit =>
    hitRecord(listing.id, right.id, 'trademark', tier ? reason : 'trademark.use', ex.score(), tier, ex.fires);

  // Category gate (mandatory for marks that are not well known). The mark's own title spans are hidden from
  // the goods reading; the span list is only built when the goods were read from the title.
  const anyGoods = ctx.goods();
  const goods =
    anyGoods.source === 'title'
      ? ctx.goods(used.filter((m) => m.field === 'title').map((m) => m.span))
      : anyGoods;
  const inClass = goods.evidence.find((e) => e.group.classes.some((c) => right.niceClasses.includes(c)));
  const goodsWord = inClass ? undefined : findGoodsWord(right, listing.title, listing.category);
  if (!inClass && !goodsWord && !right.wellKnown && goods.source !== 'none') {
    return null; // goods outside the classes of a mark that is not well known (苹果 fruit, 长城 wine)
  }
  if (authorizedEntry(right.authorizedSellers, listing)) return null;

  // (b) counterfeit or hedging vocabulary.
  const counterfeit = ctx.vocabulary('counterfeit', right.id);
  // A compatibility word shortly before the mark (适用于苹果, fits Pandora): referential use.
  const compatibility = ctx
    .vocabulary('compatibility')
    .find((v) => used.some((m) => statesFit(v, m, thresholds.compatibilityDistance)));
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
  const officialWords = ctx.vocabulary('official_claim');
  const shopClaims = ctx.sellerClaims();
  const claims = shopClaims.length === 0 ? officialWords : [...officialWords, ...shopClaims];
  const otherSignal = vocabularySignal || priceSignal || claims.length > 0;

  // (a) an evasion form. A mention that needs corroboration (a short mark by sound or shape, a fragment of an
  // everyday word or place name, a fuzzy dictionary word) counts only with a second, independent signal —
  // (b), (c) or (d); the goods class is not one (issue 13), nor is the evasion form itself.
  // Text that is verbatim the name or an alias is the plain mark, whatever else it also reads as (Xiaomi).
  // No arrays here (a per-hit hot path: usually one mention); a mention overlapping a plain one is that mark.
  const short = thresholds.shortMarkLength;
  let firstPlain: Mention | undefined;
  for (const m of used) if (isPlainMark(m, short)) firstPlain ??= m;
  let strong: Mention | undefined;
  let firstUnconfirmed: Mention | undefined;
  let unconfirmedEvasion: Mention | undefined;
  for (const m of used) {
    if (firstPlain !== undefined && overlapsPlain(used, m, short)) continue;
    if (needsCorroboration(m, short)) {
      firstUnconfirmed ??= m;
      if (isEvasion(m)) unconfirmedEvasion ??= m;
    } else if (strong === undefined && isEvasion(m)) strong = m;
  }
  const evasion = strong ?? (otherSignal ? unconfirmedEvasion : undefined);
  const mark = evasion ?? firstPlain ?? (otherSignal ? firstUnconfirmed : undefined);
  const doubtful = mark ? undefined : firstUnconfirmed;
  const shown = mark ?? doubtful;
  // A chance reading is kept (as a weak hit that says why) only on goods of the mark's classes.
  if (!shown || (doubtful && !comparable)) return null;

  const markWhere = { field: shown.field, span: shown.span, text: shown.text };
  if (isEvasion(shown)) ex.add('mark.evasion', markWhere, shown.evasions.join(','));
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
  else if (compatibility && counterfeit.length === 0) {
    // Goods unknown, but the listing states what it fits (charms "fit Pandora"): referential use, shown.
    ex.add('guard.compatibility', located(compatibility));
    ex.add('watch.referential', located(compatibility));
    return hit('trademark.referential', 'watch');
  } else return hit('trademark.use'); // goods unknown: the class cannot be confirmed
  ex.add('seller.unauthorized', { field: 'seller', text: listing.seller.name });
  if (doubtful) {
    ex.add('guard.needs_corroboration', markWhere, corroborationDetail(doubtful));
    return hit('trademark.use'); // a chance reading with nothing else behind it: a weak hit at most
  }

  if (evasion && evasion === strong) ex.add('signal.evasion', markWhere, evasion.evasions.join(','));
  else if (evasion) ex.add('signal.evasion_short_phonetic', markWhere, corroborationDetail(evasion));
  for (const v of counterfeit.slice(0, thresholds.maxRulesPerKind))
    ex.add('signal.counterfeit_vocabulary', located(v), v.group);
  for (const v of hedging.slice(0, thresholds.maxRulesPerKind))
    ex.add('signal.hedging_vocabulary', located(v), v.group);
  if (price) ex.add(price.rule, price.where);
  for (const v of claims.slice(0, thresholds.maxRulesPerKind))
    ex.add('signal.official_claim', located(v), v.term);
  const daigou = ctx.vocabulary('daigou')[0];
  const grey = daigou ?? ctx.vocabulary('grey')[0];
  if (grey) ex.add('context.grey_channel', located(grey), grey.group);
  for (const v of ctx.vocabulary('after_sale').slice(0, 1)) ex.add('context.after_sale', located(v), v.group);
  const authenticity = ctx.vocabulary('authenticity')[0];
  if (authenticity) ex.add('context.authenticity_claim', located(authenticity), authenticity.group);

  // Accessories that state what they fit (适用于 iPhone) are not infringing unless they also use
  // counterfeit wording.
  // Only explicit counterfeit wording overrides it, not hedging (冰墩墩同款 … 适用于苹果).
  const blocked = compatibility !== undefined && counterfeit.length === 0;
  if (blocked) ex.add('guard.compatibility', located(compatibility));

  const aggravated = evasion !== undefined || otherSignal;
  if (aggravated && !blocked && ex.score() >= thresholds.flag)
    return hit(evasion ? 'trademark.evasion' : 'trademark.counterfeit', 'lead');

  // Not a lead: a watch signal when the listing states a fit, a grey channel or an authenticity claim.
  if (blocked) {
    ex.add('watch.referential', located(compatibility));
    return hit('trademark.referential', 'watch');
  }
  if (daigou) {
    ex.add('watch.grey_channel', located(daigou), daigou.term);
    return hit('trademark.grey_channel', 'watch');
  }
  if (authenticity) {
    ex.add('watch.authenticity_claim', located(authenticity), authenticity.term);
    return hit('trademark.authenticity_claim', 'watch');
  }
  return hit('trademark.use');
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
