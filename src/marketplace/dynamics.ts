import type { Listing } from '../model/index.js';
import { unit } from './rng.js';

/*
 * How listings change between crawls. Time is counted in epochs; in each epoch a listing is edited with
 * probability editRate and taken down (then relisted by the same seller under a new id) with probability
 * takedownRate. Both are pure functions of (seed, listing, epoch).
 */

const SALT_EDIT = 0xed17;
const SALT_TAKEDOWN = 0x7d0;
const SALT_STYLE = 0x57e;
/** Ids carry the relisting generation in one digit. */
export const MAX_GENERATION = 9;

/** Relisting generation of listing i at an epoch: how many takedowns it has been through. */
export function generationAt(seed: number, index: number, epoch: number, takedownRate: number): number {
  if (takedownRate <= 0) return 0;
  let generation = 0;
  for (let e = 1; e <= epoch && generation < MAX_GENERATION; e++) {
    if (unit(seed, SALT_TAKEDOWN, index, e) < takedownRate) generation++;
  }
  return generation;
}

/** The latest epoch (≤ epoch) in which listing i was edited, or 0. */
export function lastEditEpoch(seed: number, index: number, epoch: number, editRate: number): number {
  if (editRate <= 0) return 0;
  for (let e = epoch; e >= 1; e--) if (unit(seed, SALT_EDIT, index, e) < editRate) return e;
  return 0;
}

const EDIT_TAGS = ['限时特惠', '新品上市', '热卖中', '顺丰包邮', '年货节'] as const;

/** Applies edit number `editEpoch` to an ordinary listing: a tag added to the title and a new price. */
export function applyEdit(listing: Listing, seed: number, index: number, editEpoch: number): Listing {
  if (editEpoch === 0) return listing;
  const tag = EDIT_TAGS[editEpoch % EDIT_TAGS.length] as string;
  const factor = 0.8 + unit(seed, SALT_EDIT, index, editEpoch, 1) * 0.3;
  const price = Math.max(0.01, Math.round((listing.price ?? 0) * factor * 100) / 100);
  return { ...listing, title: `${listing.title} ${tag}`, price };
}

/** Whether a taken-down listing answers 404 (true) or a 200 下架 page. */
export function takedownAnswers404(seed: number, index: number, style: '404' | 'page' | 'mixed'): boolean {
  if (style !== 'mixed') return style === '404';
  return unit(seed, SALT_STYLE, index) < 0.5;
}
