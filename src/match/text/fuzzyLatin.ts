import { distance } from 'fastest-levenshtein';
import { englishWordAt, englishWords } from './latinDictionary.js';

/*
 * Fuzzy matching for long Latin marks only (matching.md §7: Latin ≥ 5 letters; never for short Chinese marks).
 * Candidates come from a one-deletion neighbourhood index (SymSpell): two strings within one edit, or one
 * adjacent transposition (Nkie), share a string reachable by at most one deletion from each side. Candidates
 * are then verified with fastest-levenshtein. The neighbourhood is keyed by 32-bit polynomial hashes computed
 * from prefix and suffix hashes, so a lookup builds no strings; verification makes collisions harmless.
 */

export const MIN_FUZZY_LATIN = 5;

const HASH_BASE = 131;
/** HASH_BASE^k mod 2^32 for the word lengths the index sees. */
const POWERS = new Int32Array(256);
POWERS[0] = 1;
for (let k = 1; k < POWERS.length; k++) POWERS[k] = Math.imul(POWERS[k - 1]!, HASH_BASE);

export interface FuzzyMark<T> {
  norm: string;
  payload: T;
}

export class FuzzyLatinIndex<T> {
  private readonly byKey = new Map<number, number[]>();
  private hashes = new Int32Array(64);
  private readonly marks: FuzzyMark<T>[] = [];
  private readonly exact = new Set<string>();
  minLength = Infinity;
  maxLength = 0;
  private seen = new Int32Array(0);
  private stamp = 0;

  add(norm: string, payload: T): void {
    if (norm.length < MIN_FUZZY_LATIN || norm.length >= POWERS.length - 1 || !/^[a-z]+$/.test(norm)) return;
    const id = this.marks.length;
    this.marks.push({ norm, payload });
    this.exact.add(norm);
    this.minLength = Math.min(this.minLength, norm.length);
    this.maxLength = Math.max(this.maxLength, norm.length);
    const count = this.deletionHashes(norm);
    for (let k = 0; k < count; k++) {
      const key = this.hashes[k]!;
      const list = this.byKey.get(key);
      if (list) {
        if (list[list.length - 1] !== id) list.push(id);
      } else this.byKey.set(key, [id]);
    }
  }

  get size(): number {
    return this.marks.length;
  }

  /** Marks within one edit or one adjacent transposition of `word` (not equal to it). */
  lookup(word: string): FuzzyMark<T>[] {
    if (word.length < this.minLength - 1 || word.length > this.maxLength + 1) return [];
    const found: FuzzyMark<T>[] = [];
    // A stamp per lookup instead of a Set: no allocation when nothing is near (the usual case).
    if (++this.stamp === 0x7fffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    if (this.seen.length < this.marks.length) this.seen = new Int32Array(this.marks.length * 2);
    const count = this.deletionHashes(word);
    for (let k = 0; k < count; k++) {
      const ids = this.byKey.get(this.hashes[k]!);
      if (!ids) continue;
      for (const id of ids) {
        if (this.seen[id] === this.stamp) continue;
        this.seen[id] = this.stamp;
        const mark = this.marks[id]!;
        if (mark.norm !== word && isNear(word, mark.norm)) found.push(mark);
      }
    }
    return found;
  }

  /** hashes[0] = hash of `s`; hashes[1 + i] = hash of `s` without its i-th letter. Returns the count. */
  private deletionHashes(s: string): number {
    const n = s.length;
    if (this.hashes.length < 2 * n + 2) this.hashes = new Int32Array(4 * n + 4);
    const h = this.hashes;
    // suffix[i] = hash of s[i..n), stored in h[n + 1 + i]; pow tracked alongside.
    const suffixAt = n + 1;
    h[suffixAt + n] = 0;
    for (let i = n - 1, pow = 1; i >= 0; i--) {
      h[suffixAt + i] = (Math.imul(s.charCodeAt(i), pow) + h[suffixAt + i + 1]!) | 0;
      pow = Math.imul(pow, HASH_BASE);
    }
    h[0] = h[suffixAt]!;
    // Deleting letter i: prefix(i) · B^(n-1-i) + suffix(i+1).
    let prefix = 0;
    for (let i = 0; i < n; i++) {
      h[1 + i] = (Math.imul(prefix, POWERS[n - 1 - i]!) + h[suffixAt + i + 1]!) | 0;
      prefix = (Math.imul(prefix, HASH_BASE) + s.charCodeAt(i)) | 0;
    }
    return n + 1;
  }

  hasExact(word: string): boolean {
    return this.exact.has(word);
  }

  /**
   * Finds the English words within one edit of a mark (issue #13: never a fuzzy mention), once, after the last
   * `add`: the index build calls it, so the word list is read while building (latinVariants.ts reads it too)
   * and not on a listing's first fuzzy hit.
   */
  findDictionaryNeighbours(): void {
    this.neighbours = new Set();
    const words = englishWords();
    for (let i = 0; i < words.count; i++) {
      const length = words.start[i + 1]! - words.start[i]!;
      if (length < this.minLength - 1 || length > this.maxLength + 1) continue;
      const w = englishWordAt(words, i);
      if (this.exact.has(w)) continue;
      if (this.lookup(w).length > 0) this.neighbours.add(w);
    }
  }

  /** `word` is one of the English words found by `findDictionaryNeighbours`. */
  isDictionaryNeighbour(word: string): boolean {
    if (!this.neighbours) this.findDictionaryNeighbours();
    return this.neighbours!.has(word);
  }

  private neighbours: Set<string> | undefined;
}

function isNear(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  if (distance(a, b) <= 1) return true;
  if (a.length !== b.length) return false;
  // One adjacent transposition.
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}
