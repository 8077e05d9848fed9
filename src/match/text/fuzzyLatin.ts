import { distance } from 'fastest-levenshtein';

/*
 * Fuzzy matching for long Latin marks only (matching.md §7: Latin ≥ 5 letters; never for short Chinese marks).
 * Candidates come from a one-deletion neighbourhood index (SymSpell): two strings within one edit, or one
 * adjacent transposition (Nkie), share a string reachable by at most one deletion from each side. Candidates
 * are then verified with fastest-levenshtein.
 */

export const MIN_FUZZY_LATIN = 5;

export interface FuzzyMark<T> {
  norm: string;
  payload: T;
}

export class FuzzyLatinIndex<T> {
  private readonly byKey = new Map<string, number[]>();
  private readonly marks: FuzzyMark<T>[] = [];
  private readonly exact = new Set<string>();
  minLength = Infinity;
  maxLength = 0;
  private seen = new Int32Array(0);
  private stamp = 0;

  add(norm: string, payload: T): void {
    if (norm.length < MIN_FUZZY_LATIN || !/^[a-z]+$/.test(norm)) return;
    const id = this.marks.length;
    this.marks.push({ norm, payload });
    this.exact.add(norm);
    this.minLength = Math.min(this.minLength, norm.length);
    this.maxLength = Math.max(this.maxLength, norm.length);
    for (const key of withDeletions(norm)) {
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
    for (let i = -1; i < word.length; i++) {
      if (i > 0 && word[i] === word[i - 1]) continue;
      const ids = this.byKey.get(i < 0 ? word : word.slice(0, i) + word.slice(i + 1));
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

  hasExact(word: string): boolean {
    return this.exact.has(word);
  }
}

function withDeletions(s: string): string[] {
  const out = [s];
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && s[i] === s[i - 1]) continue;
    out.push(s.slice(0, i) + s.slice(i + 1));
  }
  return out;
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
