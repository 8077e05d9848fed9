import type { Hit, Listing, Reason, Right } from '../model/index.js';

const REASON_BY_KIND: Record<Exclude<Right['kind'], 'patent'>, Reason> = {
  trademark: 'trademark.use',
  gi: 'gi.origin_mismatch',
  special: 'special.unauthorized',
};

function isAuthorized(right: Right, listing: Listing): boolean {
  if (right.kind === 'patent') return false;
  return right.authorizedSellers.some(
    (s) =>
      (s.sellerId ? s.sellerId === listing.seller.id : s.name === listing.seller.name) &&
      (!s.platform || s.platform === listing.platform),
  );
}

/**
 * The thin-slice matcher: a hit wherever the listing title contains a watched name or alias verbatim.
 * It sees through no evasion at all; the matching engine replaces it.
 */
export function matchExactName(listing: Listing, rights: readonly Right[]): Hit[] {
  const hits: Hit[] = [];
  for (const right of rights) {
    if (right.kind === 'patent') continue;
    for (const name of [right.name, ...right.aliases]) {
      const start = listing.title.indexOf(name);
      if (start < 0) continue;
      const flagged = !isAuthorized(right, listing);
      hits.push({
        listingId: listing.id,
        rightId: right.id,
        kind: right.kind,
        reason: REASON_BY_KIND[right.kind],
        score: flagged ? 1 : 0.2,
        flagged,
        rules: [
          { rule: 'exact_name', field: 'title', span: [start, start + name.length], text: name, weight: 1 },
        ],
      });
      break;
    }
  }
  return hits;
}
