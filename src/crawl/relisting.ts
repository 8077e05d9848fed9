import type { Listing } from '../model/index.js';

/*
 * Is a new listing a relisting of an older one (taken down, put up again under a new id)? Same platform and
 * seller, and the same title, or — when the title was edited as well — the same category and description.
 * Pure; the store offers the candidates (the seller's other listings) inside the commit transaction.
 */

function normalized(text: string | undefined): string {
  return (text ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

export function isRelisting(previous: Listing, current: Listing): boolean {
  if (previous.id === current.id || previous.platform !== current.platform) return false;
  if (previous.seller.id !== current.seller.id) return false;
  if (normalized(previous.title) === normalized(current.title)) return true;
  const description = normalized(current.description);
  return (
    description.length >= 8 &&
    description === normalized(previous.description) &&
    normalized(previous.category) === normalized(current.category)
  );
}
