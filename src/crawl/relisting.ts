import { createHash } from 'node:crypto';
import type { Listing } from '../model/index.js';

/*
 * Relisting (a listing taken down and put up again under a new id) is recognised by keys of its content:
 * the same seller with the same title, or — when the title was edited too — with the same category and
 * description. Texts are normalised (NFKC, lower case, no spaces, punctuation or symbols) and hashed; the
 * store indexes the keys per seller, so the check is an index probe inside the commit.
 */

function normalized(text: string | undefined): string {
  return (text ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

const digest = (text: string) => createHash('sha1').update(text).digest('base64url');

/** A description shorter than this says too little to identify a listing. */
const MIN_DESCRIPTION = 8;

export function relistingKeys(listing: Listing): string[] {
  const keys = [`t:${digest(normalized(listing.title))}`];
  const description = normalized(listing.description);
  if (description.length >= MIN_DESCRIPTION) {
    keys.push(`d:${digest(`${normalized(listing.category)}\u0000${description}`)}`);
  }
  return keys;
}
