import { REASONS, type Hit, type Listing, type Reason } from '../../model/index.js';

/*
 * Precision and recall of the flagged hits against labels, per reason and overall. A label and a hit agree
 * when listing, right (null for an unwatched patent number) and reason are the same.
 */

export interface ExpectedHit {
  rightId: string | null;
  reason: Reason;
}

export interface LabelledListing {
  listing: Listing;
  expected: readonly ExpectedHit[];
  /** Where the label comes from (case id or note), for the error list. */
  label?: string;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface EvalError {
  kind: 'missed' | 'false_flag';
  listingId: string;
  rightId: string | null;
  reason: Reason;
  title: string;
  label?: string;
}

export interface EvalResult {
  listings: number;
  byReason: Map<Reason, Counts>;
  overall: Counts;
  errors: EvalError[];
}

export function precision(c: Counts): number {
  return c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
}

export function recall(c: Counts): number {
  return c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
}

const key = (rightId: string | null, reason: Reason) => `${rightId ?? '∅'}|${reason}`;

export class Evaluation {
  private readonly byReason = new Map<Reason, Counts>(REASONS.map((r) => [r, { tp: 0, fp: 0, fn: 0 }]));
  private readonly errors: EvalError[] = [];
  private listings = 0;

  constructor(private readonly match: (listing: Listing) => Hit[]) {}

  add(item: LabelledListing): void {
    this.listings += 1;
    const flagged = new Map<string, Hit>();
    for (const hit of this.match(item.listing))
      if (hit.flagged) flagged.set(key(hit.rightId, hit.reason), hit);
    const expected = new Map(item.expected.map((e) => [key(e.rightId, e.reason), e]));
    const error = (kind: EvalError['kind'], rightId: string | null, reason: Reason): EvalError => {
      const e: EvalError = { kind, listingId: item.listing.id, rightId, reason, title: item.listing.title };
      if (item.label) e.label = item.label;
      return e;
    };
    for (const [k, e] of expected) {
      const counts = this.byReason.get(e.reason)!;
      if (flagged.has(k)) counts.tp += 1;
      else {
        counts.fn += 1;
        this.errors.push(error('missed', e.rightId, e.reason));
      }
    }
    for (const [k, hit] of flagged) {
      if (expected.has(k)) continue;
      this.byReason.get(hit.reason)!.fp += 1;
      this.errors.push(error('false_flag', hit.rightId, hit.reason));
    }
  }

  result(): EvalResult {
    const overall = { tp: 0, fp: 0, fn: 0 };
    for (const c of this.byReason.values()) {
      overall.tp += c.tp;
      overall.fp += c.fp;
      overall.fn += c.fn;
    }
    return { listings: this.listings, byReason: new Map(this.byReason), overall, errors: [...this.errors] };
  }
}

export interface Targets {
  overall: number;
  perReason: number;
}

/** Reasons (or 'overall') below target; reasons with no label and no flag are not judged. */
export function belowTarget(result: EvalResult, targets: Targets): string[] {
  const failed: string[] = [];
  if (precision(result.overall) < targets.overall || recall(result.overall) < targets.overall)
    failed.push('overall');
  for (const [reason, c] of result.byReason) {
    if (c.tp + c.fp + c.fn === 0) continue;
    if (precision(c) < targets.perReason || recall(c) < targets.perReason) failed.push(reason);
  }
  return failed;
}
