import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Store } from '../../src/store/index.js';

export { maxInWindow } from '../../src/tools/bench/scale/hostRates.js';

/** A child `markwatch` process with its JSON stderr lines parsed as they come. */
export interface CliProcess {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>;
  /** Every JSON line so far. */
  lines: Record<string, unknown>[];
  /** Called on every JSON line. */
  onLine(fn: (line: Record<string, unknown>) => void): void;
}

export function startCli(args: string[], children: ChildProcess[]): CliProcess {
  const child = spawn(process.execPath, ['bin/markwatch.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines: Record<string, unknown>[] = [];
  const listeners: ((line: Record<string, unknown>) => void)[] = [];
  createInterface({ input: child.stderr! }).on('line', (text) => {
    if (!text.startsWith('{')) return;
    const line = JSON.parse(text) as Record<string, unknown>;
    lines.push(line);
    for (const l of listeners) l(line);
  });
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout })),
  );
  return { child, exited, lines, onLine: (fn) => listeners.push(fn) };
}

/** What a run produced, independent of which process did what. */
export async function runSnapshot(store: Store, runPk: number) {
  const entries = await store.frontier.entries(runPk);
  const listings: string[] = [];
  let versions = 0;
  let hits = 0;
  const findingsPerListing: string[] = [];
  const findings = await store.findings.list({ limit: 10_000 });
  for (const e of entries.filter((x) => x.kind === 'item' && x.state === 'done')) {
    const stored = await store.listings.get(e.platform, e.itemId!);
    if (!stored) throw new Error(`done row ${e.id} without listing`);
    listings.push(`${e.platform}/${e.itemId}`);
    versions += (await store.listings.versions(e.platform, e.itemId!)).length;
    hits += (await store.hits.forListing(stored.pk)).length;
    const mine = findings.filter((f) => f.platform === e.platform && f.listingId === e.itemId);
    findingsPerListing.push(
      `${e.platform}/${e.itemId}:${mine
        .map((f) => `${f.rightId}/${f.reason}`)
        .sort()
        .join(',')}`,
    );
  }
  return {
    listings: listings.sort(),
    versions,
    hits,
    findingsPerListing: findingsPerListing.sort(),
    tally: await store.frontier.tally(runPk),
  };
}
