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
 * `npm run bench -- export [--leads N] [--sizes 100,1000,2000] [--screenshot-kb 32]`: seeds a temporary data
 * directory with leads and evidence, then for each size exports that many leads in a fresh child process and
 * prints the time, the ZIP size, the child's peak RSS (process.resourceUsage().maxRSS) and the most heap still
 * reachable after a forced GC at each tenth of the export (what the export holds on to).
 *
 * Flat, stated as two checks: (1) retention — reachable heap grows by less than 8 KB a lead between the
 * smallest and largest export (what remains is yazl's central directory, which any ZIP writer holds until the
 * end, about 0.6 KB an entry); (2) peak RSS plateaus — the largest export's peak is within 15 % of the one
 * before it. Peak RSS does rise from a short export to a longer one: V8 lets garbage (read buffers, zlib
 * output) pile up to a larger heap before collecting in a longer run; that is GC sizing, not retention.
 */

const RETAINED_KB_PER_LEAD = 8;
const PLATEAU_RATIO = 1.15;

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
  const sizes = arg(args, 'sizes', '100,1000,2000').split(',').map(Number);
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
    const before = results[results.length - 2] ?? first;
    const retainedKbPerLead =
      ((last.heapAfterGcMb - first.heapAfterGcMb) * 1024) / Math.max(1, last.leads - first.leads);
    const retentionFlat = retainedKbPerLead < RETAINED_KB_PER_LEAD;
    const plateau = last.peakRssMb <= before.peakRssMb * PLATEAU_RATIO;
    const flat = retentionFlat && plateau;
    process.stdout.write(
      `retained heap: ${retainedKbPerLead.toFixed(2)} KB a lead (flat if < ${RETAINED_KB_PER_LEAD}): ${retentionFlat ? 'yes' : 'NO'}\n` +
        `peak RSS plateau: ${before.peakRssMb.toFixed(0)} MB at ${before.leads} → ${last.peakRssMb.toFixed(0)} MB at ${last.leads} ` +
        `(flat if ≤ ${PLATEAU_RATIO} ×): ${plateau ? 'yes' : 'NO'}\n` +
        `RSS flat: ${flat ? 'yes' : 'NO'}\n`,
    );
    if (!flat) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
