import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../../config/loadConfig.js';
import { openStore } from '../../store/index.js';
import { argValue } from './args.js';
import { IDS_FILE, runChild, type ChildResult, type MemorySample } from './exportBenchChild.js';
import { seedExportLeads } from './exportSeed.js';

/*
 * `npm run bench -- export [--sizes 100,1000,2000] [--every 100] [--screenshot-kb 32] [--heap-growth 50]`:
 * seeds a temporary data directory with leads and evidence (4 artefacts a lead), then exports each size in a
 * fresh child process (exportBenchChild.ts) and prints its time, ZIP size and peak RSS, what it holds after a
 * GC at the end, and, for the largest, RSS and heap every `--every` leads.
 *
 * Flat, as one check per step between sizes: the rise of peak RSS over the RSS after opening the store is no
 * more than the ZIP directory — twice the rise of what the export holds after a GC, since yazl holds the
 * directory and then writes all its records at once at the end (that copy is smaller than the held form) —
 * plus, from the smallest size, WARM_UP_MB of costs a longer run pays once whatever its length (SQLite's page
 * cache filling to its 2 MB cap, code compiled as paths get hot), or NOISE_MB between the larger sizes; and,
 * within the largest export, RSS from lead WARM_UP_LEADS to the end grows by no more than the directory.
 */

const WARM_UP_MB = 4;
/** Where the bounded warm-up (page cache, allocator high-water) is over in the per-100 samples. */
const WARM_UP_LEADS = 500;
const NOISE_MB = 2;

/** An empty value is kept (`--heap-growth ''` is 0, V8's default), unlike the other benches' `arg`. */
function arg(args: string[], name: string, fallback: string): string {
  return argValue(args, name) ?? fallback;
}

const fixed = (n: number, digits = 0): string => n.toFixed(digits);

function sampleTable(samples: MemorySample[]): string {
  const rows = samples.map(
    (s) =>
      `| ${String(s.leads).padStart(5)} | ${fixed(s.rssMb).padStart(4)} | ${fixed(s.peakRssMb).padStart(4)} | ` +
      `${fixed(s.heapTotalMb, 1).padStart(5)} | ${fixed(s.heapUsedMb, 1).padStart(5)} | ${fixed(s.externalMb, 1).padStart(5)} |`,
  );
  return [
    '| leads | RSS  | peak | heap total | heap used | external |',
    '| ----: | ---: | ---: | ---------: | --------: | -------: |',
    ...rows,
  ].join('\n');
}

