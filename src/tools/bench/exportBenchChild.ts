import { createWriteStream, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { boundHeapGrowth } from '../../config/heapGrowth.js';
import { exportLeadPackages } from '../../export/package/bulkExport.js';
import { packageEnvironment } from '../../export/package/manifest.js';
import { openStore } from '../../store/index.js';

/*
 * One measured export, in a process of its own (started by exportBench.ts): the first `count` leads of a seeded
 * data directory into a ZIP, as `markwatch leads export` runs it (the same export function, and the old-
 * generation bound `crawl.heapGrowthPercent` that src/app/leadPackages.ts applies; no PDFs). Every `every`
 * leads it samples process.memoryUsage() and the peak RSS so far, without forcing a collection. Once, at the
 * last lead (before the central directory is written), it forces a GC to measure what the export holds:
 * that cannot lower the peak already reached, and it is not part of the product path.
 */

const MB = 2 ** 20;

/** The seeded lead ids, in the data directory: written by the parent, read by each child. */
export const IDS_FILE = 'bench-lead-ids.json';

export interface MemorySample {
  leads: number;
  rssMb: number;
  /** process.resourceUsage().maxRSS so far. */
  peakRssMb: number;
  heapTotalMb: number;
  heapUsedMb: number;
  /** Memory outside the V8 heap that V8 knows of (Buffers, zlib), array buffers included. */
  externalMb: number;
}

export interface ChildResult {
  leads: number;
  ms: number;
  /** CPU time (user + system) of the export: steadier than wall time on a shared machine. */
  cpuMs: number;
  zipMb: number;
  files: number;
  peakRssMb: number;
  baseRssMb: number;
  /** Heap used + array buffers after a forced GC at the last lead: what the export holds (mostly the directory). */
  heldMb: number;
  samples: MemorySample[];
}

function sample(leads: number): MemorySample {
  const m = process.memoryUsage();
  return {
    leads,
    rssMb: m.rss / MB,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapTotalMb: m.heapTotal / MB,
    heapUsedMb: m.heapUsed / MB,
    externalMb: m.external / MB,
  };
}

/** Exports the first `count` leads of `dir`; prints the ChildResult as one JSON line. */
export async function runChild(dir: string, count: number, every: number, heapGrowth: number): Promise<void> {
  boundHeapGrowth(heapGrowth);
  const store = await openStore(dir, { readonly: true });
  // The ids as the CLI gets them, from its arguments (listing 2,000 leads here would grow V8's young
  // generation before the export starts, which no export path does).
  const ids = (JSON.parse(readFileSync(join(dir, IDS_FILE), 'utf8')) as number[]).slice(0, count);
  const baseRssMb = process.memoryUsage().rss / MB;
  const out = join(dir, `export-${count}.zip`);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the export bench child needs --expose-gc');
  const samples: MemorySample[] = [];
  let heldMb = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const summary = await exportLeadPackages(
    { store, environment: packageEnvironment(null) },
    ids,
    createWriteStream(out),
    {
      onLead: (done, total) => {
        if (done % every === 0 || done === total) samples.push(sample(done));
        if (done === total) {
          // Twice: the second waits for the first one's sweep of array buffers to be accounted.
          gc();
          gc();
          const m = process.memoryUsage();
          heldMb = (m.heapUsed + m.arrayBuffers) / MB;
        }
      },
    },
  );
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  await store.close();
  const result: ChildResult = {
    leads: summary.leads,
    ms,
    cpuMs: (used.user + used.system) / 1000,
    zipMb: statSync(out).size / MB,
    files: summary.files,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    baseRssMb,
    heldMb,
    samples,
  };
  rmSync(out);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
