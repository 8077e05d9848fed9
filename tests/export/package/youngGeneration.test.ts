import { describe, expect, it } from 'vitest';
import { DEFAULT_GROWTH_FACTOR, youngGenerationHolder } from '../../../src/export/package/youngGeneration.js';

describe('holding V8 young generation for an export', () => {
  it('sets the growth factor to 1 for the first holder and back to the default after the last', () => {
    const set: string[] = [];
    const hold = youngGenerationHolder((f) => set.push(f));
    const a = hold();
    expect(set).toEqual(['--semi-space-growth-factor=1']);
    const b = hold();
    a();
    a(); // a second release of the same hold counts once
    expect(set).toEqual(['--semi-space-growth-factor=1']);
    b();
    expect(set).toEqual([
      '--semi-space-growth-factor=1',
      `--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`,
    ]);
    hold();
    expect(set).toHaveLength(3);
  });
});
