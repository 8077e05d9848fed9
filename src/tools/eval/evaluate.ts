import { REASONS, type Hit, type Listing, type Reason, type Tier } from '../../model/index.js';

/*
 * Precision and recall of the matcher against labels, per tier and reason. Leads (flagged hits) and watch
 * signals (tier 'watch') are separate classes: a label and a hit agree when listing, right (null for an
 * unwatched patent number), reason and tier are the same. A label without a tier expects a lead, so label files
 * written before tiers keep their meaning. Weak hits (no tier) are never counted.
 */

export interface ExpectedHit {
  rightId: string | null;
  reason: Reason;
  /** 'lead' when absent. */
  tier?: Tier;
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
  tier: Tier;
  listingId: string;
  rightId: string | null;
  reason: Reason;
  title: string;
  label?: string;
}

export interface EvalResult {
  listings: number;
  /** Leads per reason. */
  byReason: Map<Reason, Counts>;
  /** All leads. */
  overall: Counts;
  /** Watch signals per reason. */
  watchByReason: Map<Reason, Counts>;
  /** All watch signals. */
  watch: Counts;
  errors: EvalError[];
}

export function precision(c: Counts): number {
  return c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
}

export function recall(c: Counts): number {
  return c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
}

const key = (tier: Tier, rightId: string | null, reason: Reason) => `${tier}|${rightId ?? '∅'}|${reason}`;

/** The tier a hit is counted in: its tier, or 'lead' for a flagged hit of a producer without tiers. */
function tierOf(hit: Hit): Tier | undefined {
  return hit.tier ?? (hit.flagged ? 'lead' : undefined);
}

const zeroCounts = () => new Map<Reason, Counts>(REASONS.map((r) => [r, { tp: 0, fp: 0, fn: 0 }]));

function sum(counts: Iterable<Counts>): Counts {
  const total = { tp: 0, fp: 0, fn: 0 };
  for (const c of counts) {
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
  }
  return total;
}

export class Evaluation {
  private readonly counts: Record<Tier, Map<Reason, Counts>> = { lead: zeroCounts(), watch: zeroCounts() };
  private readonly errors: EvalError[] = [];
  private listings = 0;

  constructor(private readonly match: (listing: Listing) => Hit[]) {}

  add(item: LabelledListing): void {
    this.listings += 1;
    const found = new Map<string, { hit: Hit; tier: Tier }>();
    for (const hit of this.match(item.listing)) {
      const tier = tierOf(hit);
      if (tier) found.set(key(tier, hit.rightId, hit.reason), { hit, tier });
    }
    const expected = new Map(
      item.expected.map((e) => [
        key(e.tier ?? 'lead', e.rightId, e.reason),
        { ...e, tier: e.tier ?? 'lead' },
      ]),
    );
    const error = (
      kind: EvalError['kind'],
      tier: Tier,
      rightId: string | null,
      reason: Reason,
    ): EvalError => {
      const e: EvalError = {
        kind,
        tier,
        listingId: item.listing.id,
        rightId,
        reason,
        title: item.listing.title,
      };
      if (item.label) e.label = item.label;
      return e;
    };
    for (const [k, e] of expected) {
      const counts = this.counts[e.tier].get(e.reason)!;
      if (found.has(k)) counts.tp += 1;
      else {
        counts.fn += 1;
        this.errors.push(error('missed', e.tier, e.rightId, e.reason));
      }
    }
    for (const [k, { hit, tier }] of found) {
      if (expected.has(k)) continue;
      this.counts[tier].get(hit.reason)!.fp += 1;
      this.errors.push(error('false_flag', tier, hit.rightId, hit.reason));
    }
  }

  result(): EvalResult {
    return {
      listings: this.listings,
      byReason: new Map(this.counts.lead),
      overall: sum(this.counts.lead.values()),
      watchByReason: new Map(this.counts.watch),
      watch: sum(this.counts.watch.values()),
      errors: [...this.errors],
    };
  }
}

/** Two results added up (the sample marketplace and the hand-written set). */
export function combine(a: EvalResult, b: EvalResult): EvalResult {
  const add = (x: Map<Reason, Counts>, y: Map<Reason, Counts>) => {
    const out = new Map(x);
    for (const [reason, c] of y) {
      const z = out.get(reason) ?? { tp: 0, fp: 0, fn: 0 };
      out.set(reason, { tp: z.tp + c.tp, fp: z.fp + c.fp, fn: z.fn + c.fn });
    }
    return out;
  };
  const byReason = add(a.byReason, b.byReason);
  const watchByReason = add(a.watchByReason, b.watchByReason);
  return {
    listings: a.listings + b.listings,
    byReason,
    overall: sum(byReason.values()),
    watchByReason,
    watch: sum(watchByReason.values()),
    errors: [...a.errors, ...b.errors],
  };
}

export interface Targets {
  overall: number;
  perReason: number;
}

/**
 * Classes below target: 'overall' (leads), 'watch' (watch signals), or a reason ('watch:<reason>' for the
 * watch tier); reasons with no label and no hit are not judged.
 */
export function belowTarget(result: EvalResult, targets: Targets): string[] {
  const failed: string[] = [];
  const below = (c: Counts, target: number) => precision(c) < target || recall(c) < target;
  if (below(result.overall, targets.overall)) failed.push('overall');
  if (below(result.watch, targets.overall)) failed.push('watch');
  for (const [reason, c] of result.byReason)
    if (c.tp + c.fp + c.fn > 0 && below(c, targets.perReason)) failed.push(reason);
  for (const [reason, c] of result.watchByReason)
    if (c.tp + c.fp + c.fn > 0 && below(c, targets.perReason)) failed.push(`watch:${reason}`);
  return failed;
}
