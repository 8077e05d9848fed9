import { regionRelation } from '../../reference/regions.js';
import type { PlatformId } from '../platformIds.js';
import { GOODS, SHOP_SUFFIXES } from './goods.js';
import { POOL_COUNTIES, printLocation, printedRegionCode } from './locations.js';
import { NAMED_SELLERS, type NamedSeller } from './namedSellers.js';
import { Rng } from '../rng.js';
import { regionPath } from '../../reference/regions.js';

/*
 * The seller pool: seller j is a pure function of (seed, j). Pool sellers are never authorized for any right
 * and their names never contain a mark or an "official" claim. Named sellers follow the pool in the index
 * space: index poolSize + k is NAMED_SELLERS[k].
 */

export interface SellerInfo {
  index: number;
  /** Seller id on the given platform. */
  id: string;
  name: string;
  regionCode: string;
  withCounty: boolean;
  /** GOODS group index; -1 for named sellers. */
  group: number;
  named: boolean;
}

const NAME_HEADS = ['鑫', '恒', '佳', '优', '鸿', '顺', '福', '诚', '嘉', '润', '瑞', '兴'] as const;
const NAME_TAILS = ['盛', '源', '达', '品', '祥', '悦', '和', '泰', '丰', '宜'] as const;

const SALT_SELLER = 0x5e11e7;

/** Ordinary sellers for N listings: about one per 25 listings, at least 60, at most 40 000. */
export function poolSizeFor(listings: number): number {
  return Math.min(40_000, Math.max(60, Math.round(listings / 25)));
}

const cityNames = new Map<string, string>();

function cityShortName(code: string): string {
  let name = cityNames.get(code);
  if (name === undefined) {
    const path = regionPath(code);
    const city = path.find((r) => r.level === 'city') ?? path[0];
    name = (city?.name ?? '').replace(/(市|地区|自治州)$/u, '');
    cityNames.set(code, name);
  }
  return name;
}

export function poolSeller(seed: number, j: number, platform: PlatformId): SellerInfo {
  const rng = new Rng(seed, SALT_SELLER, j);
  const regionCode = rng.pick(POOL_COUNTIES);
  const withCounty = rng.chance(0.75);
  const group = j % GOODS.length;
  const goods = GOODS[group];
  const name =
    cityShortName(regionCode) +
    rng.pick(NAME_HEADS) +
    rng.pick(NAME_TAILS) +
    rng.pick(goods?.shopWords ?? ['百货']) +
    rng.pick(SHOP_SUFFIXES);
  return { index: j, id: poolSellerId(platform, j), name, regionCode, withCounty, group, named: false };
}

export function poolSellerId(platform: PlatformId, j: number): string {
  if (platform === 'shopa') return String(1_000_000 + j);
  if (platform === 'shopb') return String(2_200_000_000 + j);
  return `shop${j.toString(36).padStart(4, '0')}`;
}

/** The pool index of a pool seller id on a platform, or null. */
export function parsePoolSellerId(platform: PlatformId, id: string): number | null {
  let j: number;
  if (platform === 'shopc') {
    const m = /^shop([0-9a-z]{4,})$/.exec(id);
    if (!m?.[1]) return null;
    j = parseInt(m[1], 36);
    if (poolSellerId('shopc', j) !== id) return null;
  } else {
    if (!/^\d+$/.test(id)) return null;
    j = Number(id) - (platform === 'shopa' ? 1_000_000 : 2_200_000_000);
  }
  return Number.isSafeInteger(j) && j >= 0 ? j : null;
}

export function namedSellerInfo(poolSize: number, k: number): SellerInfo {
  const s = NAMED_SELLERS[k] as NamedSeller;
  return {
    index: poolSize + k,
    id: s.id,
    name: s.name,
    regionCode: s.regionCode,
    withCounty: s.withCounty,
    group: -1,
    named: true,
  };
}

/** The printed location and the region code derived from it. */
export function sellerLocation(
  seller: SellerInfo,
  platform: PlatformId,
): { location: string; regionCode: string | undefined } {
  // Few distinct (region, platform, county shown) combinations exist, and parsing a location is slow.
  const key = `${seller.regionCode}|${platform}|${seller.withCounty ? 1 : 0}`;
  let found = locationCache.get(key);
  if (!found) {
    const location = printLocation(seller.regionCode, platform, seller.withCounty);
    found = { location, regionCode: printedRegionCode(location) };
    locationCache.set(key, found);
  }
  return found;
}

const locationCache = new Map<string, { location: string; regionCode: string | undefined }>();

/** True when the seller's printed location on this platform is definitely outside every area. */
export function printedOutside(
  seller: SellerInfo,
  platform: PlatformId,
  areaCodes: readonly string[],
): boolean {
  const { regionCode } = sellerLocation(seller, platform);
  if (!regionCode) return false;
  return areaCodes.every((area) => regionRelation(area, regionCode) === 'outside');
}
