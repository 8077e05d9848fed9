import { Rng } from '../rng.js';
import { GOODS } from './goods.js';

/*
 * Small pure helpers of the catalog's generation: search tokens, the goods group of a category, prices that
 * look like shop prices, distinct picks and CSR offsets.
 */

/** Search text normalisation: full-width → ASCII, case-insensitive. */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Category path prefix → GOODS group, for choosing a plausible shop for a planted listing. */
const CATEGORY_GROUPS: readonly [RegExp, string][] = [
  [/^(食品饮料|粮油调味|酒类)\//u, 'food'],
  [/^茶\//u, 'tea'],
  [/^生鲜\//u, 'fresh'],
  [/^(医药保健|医疗器械)\//u, 'medical'],
  [/^(数码|手机|电脑|个护)\//u, 'digital'],
  [/^家用电器\//u, 'appliance'],
  [/^汽车用品\//u, 'auto'],
  [/^(服饰|服饰配件)\//u, 'apparel'],
  [/^(运动户外|鞋靴|箱包)\//u, 'shoesbags'],
  [/^农资\//u, 'farm'],
  [/^(美妆护肤|彩妆)\//u, 'cosmetics'],
  [/^(母婴|玩具|收藏)\//u, 'baby'],
  [/^(家居|家装|家纺|厨房用品)\//u, 'home'],
];

export function groupOfCategory(category: string): number {
  const name = CATEGORY_GROUPS.find(([re]) => re.test(category))?.[1];
  return name ? GOODS.findIndex((g) => g.group === name) : -1;
}

export function tokensOf(title: string, category: string): string[] {
  return [...title.split(/\s+/u), ...category.split('/')].filter((t) => t !== '').map(normalizeSearchText);
}

export function prefixSums(counts: Uint32Array): Uint32Array {
  const out = new Uint32Array(counts.length);
  let sum = 0;
  for (let k = 0; k < counts.length; k++) {
    sum += counts[k] as number;
    out[k] = sum;
  }
  // counts[0] is 0 and counts[k + 1] holds key k: out[k] is the start of key k.
  return out;
}

export function pickDistinct<T>(rng: Rng, items: readonly T[], n: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(rng.int(pool.length), 1)[0] as T);
  return out;
}

/** A price in [min, max] ending the way shops price things (…9, …9.9, …8). */
export function drawPrice(rng: Rng, [min, max]: readonly [number, number]): number {
  const raw = min + rng.next() * (max - min);
  const endings = raw < 20 ? [0.9, 0.5, 0.8] : [0, 0.9, 0];
  let price = Math.floor(raw) + rng.pick(endings);
  if (raw >= 100) price = Math.floor(raw / 10) * 10 + rng.pick([9, 8, 9]);
  price = Math.min(max, Math.max(min, price));
  return Math.round(price * 100) / 100;
}
