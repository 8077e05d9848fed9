import type { Hit, SpecialRight, Tier } from '../model/index.js';
import { hitRecord } from './hitRecord.js';
import { Explanation, type PolicyEnv, type Where } from './explanation.js';
import { sameFieldOverlap, type ListingContext } from './listingContext.js';
import type { Mention } from './text/index.js';
import { isEvasion } from './trademarkPolicy.js';
import { authorizedEntry, validOn } from './sellerAuthorization.js';

/*
 * Special-mark flag policy (issue #5 "Flag policy" 3): commercial use of a watched Olympic or special mark, or
 * an evasion form, by a seller who is not authorised, while the mark is valid. A mention that is part of a
 * news phrase (奥运冠军, 奥运期间) is down-weighted (matching.md §12); a mark named only in a news phrase,
 * or in a listing that is about news, exams or history (真题, 试卷, 历史, 回顾), is a watch signal
 * `special.news_context` (issue 13), never a lead.
 */
export function specialHit(
  right: SpecialRight,
  mentions: readonly Mention[],
  ctx: ListingContext,
  { weights, thresholds }: PolicyEnv,
): Hit | null {
  const { listing } = ctx;
  const used = mentions.filter((m) => !m.insideWord);
  if (used.length === 0 || !validOn(right, ctx.day)) return null;
  if (authorizedEntry(right.authorizedSellers, listing)) return null;

  const news = ctx.vocabulary('news');
  const inNews = (m: Mention) => news.some((n) => sameFieldOverlap(n, m));
  const commercial = used.filter((m) => !inNews(m));
  const mark = commercial.find(isEvasion) ?? commercial[0] ?? used[0];
  if (!mark) return null;

  const ex = new Explanation(weights);
  const where = { field: mark.field, span: mark.span, text: mark.text };
  if (isEvasion(mark)) ex.add('special.evasion', where, mark.evasions.join(','));
  else ex.add('special.name', where);
  ex.add('special.commercial_use', { field: 'seller', text: listing.seller.name });
  let context: Where | undefined;
  if (commercial.length === 0) {
    const phrase = news.find((n) => sameFieldOverlap(n, mark));
    if (phrase) {
      context = { field: phrase.field, span: phrase.span, text: phrase.text };
      ex.add('guard.news_phrase', context);
    }
  }
  const editorial = ctx.vocabulary('editorial')[0];
  if (editorial) {
    const where = { field: editorial.field, span: editorial.span, text: editorial.text };
    ex.add('guard.editorial_context', where, editorial.term);
    context ??= where;
  }
  if (context) ex.add('watch.news_context', context);
  const tier: Tier | undefined = context ? 'watch' : ex.score() >= thresholds.flag ? 'lead' : undefined;
  const reason = context ? 'special.news_context' : 'special.unauthorized';
  return hitRecord(listing.id, right.id, 'special', reason, ex.score(), tier, ex.fires);
}
