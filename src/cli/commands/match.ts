import type { Command } from 'commander';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { boundHeapGrowth } from '../../config/heapGrowth.js';
import { createMatcher } from '../../match/engine.js';
import { readListingsJsonl } from '../../match/listingsJsonl.js';
import { loadWatchListFile } from '../../rights/watchListFile.js';
import { configFor } from '../context.js';

/*
 * markwatch match --watchlist W.json --listings L.jsonl [--all]: hits as JSONL on stdout (flagged only, or
 * every hit with --all), a summary on stderr. A malformed line stops with the line and the field named.
 */

interface MatchOptions {
  watchlist: string;
  listings: string;
  all?: boolean;
}

/** Streams the hits of every listing to `out` as JSONL; returns the counts. */
export async function runMatch(
  options: MatchOptions,
  out: Writable = process.stdout,
): Promise<{ listings: number; hits: number; flagged: number }> {
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const rights = loadWatchListFile(options.watchlist);
  const matcher = createMatcher(rights);
  const counts = { listings: 0, hits: 0, flagged: 0 };
  for await (const { listing } of readListingsJsonl(options.listings)) {
    counts.listings += 1;
    for (const hit of matcher.match(listing)) {
      if (hit.flagged) counts.flagged += 1;
      if (!hit.flagged && !options.all) continue;
      counts.hits += 1;
      await write(`${JSON.stringify(hit)}\n`);
    }
  }
  return counts;
}

export function register(program: Command): void {
  program
    .command('match')
    .description(
      '用监测名单比对商品 JSONL，输出命中 JSONL (match listings against a watch list; hits as JSONL)',
    )
    .requiredOption('--watchlist <file>', '监测名单 JSON (watch list: {"rights": [...]})')
    .requiredOption('--listings <file>', '商品 JSONL，每行一条 (listings, one JSON object per line)')
    .option('--all', '同时输出未标记的弱命中 (also print weak, unflagged hits)')
    .action(async (options: MatchOptions, command: Command) => {
      // Index build garbage piles up under V8's default heap growth (see config/heapGrowth.ts).
      boundHeapGrowth(configFor(command).crawl.heapGrowthPercent);
      const counts = await runMatch(options);
      process.stderr.write(
        `已比对 ${counts.listings} 条商品，标记命中 ${counts.flagged} 条，输出 ${counts.hits} 条 ` +
          `(matched ${counts.listings} listings, ${counts.flagged} flagged, ${counts.hits} written)\n`,
      );
    });
}
