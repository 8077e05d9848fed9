import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { boundHeapGrowth } from '../../../config/heapGrowth.js';
import { parseConfig } from '../../../config/loadConfig.js';
import type { Listing } from '../../../model/index.js';
import { createMatcher } from '../../../match/engine.js';
import { buildTextIndex, loadVocabulary, normalize } from '../../../match/text/index.js';
import { arg as argIn } from '../args.js';
import { hanPool, rng, shuffle, syntheticListings, syntheticRights, zipfSampler } from './synthetic.js';

/*
 * `npm run bench -- match [--rights 10000,100000] [--titles 20000] [--heap-growth 50]`: listings per
 * second on one core for normalisation alone, the text core (normalise + every automaton + vocabulary), the
 * end-to-end matcher (createMatcher(...).match), and a naive baseline (substring scan of every name), on
 * synthetic watch lists
 * (matching.md §10: marks 70 % CJK 2–6 chars, Zipf over a 3,000-character pool, 30 % Latin 4–10 letters;
 * titles ~44 UTF-16 units). Each size runs in a child process so index build time and peak RSS are its own.
 */

interface SizeResult {
  rights: number;
  titles: number;
  buildMs: number;
  buildCpuMs: number;
  matcherBuildMs: number;
  normalizePerSec: number;
  stageAPerSec: number;
  scanPerSec: number;
  endToEndPerSec: number;
  baselinePerSec: number;
  mentionsPerTitle: number;
  hitsPerTitle: number;
  peakRssMb: number;
  patterns: number;
  pinyinPatterns: number;
}

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => argIn(args, name, fallback);

/** As `markwatch match` and the crawler run: `crawl.heapGrowthPercent` (`--heap-growth 0` = V8's default). */
const heapGrowthPercent = Number(
  arg('heap-growth', String(parseConfig({}, 'defaults').crawl.heapGrowthPercent)),
);

function runSize(rightCount: number, titleCount: number): SizeResult {
  boundHeapGrowth(heapGrowthPercent);
  const random = rng(rightCount);
  const pool = shuffle(hanPool(), rng(7));
  const zipf = zipfSampler(pool.length, random);
  const rights = syntheticRights(rightCount, pool, zipf, random);
  const listings = syntheticListings(titleCount, rights, pool, zipf, random);
  const vocabulary = loadVocabulary();

  let started = performance.now();
  const buildCpuStart = cpuMs();
  const index = buildTextIndex(rights, vocabulary);
  const buildMs = performance.now() - started;
  const buildCpuMs = cpuMs() - buildCpuStart;

  started = performance.now();
  const matcher = createMatcher(rights, { buildIndex: (r) => buildTextIndex(r, vocabulary) });
  const matcherBuildMs = performance.now() - started;

  const normalizePerSec = rate(listings, (l) => normalize(l.title).length);
  const stageA = buildTextIndex(rights, vocabulary, { fuzzy: false });
  const stageAPerSec = rate(listings, (l) => stageA.scan({ title: l.title }));
  const scanPerSec = rate(listings, (l) => index.scan({ title: l.title }));
  const endToEndPerSec = rate(listings, (l) => matcher.match(l));
  let mentions = 0;
  let hits = 0;
  for (const l of listings) {
    mentions += index.scan({ title: l.title }).mentions.length;
    hits += matcher.match(l).length;
  }

  const names = rights.flatMap((r) => (r.kind === 'patent' ? [] : [r.name, ...r.aliases]));
  const baselineListings = listings.slice(0, Math.max(200, Math.round(2e8 / (names.length * 44))));
  const baselinePerSec = rate(baselineListings, (l) => {
    let found = 0;
    for (const name of names) if (l.title.includes(name)) found++;
    return found;
  });

  return {
    rights: rightCount,
    titles: listings.length,
    buildMs: Math.round(buildMs),
    buildCpuMs: Math.round(buildCpuMs),
    matcherBuildMs: Math.round(matcherBuildMs),
    normalizePerSec,
    stageAPerSec,
    scanPerSec,
    endToEndPerSec,
    baselinePerSec,
    mentionsPerTitle: mentions / listings.length,
    hitsPerTitle: hits / listings.length,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    patterns: index.stats.patterns,
    pinyinPatterns: index.stats.pinyinPatterns,
  };
}

/**
 * Listings per CPU-second of this process (user + system; wall-clock would charge us for other processes on a
 * shared machine): one full warm-up pass, then the best of three rounds of at least 0.6 s of CPU each, so a burst of
 * load from elsewhere does not decide the figure.
 */
