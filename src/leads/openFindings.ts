import type { DecideFindings, ExistingFindingKey, FlaggedHit } from '../model/index.js';

/*
 * The finding rule: a listing has at most one finding per (right, reason). A flagged hit opens a finding unless
 * the listing already has one for its right and reason — from an earlier version, or from an earlier hit of
 * this version — so re-crawling a changed listing does not reopen a finding a reviewer already dismissed. A hit
 * with no right (a patent marking matching no watched patent) is keyed by the reason alone.
 */

function key(rightId: string | null, reason: string): string {
  return `${rightId ?? ''}\u0000${reason}`;
}

/** The flagged hits that open a finding, in the order given (the first hit of a (right, reason) pair wins). */
export const openFindings: DecideFindings = (
  flagged: readonly FlaggedHit[],
  existing: readonly ExistingFindingKey[],
): FlaggedHit[] => {
  const taken = new Set(existing.map((l) => key(l.rightId, l.reason)));
  const opened: FlaggedHit[] = [];
  for (const hit of flagged) {
    const k = key(hit.rightId, hit.reason);
    if (taken.has(k)) continue;
    taken.add(k);
    opened.push(hit);
  }
  return opened;
};
