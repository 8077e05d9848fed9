import { describe, expect, it } from 'vitest';
import { openFindings } from '../../src/leads/openFindings.js';
import type { FlaggedHit } from '../../src/model/index.js';

function flagged(
  hitPk: number,
  rightId: string | null,
  reason: FlaggedHit['reason'],
  score = 0.9,
): FlaggedHit {
  return {
    hitPk,
    rightId,
    kind: rightId?.startsWith('pt') || !rightId ? 'patent' : 'trademark',
    reason,
    score,
  };
}

describe('openFindings (the lead-opening rule)', () => {
  it('opens one lead per flagged hit of a listing without leads', () => {
    const hits = [flagged(1, 'tm-a', 'trademark.counterfeit'), flagged(2, 'tm-b', 'trademark.counterfeit')];
    expect(openFindings(hits, [])).toEqual(hits);
  });

  it('opens no lead for a (right, reason) the listing already has, from an earlier version', () => {
    const hits = [flagged(5, 'tm-a', 'trademark.counterfeit'), flagged(6, 'tm-a', 'trademark.evasion')];
    const opened = openFindings(hits, [{ rightId: 'tm-a', reason: 'trademark.counterfeit' }]);
    expect(opened.map((h) => h.hitPk)).toEqual([6]);
  });

  it('opens one lead when one version has two hits with the same right and reason: the first one', () => {
    const hits = [flagged(7, 'tm-a', 'trademark.use', 0.5), flagged(8, 'tm-a', 'trademark.use', 0.95)];
    expect(openFindings(hits, [])).toEqual([hits[0]]);
  });

  it('keys a hit without a right by its reason alone, apart from hits with a right', () => {
    const hits = [
      flagged(1, null, 'patent.invalid_number'),
      flagged(2, null, 'patent.invalid_number'),
      flagged(3, 'pt-1', 'patent.invalid_number'),
    ];
    expect(openFindings(hits, []).map((h) => h.hitPk)).toEqual([1, 3]);
    expect(
      openFindings(hits, [{ rightId: null, reason: 'patent.invalid_number' }]).map((h) => h.hitPk),
    ).toEqual([3]);
  });

  it('returns nothing for no flagged hits, and does not change its inputs', () => {
    const existing = Object.freeze([{ rightId: 'tm-a', reason: 'trademark.use' as const }]);
    const hits = Object.freeze([flagged(1, 'tm-a', 'trademark.use')]);
    expect(openFindings([], existing)).toEqual([]);
    expect(openFindings(hits, existing)).toEqual([]);
  });
});