function rate(listings: Listing[], work: (l: Listing) => unknown): number {
  for (const l of listings) work(l);
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  let best = 0;
  for (let round = 0; round < 3; round++) {
    let done = 0;
    const started = cpu();
    do {
      for (const l of listings) work(l);
      done += listings.length;
    } while (cpu() - started < 0.6);
    best = Math.max(best, done / (cpu() - started));
  }
  return Math.round(best);
}

// ---- report --------------------------------------------------------------------------------------------------

function printTable(results: SizeResult[]): void {
  const fmt = (x: number) => x.toLocaleString('en-US');
  const rows: [string, (r: SizeResult) => string][] = [
    ['titles in the sample', (r) => fmt(r.titles)],
    ['index build (text core), ms wall / CPU', (r) => `${fmt(r.buildMs)} / ${fmt(r.buildCpuMs)}`],
    ['matcher build (end to end), ms', (r) => fmt(r.matcherBuildMs)],
    ['automaton patterns (main / pinyin)', (r) => `${fmt(r.patterns)} / ${fmt(r.pinyinPatterns)}`],
    ['normalise only', (r) => fmt(r.normalizePerSec)],
    ['stage A: normalise + automata (exact, 形近, pinyin, vocabulary)', (r) => fmt(r.stageAPerSec)],
    ['text core: stage A + fuzzy (Latin ≥ 5)', (r) => fmt(r.scanPerSec)],
    ['end to end (createMatcher.match)', (r) => fmt(r.endToEndPerSec)],
    ['naive baseline (substring scan)', (r) => fmt(r.baselinePerSec)],
    ['stage A ÷ baseline', (r) => `${(r.stageAPerSec / r.baselinePerSec).toFixed(1)}×`],
    ['end to end ÷ baseline', (r) => `${(r.endToEndPerSec / r.baselinePerSec).toFixed(1)}×`],
    ['mentions / hits per title', (r) => `${r.mentionsPerTitle.toFixed(2)} / ${r.hitsPerTitle.toFixed(2)}`],
    ['peak RSS, MB', (r) => fmt(r.peakRssMb)],
  ];
  const header = ['', ...results.map((r) => `${fmt(r.rights)} rights`)];
  const table = [header, ...rows.map(([label, f]) => [label, ...results.map(f)])];
  const widths = header.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const line = (row: string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  console.log(
    `markwatch bench match — one core, Node ${process.version}, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${cpus().length} cores`,
  );
  for (const row of table) console.log(line(row));
  const ten = results.find((r) => r.rights === 10_000);
  const hundred = results.find((r) => r.rights === 100_000);
  console.log(
    'rates: listings per CPU-second (user + system) of the single-threaded bench process, best of 3 rounds',
  );
  console.log(
    `V8 heap growth: ${heapGrowthPercent > 0 ? `${heapGrowthPercent} % past live data (crawl.heapGrowthPercent, as markwatch match and the crawler run)` : "V8's default"}; ` +
      'peak RSS holds three text indexes and one matcher (the product holds one matcher)',
  );
  console.log('targets (issue #5):');
  if (ten) {
    console.log(
      `  10k rights: stage A ≥ 30,000/s: ${verdict(ten.stageAPerSec >= 30_000)}; end to end ≥ 10,000/s: ${verdict(ten.endToEndPerSec >= 10_000)}`,
    );
  }
  if (hundred) {
    console.log(
      `  100k rights: index < 10 s: ${verdict(hundred.buildMs < 10_000)}; RSS < 1 GB: ${verdict(hundred.peakRssMb < 1024)}`,
    );
  }
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function verdict(ok: boolean): string {
  return ok ? 'met' : 'NOT met';
}

function main(): void {
  if (args.includes('--child')) {
    const result = runSize(Number(arg('rights', '10000')), Number(arg('titles', '20000')));
    process.stdout.write(JSON.stringify(result) + '\n');
  } else {
    const sizes = arg('rights', '10000,100000').split(',').map(Number);
    const titles = arg('titles', '20000');
    const results: SizeResult[] = [];
    for (const size of sizes) {
      process.stderr.write(`bench match: ${size} watched rights …\n`);
      const child = spawnSync(
        process.execPath,
        [
          fileURLToPath(import.meta.url),
          '--child',
          '--rights',
          String(size),
          '--titles',
          titles,
          '--heap-growth',
          String(heapGrowthPercent),
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 },
      );
      if (child.status !== 0) {
        process.stderr.write(`bench match: the ${size}-rights run failed (exit ${child.status})\n`);
        process.exit(1);
      }
      results.push(JSON.parse(child.stdout.trim().split('\n').pop()!) as SizeResult);
    }
    printTable(results);
  }
}

main();
