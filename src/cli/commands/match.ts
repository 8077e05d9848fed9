import type { Command } from 'commander';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable, Writable } from 'node:stream';
import { formatProblem, type JsonProblem } from '../../common/jsonFile.js';
import { boundHeapGrowth } from '../../config/heapGrowth.js';
import type { Right } from '../../model/index.js';
import { createMatcher } from '../../match/engine.js';
import { ListingInputError, readListingLines } from '../../match/listingsJsonl.js';
import { loadWatchListFile, WatchListError } from '../../rights/watchListFile.js';
import { configFor } from '../context.js';

/*
 * markwatch match --watchlist W.json --listings L.jsonl [--all] [--skip-invalid]: hits as JSONL on stdout
 * (leads and watch signals — the hits with a `tier` —, or every hit with --all), a summary on stderr.
 *
 * Inputs are validated whole before anything is matched: the watch list, then every line of the listings
 * file (a streaming first pass). Every problem is reported with its file, line and field. A bad input writes
 * nothing to stdout and exits 1; with --skip-invalid the valid lines are matched, the bad ones skipped and
 * reported, and the exit status is still 1 so a script notices.
 */

interface MatchOptions {
  watchlist: string;
  listings: string;
  all?: boolean;
  /** Match the valid lines and skip the invalid ones (each still reported). */
  skipInvalid?: boolean;
}

export interface MatchReport {
  /** Non-blank lines of the listings file. */
  lines: number;
  /** Lines that failed validation (each has at least one problem). */
  invalidLines: number;
  /** Every problem of the watch list and the listings file, in file order. */
  problems: JsonProblem[];
  /** False when a problem stopped the run before anything was matched. */
  matched: boolean;
  listings: number;
  hits: number;
  flagged: number;
  /** Watch signals (tier 'watch'): shown, never leads. */
  watch: number;
}

function watchList(file: string, problems: JsonProblem[]): Right[] | null {
  try {
    return loadWatchListFile(file);
  } catch (err) {
    if (!(err instanceof WatchListError)) throw err;
    problems.push(...err.problems);
    return null;
  }
}

/** First pass: counts the lines and collects every problem; nothing is matched. */
async function validateListings(file: string, name: string, report: MatchReport): Promise<boolean> {
  try {
    for await (const line of readListingLines(file, name)) {
      report.lines += 1;
      if (line.ok) continue;
      report.invalidLines += 1;
      report.problems.push(...line.problems);
    }
    return true;
  } catch (err) {
    if (!(err instanceof ListingInputError)) throw err;
    report.problems.push(...err.problems);
    return false;
  }
}

/** Validates both inputs, then streams the hits of every valid listing to `out` as JSONL. */
export async function runMatch(options: MatchOptions, out: Writable = process.stdout): Promise<MatchReport> {
  const report: MatchReport = {
    lines: 0,
    invalidLines: 0,
    problems: [],
    matched: false,
    listings: 0,
    hits: 0,
    flagged: 0,
    watch: 0,
  };
  const rights = watchList(options.watchlist, report.problems);
  // Two passes need input that can be read twice: a pipe or /dev/stdin is copied to a temporary file first.
  const spool = await spoolUnlessRegularFile(options.listings);
  try {
    return await validateThenMatch(options, rights, spool.path, report, out);
  } finally {
    spool.remove();
  }
}

async function validateThenMatch(
  options: MatchOptions,
  rights: Right[] | null,
  file: string,
  report: MatchReport,
  out: Writable,
): Promise<MatchReport> {
  const readable = await validateListings(file, options.listings, report);
  const proceed = rights !== null && readable && (report.invalidLines === 0 || options.skipInvalid === true);
  if (!proceed) return report;

  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const matcher = createMatcher(rights);
  report.matched = true;
  for await (const line of readListingLines(file, options.listings)) {
    if (!line.ok) continue;
    report.listings += 1;
    for (const hit of matcher.match(line.value)) {
      if (hit.flagged) report.flagged += 1;
      if (hit.tier === 'watch') report.watch += 1;
      if (hit.tier === undefined && !options.all) continue;
      report.hits += 1;
      await write(`${JSON.stringify(hit)}\n`);
    }
  }
  if (report.listings !== report.lines - report.invalidLines) {
    throw new Error(
      `${options.listings}: changed while it was read (${report.lines - report.invalidLines} valid lines checked, ` +
        `${report.listings} matched)`,
    );
  }
  return report;
}

/** The path itself for a regular file; otherwise (pipe, FIFO, device) a temporary copy, removed afterwards. */
async function spoolUnlessRegularFile(path: string): Promise<{ path: string; remove: () => void }> {
  // `-` is standard input; so is /dev/stdin, read from the stream because a socket cannot be reopened by path.
  const stdin = path === '-' || path === '/dev/stdin';
  if (stdin) return spool(process.stdin);
  let regular: boolean;
  try {
    regular = statSync(path).isFile();
  } catch {
    return { path, remove: () => {} }; // missing: the first pass reports it, naming the file
  }
  return regular ? { path, remove: () => {} } : spool(createReadStream(path));
}

async function spool(input: Readable): Promise<{ path: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'markwatch-match-'));
  const copy = join(dir, 'listings.jsonl');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    await pipeline(input, createWriteStream(copy));
  } catch (err) {
    remove();
    throw err;
  }
  return { path: copy, remove };
}

/** The stderr lines for a report: every problem, then what happened. */
export function describeMatchReport(
  report: MatchReport,
  options: Pick<MatchOptions, 'skipInvalid'>,
): string[] {
  const lines = report.problems.map(formatProblem);
  if (report.invalidLines > 0) {
    lines.push(
      report.matched
        ? `markwatch match: ${report.invalidLines} of ${report.lines} lines skipped (invalid)`
        : `markwatch match: ${report.invalidLines} of ${report.lines} lines invalid; nothing matched` +
            (options.skipInvalid ? '' : ' (--skip-invalid matches the valid lines)'),
    );
  } else if (!report.matched) {
    lines.push(`markwatch match: ${report.problems.length} problem(s) in the input; nothing matched`);
  }
  if (report.matched) {
    lines.push(
      `已比对 ${report.listings} 条商品，标记命中 ${report.flagged} 条，观察 ${report.watch} 条，输出 ${report.hits} 条 ` +
        `(matched ${report.listings} listings, ${report.flagged} flagged, ${report.watch} watch, ${report.hits} written)`,
    );
  }
  return lines;
}

export function register(program: Command): void {
  program
    .command('match')
    .description(
      '用监测名单比对商品 JSONL，输出命中 JSONL (match listings against a watch list; hits as JSONL)',
    )
    .requiredOption('--watchlist <file>', '监测名单 JSON (watch list: {"rights": [...]})')
    .requiredOption(
      '--listings <file>',
      '商品 JSONL，每行一条；- 为标准输入 (listings, one JSON object per line; - reads standard input)',
    )
    .option('--all', '同时输出无层级的弱命中 (also print weak hits, which have no tier)')
    .option(
      '--skip-invalid',
      '跳过无效行并逐一报告，仍以 1 退出 (match the valid lines, report and skip the invalid ones; exit 1)',
    )
    .action(async (options: MatchOptions, command: Command) => {
      // Index build garbage piles up under V8's default heap growth (see config/heapGrowth.ts).
      boundHeapGrowth(configFor(command).crawl.heapGrowthPercent);
      const report = await runMatch(options);
      process.stderr.write(describeMatchReport(report, options).join('\n') + '\n');
      if (report.problems.length > 0) process.exitCode = 1;
    });
}
