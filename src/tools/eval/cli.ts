import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatTable } from '../../cli/table.js';
import { packagePath } from '../../common/packageRoot.js';
import { generateListings } from '../../marketplace/generator.js';
import { MARKETPLACE_DEFAULTS } from '../../marketplace/options.js';
import { createMatcher } from '../../match/engine.js';
import type { Right } from '../../model/index.js';
import { loadWatchListFile } from '../../rights/watchListFile.js';
import {
  belowTarget,
  combine,
  Evaluation,
  type Counts,
  precision,
  recall,
  type EvalResult,
  type LabelledListing,
} from './evaluate.js';
import { readLabelledJsonl } from './labelledFile.js';

/*
 * npm run eval: precision and recall of the matcher per reason on (1) the sample marketplace's labelled
 * listings, generated in-process with a fixed seed, and (2) the hand-written set in tests/match/fixtures/.
 * Leads and watch signals are separate classes (a label without a tier expects a lead). Exits 1 when a target
 * is missed (≥ 0.95 for leads and for watch signals overall, no reason of either tier below 0.90). A tool, not product code: it may
 * read the test fixtures (run from a source checkout; the published package has no tests/).
 */

const FIXTURES = packagePath('tests', 'match', 'fixtures');
const TARGETS = { overall: 0.95, perReason: 0.9 };

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: String(MARKETPLACE_DEFAULTS.seed) },
    listings: { type: 'string', default: '9000' },
    errors: { type: 'string', default: '30' },
  },
});

function pct(x: number): string {
  return x.toFixed(3);
}

function table(result: EvalResult): string {
  const rows: (string | number)[][] = [];
  const row = (tier: string, name: string, c: Counts) =>
    rows.push([tier, name, c.tp + c.fn, c.tp + c.fp, c.tp, c.fp, c.fn, pct(precision(c)), pct(recall(c))]);
  const tiers = [
    ['线索 lead', result.byReason, result.overall, '总计 overall'],
    ['观察 watch', result.watchByReason, result.watch, '观察合计 watch total'],
  ] as const;
  for (const [tier, byReason, total, totalName] of tiers) {
    for (const [reason, c] of byReason) if (c.tp + c.fp + c.fn > 0) row(tier, reason, c);
    row(tier, totalName, total);
  }
  return formatTable(
    ['层级 tier', '理由 reason', '标注 labelled', '命中 found', 'TP', 'FP', 'FN', '精确率 P', '召回率 R'],
    rows,
  );
}

async function evaluate(rights: Right[], items: AsyncIterable<LabelledListing> | Iterable<LabelledListing>) {
  const matcher = createMatcher(rights);
  const evaluation = new Evaluation((l) => matcher.match(l));
  for await (const item of items) evaluation.add(item);
  return evaluation.result();
}

function* marketplaceSet(seed: number, listings: number, rights: Right[]): Generator<LabelledListing> {
  for (const g of generateListings({ seed, listings, rights })) {
    yield { listing: g.listing, expected: g.expected, ...(g.caseId ? { label: g.caseId } : {}) };
  }
}

function report(name: string, result: EvalResult, maxErrors: number): void {
  process.stdout.write(`\n== ${name}: ${result.listings} listings ==\n${table(result)}\n`);
  for (const e of result.errors.slice(0, maxErrors)) {
    const what = e.kind === 'missed' ? '漏报 missed' : '误报 false flag';
    process.stdout.write(
      `  ${what} ${e.tier} ${e.reason} ${e.rightId ?? '∅'} ${e.listingId} [${e.label ?? ''}] ${e.title}\n`,
    );
  }
  if (result.errors.length > maxErrors)
    process.stdout.write(`  … ${result.errors.length - maxErrors} more\n`);
}

const seed = Number(args.seed);
const count = Number(args.listings);
const maxErrors = Number(args.errors);
const demoRights = loadWatchListFile(MARKETPLACE_DEFAULTS.watchlist);
process.stderr.write(`评估中 (evaluating): marketplace seed ${seed}, ${count} listings; hand-written set…\n`);
const market = await evaluate(demoRights, marketplaceSet(seed, count, demoRights));
report(`样例市场 sample marketplace (seed ${seed})`, market, maxErrors);
const handRights = loadWatchListFile(join(FIXTURES, 'watchlist.json'));
const hand = await evaluate(handRights, readLabelledJsonl(join(FIXTURES, 'labelled.jsonl')));
report('手写标注集 hand-written set (tests/match/fixtures/labelled.jsonl)', hand, maxErrors);
const all = combine(market, hand);
report('合计 combined', { ...all, errors: [] }, 0);
const failed = belowTarget(all, TARGETS);
if (failed.length === 0)
  process.stdout.write(
    `\n达标 (targets met): leads and watch signals ≥ ${TARGETS.overall}, every reason ≥ ${TARGETS.perReason}\n`,
  );
else {
  process.stdout.write(`\n未达标 (below target): ${failed.join(', ')}\n`);
  process.exitCode = 1;
}
