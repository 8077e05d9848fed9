import type { AuthorizedSeller, Listing } from '../model/index.js';

/**
 * Whether the listing's seller is on a right's authorised list: by platform + seller id when the entry has
 * an id, otherwise by shop name (on the entry's platform, if any), or by unified social credit code.
 */
export function authorizedEntry(
  sellers: readonly AuthorizedSeller[],
  listing: Pick<Listing, 'platform' | 'seller'>,
): AuthorizedSeller | undefined {
  const { seller } = listing;
  return sellers.find((s) => {
    if (s.creditCode && seller.creditCode && s.creditCode === seller.creditCode) return true;
    if (s.platform && s.platform !== listing.platform) return false;
    return s.sellerId ? s.sellerId === seller.id : s.name.trim() === seller.name.trim();
  });
}

/** True when the capture day (China calendar) falls within [validFrom, validTo], inclusive. */
export function validOn(right: { validFrom: string; validTo: string }, day: string): boolean {
  return right.validFrom <= day && day <= right.validTo;
}