function exportIn(dir: string, n: number, every: number, heapGrowth: number): ChildResult {
  const run = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      fileURLToPath(import.meta.url),
      '--child',
      dir,
      String(n),
      String(every),
      String(heapGrowth),
    ],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`export of ${n} leads failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() as string) as ChildResult;
}

function verdict(results: ChildResult[]): boolean {
  let flat = true;
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1] as ChildResult;
    const b = results[i] as ChildResult;
    const held = b.heldMb - a.heldMb;
    const allowance = 2 * held + (i === 1 ? WARM_UP_MB : NOISE_MB);
    const grew = b.peakRssMb - b.baseRssMb - (a.peakRssMb - a.baseRssMb);
    const ok = grew <= allowance;
    flat &&= ok;
    process.stdout.write(
      `${a.leads} → ${b.leads} leads: peak RSS over RSS after open +${fixed(grew, 1)} MB; held after GC +${fixed(held, 1)} MB ` +
        `(${fixed((held * 1024) / (b.leads - a.leads), 2)} KB a lead: the ZIP directory); ` +
        `flat if ≤ ${fixed(allowance, 1)} MB (2 × held + ${i === 1 ? `${WARM_UP_MB} MB warm-up` : `${NOISE_MB} MB noise`}): ${ok ? 'yes' : 'NO'}\n`,
    );
  }
  const steady = afterWarmUp(results);
  return flat && steady;
}

/**
 * Within the largest export's own samples (no process-to-process noise): from WARM_UP_LEADS on, RSS grows by
 * no more than the directory (2 × the held growth a lead, measured between the smallest and largest export).
 */
function afterWarmUp(results: ChildResult[]): boolean {
  const small = results[0] as ChildResult;
  const large = results[results.length - 1] as ChildResult;
  const from = large.samples.find((x) => x.leads >= WARM_UP_LEADS);
  const to = large.samples[large.samples.length - 1];
  if (!from || !to || to.leads <= from.leads || large.leads <= small.leads) return true;
  const perLeadMb = (large.heldMb - small.heldMb) / (large.leads - small.leads);
  const allowance = 2 * perLeadMb * (to.leads - from.leads) + NOISE_MB;
  const grew = to.rssMb - from.rssMb;
  const ok = grew <= allowance;
  process.stdout.write(
    `after warm-up, lead ${from.leads} → ${to.leads} of one export: RSS +${fixed(grew, 1)} MB; ` +
      `flat if ≤ ${fixed(allowance, 1)} MB (2 × held ${fixed(perLeadMb * 1024, 2)} KB a lead + ${NOISE_MB} MB noise): ${ok ? 'yes' : 'NO'}\n`,
  );
  return ok;
}

async function main(args: string[]): Promise<void> {
  if (args[0] === '--child') {
    return runChild(args[1] as string, Number(args[2]), Number(args[3]), Number(args[4]));
  }
  const sizes = arg(args, 'sizes', '100,1000,2000').split(',').map(Number);
  const every = Number(arg(args, 'every', '100'));
  const screenshotKb = Number(arg(args, 'screenshot-kb', '32'));
  const heapGrowth = Number(
    arg(args, 'heap-growth', String(parseConfig({}, 'defaults').crawl.heapGrowthPercent)),
  );
  const leads = Math.max(...sizes);
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0) || !(every > 0)) {
    throw new Error('--sizes: positive integers; --every: a positive number of leads');
  }
  const dir = mkdtempSync(join(tmpdir(), 'markwatch-bench-export-'));
  try {
    const seedStart = performance.now();
    const store = await openStore(dir);
    const ids = await seedExportLeads(store, { leads, screenshotBytes: screenshotKb * 1024 });
    await store.close();
    writeFileSync(join(dir, IDS_FILE), JSON.stringify(ids));
    process.stdout.write(
      `seeded ${leads} leads (4 artefacts each, ${screenshotKb} KB screenshots) in ${fixed((performance.now() - seedStart) / 1000, 1)} s; ` +
        `heap growth ${heapGrowth > 0 ? `${heapGrowth} %` : "V8's default"}; load average ${fixed(loadavg()[0] as number, 1)}\n`,
    );
    const results: ChildResult[] = [];
    for (const n of sizes) {
      const r = exportIn(dir, n, every, heapGrowth);
      results.push(r);
      process.stdout.write(
        `export ${String(r.leads).padStart(5)} leads: ${fixed(r.ms / 1000, 2)} s (CPU ${fixed(r.cpuMs / 1000, 2)} s), ${r.files} files, ` +
          `ZIP ${fixed(r.zipMb, 1)} MB, RSS after open ${fixed(r.baseRssMb)} MB, peak RSS ${fixed(r.peakRssMb)} MB, ` +
          `held after GC at the end ${fixed(r.heldMb, 1)} MB\n`,
      );
    }
    results.sort((a, b) => a.leads - b.leads);
    const largest = results.at(-1)!;
    process.stdout.write(
      `\nmemory every ${every} leads of the ${largest.leads}-lead export (MB, no forced GC):\n${sampleTable(largest.samples)}\n\n`,
    );
    const flat = verdict(results);
    process.stdout.write(`RSS flat: ${flat ? 'yes' : 'NO'}\n`);
    if (!flat) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
