import type { Listing, Right } from '../../model/index.js';
import { PLATFORMS, type PlatformId } from '../platformIds.js';
import { hash32, Rng } from '../rng.js';
import {
  drawPrice,
  groupOfCategory,
  normalizeSearchText,
  pickDistinct,
  prefixSums,
  tokensOf,
} from './catalogHelpers.js';
import { listingId, platformOf } from './listingIds.js';
import { CASES, type CaseSpec, type ExpectedHit, type Variant } from './cases.js';
import { DESCRIPTION_PHRASES, GOODS, type Product } from './goods.js';
import { NAMED_SELLERS } from './namedSellers.js';
import {
  namedSellerInfo,
  parsePoolSellerId,
  poolSeller,
  poolSizeFor,
  printedOutside,
  sellerLocation,
  type SellerInfo,
} from './sellers.js';

/*
 * The whole marketplace as a function of (seed, listings): listing i is derived from hash(seed, i) when asked
 * for. What is kept in memory is compact: per listing a 16-bit "search key" and a 32-bit seller index, and two
 * CSR indexes (key → listings, seller → listings) as typed arrays — about 20 bytes per listing.
 *
 * Layout: listings come in blocks of BLOCK; each block holds one planted case (or hard negative) at a
 * position drawn from the seed, cycling through CASES so that every case appears once there are
 * BLOCK × CASES.length listings. Listing i is on platform PLATFORMS[i % 3].
 */

export { listingId, parseListingId, platformOf } from './listingIds.js';
export { groupOfCategory, normalizeSearchText } from './catalogHelpers.js';

export const BLOCK = 9;
const SALT_BLOCK = 0xb10c;
const SALT_LISTING = 0x11571;

export interface CatalogOptions {
  seed: number;
  listings: number;
  /** Base URL used in listing URLs and image URLs, e.g. `http://127.0.0.1:8090`. */
  baseUrl: string;
  /** capturedAt of generated listings (the truth file's moment of judgement). */
  capturedAt: string;
  /** The watch list: gives brand names to the search attribute of planted listings. */
  rights: readonly Right[];
}

export interface GeneratedListing {
  index: number;
  listing: Listing;
  expected: ExpectedHit[];
  /** The planted case id, when the listing is one. */
  caseId?: string;
  kind: 'ordinary' | CaseSpec['kind'];
}

interface KeyInfo {
  /** Ordinary product, or a case variant. */
  product?: { group: number; product: Product };
  caseIndex?: number;
  variant?: Variant;
  tokens: string[];
}

function asVariant(v: string | Variant): Variant {
  return typeof v === 'string' ? { title: v } : v;
}

export class Catalog {
  readonly seed: number;
  readonly size: number;
  readonly poolSize: number;
  readonly baseUrl: string;
  readonly capturedAt: string;
  private readonly keys: KeyInfo[] = [];
  private readonly caseKeyBase: number[] = [];
  private readonly listingKey: Uint16Array;
  private readonly listingSeller: Uint32Array;
  private readonly keyOffsets: Uint32Array;
  private readonly keyListings: Uint32Array;
  private readonly sellerOffsets: Uint32Array;
  private readonly sellerListings: Uint32Array;
  private readonly rights: Map<string, Right>;
  private readonly outsideCache = new Map<string, Uint32Array>();
  private readonly searchCache = new Map<string, Uint32Array>();

  constructor(options: CatalogOptions) {
    if (!Number.isInteger(options.listings) || options.listings < 1 || options.listings > 99_999_999) {
      throw new Error(`listings: expected an integer from 1 to 99999999, got ${options.listings}`);
    }
    this.seed = options.seed | 0;
    this.size = options.listings;
    this.poolSize = poolSizeFor(this.size);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.capturedAt = options.capturedAt;
    this.rights = new Map(options.rights.map((r) => [r.id, r]));
    this.buildKeys();
    const n = this.size;
    this.listingKey = new Uint16Array(n);
    this.listingSeller = new Uint32Array(n);
    const sellerCount = this.poolSize + NAMED_SELLERS.length;
    const keyCounts = new Uint32Array(this.keys.length + 1);
    const sellerCounts = new Uint32Array(sellerCount + 1);
    for (let i = 0; i < n; i++) {
      const { key, seller } = this.assign(i);
      this.listingKey[i] = key;
      this.listingSeller[i] = seller;
      keyCounts[key + 1]!++;
      sellerCounts[seller + 1]!++;
    }
    this.keyOffsets = prefixSums(keyCounts);
    this.sellerOffsets = prefixSums(sellerCounts);
    this.keyListings = new Uint32Array(n);
    this.sellerListings = new Uint32Array(n);
    const keyFill = this.keyOffsets.slice();
    const sellerFill = this.sellerOffsets.slice();
    for (let i = 0; i < n; i++) {
      this.keyListings[keyFill[this.listingKey[i]!]!++] = i;
      this.sellerListings[sellerFill[this.listingSeller[i]!]!++] = i;
    }
  }

