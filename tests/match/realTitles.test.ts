import { describe, expect, it } from 'vitest';
import {
  describeFlag,
  describeMissed,
  loadRealTitleSet,
  runRealTitles,
  type RealTitleResult,
} from '../../src/tools/eval/realTitlesCheck.js';
import { extractRealTitles } from '../../src/tools/eval/realTitlesExtract.js';

/*
 * Real-title regression (issue 13): every listing title on the real captured search pages
 * (tests/fixtures/real-pages), matched against a watch list of brands that occur in them
 * (tests/match/fixtures/real-titles/). Unknown seller, no price, no category: only text can flag.
 * Must show: no flag other than the hand-reviewed ones, and every hand-reviewed brand mention found.
 * Diagnostic report of the same: `npm run eval:real`.
 */

const set = loadRealTitleSet();
let memo: RealTitleResult | undefined;
const result = (): RealTitleResult => (memo ??= runRealTitles(set));

describe('real-title fixtures', () => {
  it('titles.jsonl is what the extract stage reads from the real pages today (regenerate: npm run eval:real -- --write-titles)', () => {
    const extracted = extractRealTitles();
    expect(set.titles.map((t) => `${t.id}\t${t.file}\t${t.title}`)).toEqual(
      extracted.map((t) => `${t.id}\t${t.file}\t${t.title}`),
    );
  }, 180_000);

  it('covers the five sites and about a thousand titles', () => {
    const sites = new Set(set.titles.map((t) => t.site));
    expect([...sites].sort()).toEqual(['aliexpress', 'amazon', 'ebay', 'etsy', 'jd']);
    expect(set.titles.length).toBeGreaterThan(1000);
  });

  it('every expectation names a title and a watched right, and a mention span holds its text', () => {
    const titles = new Map(set.titles.map((t) => [t.id, t.title]));
    const rights = new Set(set.rights.map((r) => r.id));
    const bad: string[] = [];
    for (const m of set.mentions) {
      const title = titles.get(m.id);
      if (title === undefined || !rights.has(m.rightId))
        bad.push(`${m.id} ${m.rightId}: unknown title or right`);
      else if (title.slice(m.span[0], m.span[1]) !== m.text)
        bad.push(`${m.id} ${m.rightId}: span is not "${m.text}"`);
    }
    for (const f of set.flags.flags) {
      if (!titles.has(f.id) || !rights.has(f.rightId)) bad.push(`${f.id} ${f.rightId}: unknown flag target`);
    }
    expect(bad).toEqual([]);
  });
});

describe('real-title regression on the matcher', () => {
  it('raises no flag that is not in expected-flags.json', () => {
    const unexpected = result().unexpectedFlags.map(describeFlag);
    expect(
      unexpected,
      `${unexpected.length} unexpected flags (listing right reason tier score | rules | title)`,
    ).toEqual([]);
  }, 120_000);

  it('raises every flag in expected-flags.json', () => {
    const missing = result().missingFlags.map((f) => `${f.id} ${f.rightId}: ${f.reason}`);
    expect(missing, `${missing.length} expected flags not raised`).toEqual([]);
  }, 120_000);

  it('finds every expected brand mention (mention recall 1.0)', () => {
    const r = result();
    const missed = r.missedMentions.map(describeMissed);
    expect(
      missed,
      `mention recall ${((r.expectedMentions - missed.length) / r.expectedMentions).toFixed(4)}: ${missed.length} of ${r.expectedMentions} missed`,
    ).toEqual([]);
  }, 120_000);
});
