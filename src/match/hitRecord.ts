import type { Hit, RuleFire, Tier } from '../model/index.js';

/**
 * A hit as one object literal per shape (no spread of tierFields: this runs once per mentioned right, ~9 times
 * a listing on the bench). Same fields and order as tierFields: flagged ⇔ tier 'lead'; a plain weak hit has no
 * tier key.
 */
export function hitRecord(
  listingId: string,
  rightId: string | null,
  kind: Hit['kind'],
  reason: Hit['reason'],
  score: number,
  tier: Tier | undefined,
  rules: RuleFire[],
): Hit {
  return tier === undefined
    ? { listingId, rightId, kind, reason, score, flagged: false, rules }
    : { listingId, rightId, kind, reason, score, flagged: tier === 'lead', tier, rules };
}