  private buildKeys(): void {
    GOODS.forEach((group, g) =>
      group.products.forEach((product) =>
        this.keys.push({ product: { group: g, product }, tokens: tokensOf(product.name, product.category) }),
      ),
    );
    CASES.forEach((spec, c) => {
      this.caseKeyBase.push(this.keys.length);
      for (const raw of spec.titles) {
        const variant = asVariant(raw);
        const brandIds = variant.brands ?? spec.brands;
        const brandNames = brandIds.flatMap((id) => {
          const right = this.rights.get(id);
          return right && right.kind !== 'patent' ? [right.name, ...right.aliases] : [];
        });
        this.keys.push({
          caseIndex: c,
          variant,
          tokens: [
            ...tokensOf(variant.title, variant.category ?? spec.category),
            ...brandNames.map(normalizeSearchText),
            ...(spec.keywords ?? []).map(normalizeSearchText),
          ],
        });
      }
    });
    if (this.keys.length > 0xffff) throw new Error('too many search keys for a 16-bit index');
  }

  /** Which case (if any) block b holds, and at which listing index. */
  private blockCase(block: number): { index: number; caseIndex: number; variantIndex: number } | null {
    const caseIndex = block % CASES.length;
    const spec = CASES[caseIndex] as CaseSpec;
    const variantIndex = Math.floor(block / CASES.length) % spec.titles.length;
    const start = block * BLOCK;
    const end = Math.min(this.size, start + BLOCK);
    // Each repetition of a case goes to the next platform, so 3 × BLOCK × CASES.length listings put every
    // case on every platform it may appear on.
    const cycle = Math.floor(block / CASES.length);
    const platforms = spec.platforms ?? PLATFORMS;
    const preferred = platforms[(cycle + caseIndex) % platforms.length] as PlatformId;
    const allowed: number[] = [];
    for (let i = start; i < end; i++) if (platformOf(i) === preferred) allowed.push(i);
    if (allowed.length === 0) {
      for (let i = start; i < end; i++) if (platforms.includes(platformOf(i))) allowed.push(i);
    }
    if (allowed.length === 0) return null;
    const index = allowed[hash32(this.seed, SALT_BLOCK, block) % allowed.length] as number;
    return { index, caseIndex, variantIndex };
  }

  private assign(i: number): { key: number; seller: number } {
    const slot = this.blockCase(Math.floor(i / BLOCK));
    const rng = new Rng(this.seed, SALT_LISTING, i);
    if (slot && slot.index === i) {
      const spec = CASES[slot.caseIndex] as CaseSpec;
      return {
        key: (this.caseKeyBase[slot.caseIndex] as number) + slot.variantIndex,
        seller: this.caseSeller(spec, i, rng),
      };
    }
    const group = rng.int(GOODS.length);
    const products = GOODS[group]?.products ?? [];
    let key = 0;
    for (let g = 0; g < group; g++) key += GOODS[g]?.products.length ?? 0;
    key += rng.int(products.length);
    // A pool seller of this goods group: j ≡ group (mod groups).
    const seller = group + GOODS.length * rng.int(this.perGroup(group));
    return { key, seller };
  }

  private caseSeller(spec: CaseSpec, i: number, rng: Rng): number {
    const seller = spec.seller;
    if ('named' in seller) {
      const k = NAMED_SELLERS.findIndex((s) => s.id === seller.named);
      if (k < 0) throw new Error(`case ${spec.id}: unknown named seller ${seller.named}`);
      return this.poolSize + k;
    }
    // Prefer a shop of the goods group the case's category belongs to (a tea shop sells the tea).
    const group = groupOfCategory(spec.category);
    if (seller.pool === 'any') {
      if (group < 0) return rng.int(this.poolSize);
      return group + GOODS.length * rng.int(this.perGroup(group));
    }
    const eligible = this.outsideSellers(platformOf(i), seller.areaCodes);
    if (eligible.length === 0) throw new Error(`case ${spec.id}: no pool seller outside ${seller.areaCodes}`);
    const inGroup = group < 0 ? [] : Array.from(eligible).filter((j) => j % GOODS.length === group);
    const from = inGroup.length > 0 ? inGroup : Array.from(eligible);
    return from[rng.int(from.length)] as number;
  }

  /** How many pool sellers belong to a goods group (j ≡ group mod groups). */
  private perGroup(group: number): number {
    return Math.max(1, Math.floor((this.poolSize - group - 1) / GOODS.length) + 1);
  }

  /** Pool sellers (first 600 at most) whose printed location is definitely outside the areas. */
  private outsideSellers(platform: PlatformId, areaCodes: readonly string[]): Uint32Array {
    const cacheKey = `${platform}:${areaCodes.join(',')}`;
    let list = this.outsideCache.get(cacheKey);
    if (!list) {
      const found: number[] = [];
      const limit = Math.min(this.poolSize, 600);
      for (let j = 0; j < limit; j++) {
        const s = poolSeller(this.seed, j, platform);
        if (printedOutside(s, platform, areaCodes)) found.push(j);
      }
      list = Uint32Array.from(found);
      this.outsideCache.set(cacheKey, list);
    }
    return list;
  }

