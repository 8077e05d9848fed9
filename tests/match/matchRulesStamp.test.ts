import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MATCH_RULES_DIR, matchRulesStamp } from '../../src/match/matchRules.js';

/* The rule files' stamp: a kept matcher is rebuilt when a rule file is edited, added or removed. */
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('matchRulesStamp', () => {
  it('changes when a rule file is edited, added or removed, and not otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'markwatch-rules-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'weights.json'), '{"a":1}');
    utimesSync(join(dir, 'weights.json'), 1_000, 1_000);
    const first = matchRulesStamp(dir);
    expect(matchRulesStamp(dir)).toBe(first);
    writeFileSync(join(dir, 'weights.json'), '{"a":2}');
    utimesSync(join(dir, 'weights.json'), 2_000, 2_000);
    const edited = matchRulesStamp(dir);
    expect(edited).not.toBe(first);
    writeFileSync(join(dir, 'goods.json'), '{}');
    const added = matchRulesStamp(dir);
    expect(added).not.toBe(edited);
    rmSync(join(dir, 'goods.json'));
    expect(matchRulesStamp(dir)).toBe(edited);
  });

  it('covers the shipped rules directory', () => {
    expect(matchRulesStamp(MATCH_RULES_DIR)).toMatch(/weights\.json:\d+:/);
  });
});
