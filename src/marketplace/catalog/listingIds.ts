import { PLATFORMS, type PlatformId } from '../platformIds.js';

/*
 * Listing ids: the platform of listing i, and its item id in each relisting generation. An id names its
 * platform by its first character (1 shopa, 6 shopb, c shopc), as real platforms' ids look different.
 */

export function platformOf(index: number): PlatformId {
  return PLATFORMS[index % PLATFORMS.length] as PlatformId;
}

const ID_PREFIX: Record<PlatformId, string> = { shopa: '1', shopb: '6', shopc: 'c' };

/** Item id of listing `index` in relisting generation `generation` (0 = original). */
export function listingId(index: number, generation = 0): string {
  const platform = platformOf(index);
  return `${ID_PREFIX[platform]}${generation}${String(index).padStart(8, '0')}`;
}

/** Inverse of listingId for a platform, or null. */
export function parseListingId(
  platform: PlatformId,
  id: string,
): { index: number; generation: number } | null {
  const m = /^([16c])(\d)(\d{8})$/.exec(id);
  if (!m || m[1] !== ID_PREFIX[platform]) return null;
  const index = Number(m[3]);
  if (platformOf(index) !== platform) return null;
  return { index, generation: Number(m[2]) };
}