  seller(index: number, platform: PlatformId): SellerInfo {
    return index >= this.poolSize
      ? namedSellerInfo(this.poolSize, index - this.poolSize)
      : poolSeller(this.seed, index, platform);
  }

  /** The seller index for a seller id on a platform, or null. */
  sellerIndex(platform: PlatformId, id: string): number | null {
    const k = NAMED_SELLERS.findIndex((s) => s.id === id);
    if (k >= 0) return this.poolSize + k;
    const j = parsePoolSellerId(platform, id);
    return j !== null && j < this.poolSize ? j : null;
  }

  /** Listing indices of a seller on a platform, ascending. */
  sellerListingIndices(sellerIndex: number, platform: PlatformId): number[] {
    const out: number[] = [];
    const from = this.sellerOffsets[sellerIndex] ?? 0;
    const to = this.sellerOffsets[sellerIndex + 1] ?? from;
    for (let k = from; k < to; k++) {
      const i = this.sellerListings[k] as number;
      if (platformOf(i) === platform) out.push(i);
    }
    return out;
  }

  /** The listing at index i, with its labels. */
  listingAt(i: number, generation = 0): GeneratedListing {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) throw new RangeError(`no listing ${i}`);
    const platform = platformOf(i);
    const key = this.keys[this.listingKey[i] as number] as KeyInfo;
    const seller = this.seller(this.listingSeller[i] as number, platform);
    const rng = new Rng(this.seed, SALT_LISTING, i, 1);
    const id = listingId(i, generation);
    let title: string;
    let category: string;
    let price: number;
    let description: string;
    let expected: ExpectedHit[] = [];
    let caseId: string | undefined;
    let kind: GeneratedListing['kind'] = 'ordinary';
    if (key.product) {
      const group = GOODS[key.product.group]!;
      const product = key.product.product;
      const mods = pickDistinct(rng, group.modifiers, rng.chance(0.5) ? 2 : 1);
      const spec = rng.chance(0.6) ? [rng.pick(group.specs)] : [];
      title = [...mods, product.name, ...spec].join(' ');
      category = product.category;
      price = drawPrice(rng, product.price);
      description = `${title}。${pickDistinct(rng, DESCRIPTION_PHRASES, 3).join('')}`;
    } else {
      const spec = CASES[key.caseIndex as number] as CaseSpec;
      const variant = key.variant as Variant;
      title = variant.title;
      category = variant.category ?? spec.category;
      price = drawPrice(rng, spec.price);
      description = spec.description
        ? spec.description.replaceAll('{title}', title)
        : `${title}。${pickDistinct(rng, DESCRIPTION_PHRASES, 3).join('')}`;
      expected = (variant.expected ?? spec.expected).map((e) => ({ ...e }));
      caseId = spec.id;
      kind = spec.kind;
    }
    const { location, regionCode } = sellerLocation(seller, platform);
    const listing: Listing = {
      id,
      platform,
      url: `${this.baseUrl}/${platform}/item/${id}`,
      title,
      description,
      category,
      price,
      sales: Math.floor(Math.exp(rng.next() * Math.log(50_000))) - 1,
      seller: { id: seller.id, name: seller.name, location, ...(regionCode ? { regionCode } : {}) },
      images: [`${this.baseUrl}/${platform}/img/${id}.svg`],
      capturedAt: this.capturedAt,
    };
    return { index: i, listing, expected, ...(caseId ? { caseId } : {}), kind };
  }

  /** Indices of planted cases and hard negatives, ascending. */
  *caseIndices(): Generator<number> {
    const blocks = Math.ceil(this.size / BLOCK);
    for (let b = 0; b < blocks; b++) {
      const slot = this.blockCase(b);
      if (slot) yield slot.index;
    }
  }

  /** Listing indices on a platform matching every whitespace-separated term of the query, ascending. */
  search(platform: PlatformId, query: string): Uint32Array {
    const cacheKey = `${platform}\u0000${query}`;
    const cached = this.searchCache.get(cacheKey);
    if (cached) return cached;
    const terms = normalizeSearchText(query)
      .split(/\s+/u)
      .filter((t) => t !== '');
    let result: Uint32Array;
    if (terms.length === 0) {
      result = new Uint32Array(0);
    } else {
      const keys: number[] = [];
      this.keys.forEach((k, n) => {
        if (terms.every((t) => k.tokens.some((token) => token.includes(t)))) keys.push(n);
      });
      const p = PLATFORMS.indexOf(platform);
      let total = 0;
      for (const k of keys) total += (this.keyOffsets[k + 1] as number) - (this.keyOffsets[k] as number);
      const all = new Uint32Array(total);
      let w = 0;
      for (const k of keys) {
        for (let x = this.keyOffsets[k] as number; x < (this.keyOffsets[k + 1] as number); x++) {
          const i = this.keyListings[x] as number;
          if (i % PLATFORMS.length === p) all[w++] = i;
        }
      }
      result = all.subarray(0, w).sort();
    }
    if (this.searchCache.size >= 64) this.searchCache.delete(this.searchCache.keys().next().value as string);
    this.searchCache.set(cacheKey, result);
    return result;
  }
}
