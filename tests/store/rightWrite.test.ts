import { describe, expect, it } from 'vitest';
import type { RightRevision, RightWrite } from '../../src/model/index.js';
import type { RightWrite as RepositoryRightWrite } from '../../src/store/index.js';

/*
 * Type-level checks (tsc runs over tests/): RightWrite is RightRevision minus the store-assigned revision, and
 * the repository interface takes exactly that type, re-exported from model/.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('RightWrite', () => {
  it('is derived from RightRevision and is the type the repository takes', () => {
    const derived: Same<
      Omit<RightRevision, 'revision'>,
      Omit<RightWrite, Exclude<keyof RightWrite, keyof RightRevision>>
    > = true;
    const repository: Same<RepositoryRightWrite, RightWrite> = true;
    expect([derived, repository]).toEqual([true, true]);
  });
});
