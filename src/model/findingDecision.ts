import type { Hit, Reason } from './hit.js';

/*
 * The shape of the finding rule. The rule itself is `openFindings` in src/leads/; the store cannot import
 * it (store sits below leads), so callers hand it to the store, which applies it inside the transaction that
 * stores the hits and persists what it decides.
 */

/** A flagged hit of one listing version, as stored (a finding points at its hit). */
export interface FlaggedHit {
  hitPk: number;
  rightId: string | null;
  kind: Hit['kind'];
  reason: Reason;
  score: number;
}

/** A finding already on the listing, by what makes two findings the same finding. */
export interface ExistingFindingKey {
  rightId: string | null;
  reason: Reason;
}

/** Which of a listing version's flagged hits open a finding, given the findings the listing already has. */
export type DecideFindings = (
  flagged: readonly FlaggedHit[],
  existing: readonly ExistingFindingKey[],
) => FlaggedHit[];
