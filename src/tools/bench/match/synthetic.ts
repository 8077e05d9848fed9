import iconv from 'iconv-lite';
import type { Listing, Right } from '../../../model/index.js';

/*
 * Synthetic watch lists and listing titles for the match bench (matching.md §10): marks 70 % CJK of 2–6
 * characters, Zipf over a 3,000-character pool, 30 % Latin of 4–10 letters; titles of ~44 UTF-16 units with
 * spaces, digits and an upper-case Latin token. Deterministic for a seed.
 */

/** The first 3,000 characters of GB 2312 level 1 (the commonest Han characters, in pinyin order). */
export function hanPool(): string[] {
  const bytes: number[] = [];
  for (let hi = 0xb0; hi <= 0xd7; hi++) for (let lo = 0xa1; lo <= 0xfe; lo++) bytes.push(hi, lo);
  return [...iconv.decode(Buffer.from(bytes), 'gb2312')]
    .filter((c) => /\p{Script=Han}/u.test(c))
    .slice(0, 3000);
}

export function shuffle<T>(xs: T[], random: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

/** Index sampler with P(k) ∝ 1/(k+1) (the pool is shuffled, so frequency is unrelated to pinyin order). */
export function zipfSampler(n: number, random: () => number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) cumulative[k] = total += 1 / (k + 1);
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

export function syntheticRights(
  n: number,
  pool: string[],
  zipf: () => number,
  random: () => number,
): Right[] {
  const rights: Right[] = [];
  const seen = new Set<string>();
  while (rights.length < n) {
    let name = '';
    if (random() < 0.7) {
      const len = 2 + Math.floor(random() * 5);
      for (let i = 0; i < len; i++) name += pool[zipf()];
    } else {
      const len = 4 + Math.floor(random() * 7);
      for (let i = 0; i < len; i++) name += LETTERS[Math.floor(random() * 26)];
      name = name[0]!.toUpperCase() + name.slice(1);
    }
    if (seen.has(name)) continue;
    seen.add(name);
    rights.push({
      id: `tm-${rights.length}`,
      kind: 'trademark',
      name,
      aliases: [],
      registrationNo: String(10_000_000 + rights.length),
      niceClasses: [25],
      owner: 'bench',
      validFrom: '2000-01-01',
      validTo: '2100-01-01',
      wellKnown: false,
      authorizedSellers: [],
      referencePrice: { min: 300, currency: 'CNY' },
    });
  }
  return rights;
}

/** Titles of ~44 UTF-16 units: Zipf Han text, spaces, digits, an upper-case Latin token; a third name a mark. */
export function syntheticListings(
  n: number,
  rights: Right[],
  pool: string[],
  zipf: () => number,
  random: () => number,
): Listing[] {
  const listings: Listing[] = [];
  for (let i = 0; i < n; i++) {
    const parts: string[] = [];
    let length = 0;
    const upper = Array.from(
      { length: 3 + Math.floor(random() * 4) },
      () => LETTERS[Math.floor(random() * 26)],
    )
      .join('')
      .toUpperCase();
    const mark =
      random() < 0.33 ? (rights[Math.floor(random() * rights.length)] as { name: string }).name : '';
    const insertAt = Math.floor(random() * 4);
    for (let w = 0; length < 44; w++) {
      if (w === insertAt && mark) parts.push(mark);
      else if (w === 1) parts.push(upper);
      else if (w === 3) parts.push(`${Math.floor(random() * 900) + 10}ml`);
      else {
        let word = '';
        const len = 2 + Math.floor(random() * 5);
        for (let j = 0; j < len; j++) word += pool[zipf()];
        parts.push(word);
      }
      length = parts.join(' ').length;
    }
    listings.push({
      id: `l-${i}`,
      platform: 'bench',
      url: `http://127.0.0.1/bench/${i}`,
      title: parts.join(' ').slice(0, 48),
      category: '运动户外/运动鞋',
      price: 50 + Math.floor(random() * 500),
      seller: { id: `s-${i % 97}`, name: `店铺${i % 97}` },
      capturedAt: '2026-01-01T00:00:00Z',
    });
  }
  return listings;
}
