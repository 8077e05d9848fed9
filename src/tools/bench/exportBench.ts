import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportLeadPackages } from '../../export/package/bulkExport.js';
import { packageEnvironment } from '../../export/package/manifest.js';
import { openStore } from '../../store/index.js';
import { seedExportLeads } from './exportSeed.js';

/*
 * `npm run bench -- export [--leads 1000] [--sizes 100,1000] [--screenshot-kb 32]`: seeds a temporary data
 * directory with leads and evidence, then for each size exports that many leads in a fresh child process and
 * prints the time, the ZIP size and the child's peak RSS (process.resourceUsage().maxRSS). Memory is flat when
 * the peak RSS of the largest export is within 25 % or 32 MB (whichever is larger) of the smallest's: more leads, more time, not
 * more memory.
 */

const FLAT_RATIO = 1.25;
const FLAT_SLACK_MB = 32;

function arg(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
}

interface ChildResult {
  leads: number;
  ms: number;
  zipMb: number;
  files: number;
  peakRssMb: number;
  baseRssMb: number;
  /** The most heap still reachable (after a GC) at any tenth of the export: retention, not churn. */
  heapAfterGcMb: number;
}

/** In the child: export the first `count` leads of `dir` and print the result as JSON. */
async function child(dir: string, count: number): Promise<void> {
  const store = await openStore(dir, { readonly: true });
  const ids = (await store.leads.list({ limit: count })).map((l) => l.id);
  const baseRssMb = process.memoryUsage().rss / 2 ** 20;
  const out = join(dir, `export-${count}.zip`);
  const gc = (globalThis as { gc?: () => void }).gc;
  // Reachable heap at each tenth of the export, garbage collected first: what the export holds on to.
  const retainedMb: number[] = [];
  const started = performance.now();
  const summary = await exportLeadPackages(
    { store, environment: packageEnvironment(null) },
    ids,
    createWriteStream(out),
    {
      onLead: (done, total) => {
        if (gc && done % Math.max(1, Math.floor(total / 10)) === 0) {
          gc();
          retainedMb.push(process.memoryUsage().heapUsed / 2 ** 20);
        }
      },
    },
  );
  const ms = performance.now() - started;
  await store.close();
  const result: ChildResult = {
    heapAfterGcMb: Math.max(...retainedMb),
    leads: summary.leads,
    ms,
    zipMb: statSync(out).size / 2 ** 20,
    files: summary.files,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    baseRssMb,
  };
  rmSync(out);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function main(args: string[]): Promise<void> {
  if (args[0] === '--child') return child(args[1] as string, Number(args[2]));
  const sizes = arg(args, 'sizes', '100,1000').split(',').map(Number);
  const leads = Number(arg(args, 'leads', String(Math.max(...sizes))));
  const screenshotKb = Number(arg(args, 'screenshot-kb', '32'));
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0) || !(leads >= Math.max(...sizes))) {
    throw new Error('--sizes: positive integers, none above --leads');
  }
  const dir = mkdtempSync(join(tmpdir(), 'markwatch-bench-export-'));
  try {
    const seedStart = performance.now();
    const store = await openStore(dir);
    await seedExportLeads(store, { leads, screenshotBytes: screenshotKb * 1024 });
    await store.close();
    process.stdout.write(
      `seeded ${leads} leads (4 artefacts each, ${screenshotKb} KB screenshots) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s\n`,
    );
    const results: ChildResult[] = [];
    for (const n of sizes) {
      const run = spawnSync(
        process.execPath,
        ['--expose-gc', fileURLToPath(import.meta.url), '--child', dir, String(n)],
        {
          encoding: 'utf8',
        },
      );
      if (run.status !== 0) throw new Error(`export of ${n} leads failed: ${run.stderr}`);
      const r = JSON.parse(run.stdout.trim().split('\n').pop() as string) as ChildResult;
      results.push(r);
      process.stdout.write(
        `export ${String(r.leads).padStart(5)} leads: ${(r.ms / 1000).toFixed(2)} s, ${r.files} files, ` +
          `ZIP ${r.zipMb.toFixed(1)} MB, RSS after open ${r.baseRssMb.toFixed(0)} MB, peak RSS ${r.peakRssMb.toFixed(0)} MB, ` +
          `max heap after GC ${r.heapAfterGcMb.toFixed(1)} MB\n`,
      );
    }
    const first = results[0] as ChildResult;
    const last = results[results.length - 1] as ChildResult;
    const limit = Math.max(first.peakRssMb * FLAT_RATIO, first.peakRssMb + FLAT_SLACK_MB);
    const flat = last.peakRssMb <= limit;
    process.stdout.write(
      `RSS flat (peak at ${last.leads} ≤ max(${FLAT_RATIO} × peak at ${first.leads}, +${FLAT_SLACK_MB} MB) = ${limit.toFixed(0)} MB): ` +
        `${flat ? 'yes' : 'NO'} (${first.peakRssMb.toFixed(0)} → ${last.peakRssMb.toFixed(0)} MB)\n`,
    );
    if (!flat) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
