import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeFlag, describeMissed, loadRealTitleSet, runRealTitles } from './realTitlesCheck.js';
import { extractRealTitles, REAL_TITLES_DIR } from './realTitlesExtract.js';

/*
 * npm run eval:real — the real-title regression as a report: titles per site, every flag (rules and spans),
 * mention recall, the unexpected flags and the missed mentions. Exits 1 when the expectations are not met
 * (tests/match/realTitles.test.ts asserts the same). `--write-titles` re-extracts the titles from the real
 * pages into tests/match/fixtures/real-titles/titles.jsonl (then review the expectations: ids are
 * `<page>#<rank>`). A tool: it reads test fixtures from a source checkout.
 */

const { values: args } = parseArgs({
  options: {
    'write-titles': { type: 'boolean', default: false },
    all: { type: 'boolean', default: false },
  },
});

if (args['write-titles']) {
  const titles = extractRealTitles();
  const file = join(REAL_TITLES_DIR, 'titles.jsonl');
  writeFileSync(file, titles.map((t) => JSON.stringify(t)).join('\n') + '\n');
  console.log(`wrote ${titles.length} titles to ${file}`);
  process.exit(0);
}

const set = loadRealTitleSet();
const result = runRealTitles(set);

const perSite = new Map<string, number>();
for (const t of set.titles) perSite.set(t.site, (perSite.get(t.site) ?? 0) + 1);
const found = result.expectedMentions - result.missedMentions.length;
const recall = result.expectedMentions === 0 ? 1 : found / result.expectedMentions;

console.log(`titles: ${result.titles} (${[...perSite].map(([s, n]) => `${s} ${n}`).join(', ')})`);
console.log(`watched rights: ${set.rights.length}; expected flags: ${set.flags.flags.length}`);
console.log(
  `flags: ${result.flags.length}; unexpected: ${result.unexpectedFlags.length}; missing: ${result.missingFlags.length}`,
);
console.log(
  `mention recall: ${recall.toFixed(4)} (${found} of ${result.expectedMentions} expected mentions)`,
);

const byRule = new Map<string, number>();
for (const f of result.unexpectedFlags) {
  const key = `${f.hit.rightId ?? '-'} ${f.hit.reason}`;
  byRule.set(key, (byRule.get(key) ?? 0) + 1);
}
if (byRule.size > 0) {
  console.log('\nunexpected flags by right and reason:');
  for (const [k, n] of [...byRule].sort((a, b) => b[1] - a[1])) console.log(`  ${n}\t${k}`);
}
const list = (head: string, lines: string[]) => {
  if (lines.length === 0) return;
  console.log(`\n${head} (${lines.length}):`);
  for (const l of lines) console.log(`  ${l}`);
};
list('unexpected flags', result.unexpectedFlags.map(describeFlag));
list(
  'expected flags not raised',
  result.missingFlags.map((f) => `${f.id} ${f.rightId}: ${f.reason}`),
);
list('missed mentions', result.missedMentions.map(describeMissed));
if (args.all) list('all flags', result.flags.map(describeFlag));

const ok =
  result.unexpectedFlags.length === 0 &&
  result.missingFlags.length === 0 &&
  result.missedMentions.length === 0;
process.exit(ok ? 0 : 1);
