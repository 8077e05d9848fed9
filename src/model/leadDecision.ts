import type { Hit, Reason } from './hit.js';

/*
 * The shape of the lead-opening rule. The rule itself is `openLeads` in src/leads/; the store cannot import
 * it (store sits below leads), so callers hand it to the store, which applies it inside the transaction that
 * stores the hits and persists what it decides.
 */

/** A flagged hit of one listing version, as stored (a lead points at its hit). */
export interface FlaggedHit {
  hitPk: number;
  rightId: string | null;
  kind: Hit['kind'];
  reason: Reason;
  score: number;
}

/** A lead already on the listing, by what makes two leads the same lead. */
export interface ExistingLeadKey {
  rightId: string | null;
  reason: Reason;
}

/** Which of a listing version's flagged hits open a lead, given the leads the listing already has. */
export type DecideLeads = (
  flagged: readonly FlaggedHit[],
  existing: readonly ExistingLeadKey[],
) => FlaggedHit[];
