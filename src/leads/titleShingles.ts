/*
 * Title shingles for near-duplicate detection: a title NFKC-normalised (full-width → half-width), lower-cased
 * and stripped of punctuation, symbols and spaces, cut into overlapping character n-grams (by code point, so
 * a CJK title and a Latin one are treated alike).
 */

/** The title as compared: NFKC, lower case, letters, digits and marks only. */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\p{C}\s]+/gu, '');
}

/** The distinct character n-grams of a normalised title; a title shorter than n is one shingle. */
export function titleShingles(title: string, n: number): Set<string> {
  const chars = Array.from(normaliseTitle(title));
  const out = new Set<string>();
  if (chars.length === 0) return out;
  if (chars.length <= n) {
    out.add(chars.join(''));
    return out;
  }
  for (let i = 0; i + n <= chars.length; i++) out.add(chars.slice(i, i + n).join(''));
  return out;
}

/** |a ∩ b| / |a ∪ b|, and the shared shingles; two empty sets are not similar. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): { value: number; shared: string[] } {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const shared: string[] = [];
  for (const s of small) if (large.has(s)) shared.push(s);
  const union = a.size + b.size - shared.length;
  return { value: union === 0 ? 0 : shared.length / union, shared };
}

/** Whether |a ∩ b| / |a ∪ b| ≥ t, stopping as soon as the needed overlap can no longer be reached. */
export function jaccardAtLeast(a: ReadonlySet<string>, b: ReadonlySet<string>, t: number): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0 || small.size < t * large.size) return false;
  // J ≥ t ⇔ overlap ≥ t·(|a| + |b|) / (1 + t).
  const needed = Math.ceil((t * (a.size + b.size)) / (1 + t) - 1e-9);
  let overlap = 0;
  let left = small.size;
  for (const s of small) {
    if (large.has(s)) overlap += 1;
    left -= 1;
    if (overlap >= needed) return true;
    if (overlap + left < needed) return false;
  }
  return overlap >= needed;
}

/** Hamming distance of two hex hashes of the same length, or null when they cannot be compared. */
export function hexHamming(a: string, b: string): number | null {
  if (a.length !== b.length || !/^[0-9a-f]+$/i.test(a) || !/^[0-9a-f]+$/i.test(b)) return null;
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    let x = parseInt(a[i] ?? '0', 16) ^ parseInt(b[i] ?? '0', 16);
    while (x) {
      d += x & 1;
      x >>= 1;
    }
  }
  return d;
}
