import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagePath } from '../../../common/packageRoot.js';

/** One `markwatch crawl --workers N` run of the scale bench, in a fresh data directory (and database). */
export interface ScaleRunInput {
  workers: number;
  /** Pages at once per process. */
  concurrency: number;
  /** Base URL per platform (each platform on its own host, so politeness keys differ). */
  baseUrls: Record<string, string>;
  /** Per host: at most one request per minDelayMs, at most maxConcurrency at once. */
  minDelayMs: number;
  maxConcurrency: number;
  budget: number;
  /** PostgreSQL URL of a fresh database; SQLite when absent. */
  pgUrl?: string;
}

export interface ScaleRunResult {
  status: string;
  pages: number;
  stderrTail: string;
}

export async function runScale(input: ScaleRunInput): Promise<ScaleRunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'markwatch-scale-'));
  try {
    const configFile = join(dir, 'config.json');
    const site = { minDelayMs: input.minDelayMs, concurrency: input.maxConcurrency };
    writeFileSync(
      configFile,
      JSON.stringify({
        ...(input.pgUrl
          ? { store: { kind: 'postgres', url: input.pgUrl, poolSize: input.concurrency + 4 } }
          : {}),
        crawl: {
          sites: Object.fromEntries(
            Object.entries(input.baseUrls).map(([p, baseUrl]) => [p, { baseUrl, ...site }]),
          ),
          evidence: 'hits',
          warc: false,
        },
      }),
    );
    const args = [
      packagePath('bin', 'markwatch.js'),
      '--data-dir',
      join(dir, 'data'),
      '--config',
      configFile,
      'crawl',
      '--watchlist',
      packagePath('data', 'demo-watchlist.json'),
      ...Object.keys(input.baseUrls).flatMap((p) => ['--platform', p]),
      '--budget',
      String(input.budget),
      '--concurrency',
      String(input.concurrency),
      '--workers',
      String(input.workers),
      '--json',
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const last = stdout.trim().split('\n').at(-1) ?? '';
    if (!last.startsWith('{')) {
      return { status: `exit ${code}`, pages: 0, stderrTail: stderr.slice(-600) };
    }
    const s = JSON.parse(last) as { status: string; pages: number };
    return { status: s.status, pages: s.pages, stderrTail: '' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
