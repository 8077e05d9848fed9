import type { GiRight, Hit, Listing, Tier } from '../model/index.js';
import { hitRecord } from './hitRecord.js';
import { regionByCode, regionRelation, resolveLocation, type Region } from '../reference/regions.js';
import { Explanation, type PolicyEnv } from './explanation.js';
import type { GoodsClassifier } from './goodsClasses.js';
import type { ListingContext } from './listingContext.js';
import type { Mention } from './text/index.js';
import { isEvasion } from './trademarkPolicy.js';
import { authorizedEntry } from './sellerAuthorization.js';

/*
 * GI flag policy (issue #5 "Flag policy" 2): goods of the GI's category sold under the GI name (or an evasion
 * form) by a seller whose location is definitely outside the protected area. Packaging or containers sold
 * under the GI name (empty tins, gift boxes, crab rope) are a watch signal `gi.packaging` (issue 13): not the
 * GI's goods, but 假包装 is itself an enforcement target.
 */

const LEVEL_RANK = { province: 1, city: 2, county: 3 } as const;

/** The most specific region the seller's printed location or region code names, or null. */
export function sellerRegion(seller: Listing['seller']): Region | null {
  const byCode = seller.regionCode ? (regionByCode(seller.regionCode) ?? null) : null;
  const byText = seller.location ? resolveLocation(seller.location) : null;
  if (!byCode) return byText;
  if (!byText) return byCode;
  return LEVEL_RANK[byText.level] > LEVEL_RANK[byCode.level] ? byText : byCode;
}

/** inside if the seller is inside any part of the area; contains if only too coarse to tell; else outside. */
export function areaRelation(
  areaCodes: readonly string[],
  sellerCode: string,
): 'inside' | 'contains' | 'outside' {
  const relations = areaCodes.map((code) => regionRelation(code, sellerCode));
  if (relations.includes('inside')) return 'inside';
  if (relations.includes('contains')) return 'contains';
  return 'outside';
}

export function giHit(
  right: GiRight,
  mentions: readonly Mention[],
  ctx: ListingContext,
  goodsClassifier: GoodsClassifier,
  { weights, thresholds }: PolicyEnv,
): Hit | null {
  const { listing } = ctx;
  const used = mentions.filter((m) => !m.insideWord);
  const mark = used.find(isEvasion) ?? used[0];
  if (!mark) return null;

  // The goods must be of the GI's category; a listing whose goods cannot be read is taken at the GI's name
  // (西湖龙井 names a tea), one whose goods are something else is not (西湖龙井杯 is a cup).
  const giGroups = goodsClassifier.groupsNamed(right.category);
  if (authorizedEntry(right.authorizedSellers, listing)) return null;
  const ex = new Explanation(weights);
  const where = { field: mark.field, span: mark.span, text: mark.text };

  // Packaging: a container word, and no goods of the GI's category named in the title apart from the GI name
  // and the container words (茶叶罐 is not tea; 龙井 绿茶 送铁罐 is). A category is no evidence against the
  // container words (茶具/茶叶罐 names tea too).
  const packaging = ctx.vocabulary('packaging');
  if (packaging.length > 0) {
    const skip = [...used, ...packaging].filter((x) => x.field === 'title').map((x) => x.span);
    const reading = ctx.goods(skip);
    const goodsNamed = reading.source === 'title' && reading.evidence.some((e) => giGroups.includes(e.group));
    if (!goodsNamed) {
      const p = packaging[0]!;
      if (isEvasion(mark)) ex.add('gi.evasion', where, mark.evasions.join(','));
      else ex.add('gi.name', where);
      ex.add('gi.packaging', { field: p.field, span: p.span, text: p.text }, p.term);
      return hit('gi.packaging', 'watch');
    }
  }

  const goods = ctx.goods();
  const match = goods.evidence.find((e) => giGroups.includes(e.group));
  if (goods.source !== 'none' && !match) return null;

  if (isEvasion(mark)) ex.add('gi.evasion', where, mark.evasions.join(','));
  else ex.add('gi.name', where);
  if (match)
    ex.add('category.gi_goods', { field: match.field, span: match.span, text: match.text }, match.group.id);
  else ex.add('category.gi_goods', where, 'by_name');
  for (const v of ctx.vocabulary('gi_origin').slice(0, 1))
    ex.add('context.gi_origin_claim', { field: v.field, span: v.span, text: v.text });

  const region = sellerRegion(listing.seller);
  const sellerText = listing.seller.location ?? listing.seller.regionCode ?? '';
  let flagged = false;
  if (!region) ex.add('location.unknown', { field: 'seller', text: sellerText });
  else {
    const relation = areaRelation(right.protectedArea.regionCodes, region.code);
    if (relation === 'inside') return null;
    if (relation === 'contains')
      ex.add('location.too_coarse', { field: 'seller', text: sellerText }, region.code);
    else {
      ex.add('location.outside', { field: 'seller', text: sellerText }, region.code);
      flagged = ex.score() >= thresholds.flag;
    }
  }
  return hit('gi.origin_mismatch', flagged ? 'lead' : undefined);

  function hit(reason: 'gi.origin_mismatch' | 'gi.packaging', tier: Tier | undefined): Hit {
    return hitRecord(listing.id, right.id, 'gi', reason, ex.score(), tier, ex.fires);
  }
}
