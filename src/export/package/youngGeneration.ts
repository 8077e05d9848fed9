import { setFlagsFromString } from 'node:v8';

/*
 * Why a bulk export's peak RSS grew with the number of leads although what it holds grows only by the ZIP
 * directory: V8 doubles its young generation (up to 16 MB a semi-space, ×2) each time the bytes that
 * survived scavenges since the last doubling exceed its size. An export keeps a little of every lead (the
 * directory entry) and always has a few streams in flight, so survivors add up steadily, and the longer the
 * export, the more doublings: heap total 28 → 47 MB at ~500 leads and peak RSS 92 / 117 / 146 MB for
 * 100 / 1,000 / 2,000 leads, while the heap reachable after a GC stayed at 10–18 MB. Capping the semi-space
 * (`--max-semi-space-size`) cannot be done once V8 is running, but the growth factor is read at each
 * doubling: set to 1, the young generation stays at the size it has (1 MB a semi-space in a fresh CLI
 * process; a web server that already grew its own keeps it).
 *
 * The export holds the young generation for its duration and gives V8's default (2) back when the last
 * export running in the process ends. Process-wide, like `boundHeapGrowth` (src/config/heapGrowth.ts), which
 * the export applies too (src/app/leadPackages.ts): with more promotion into the old generation, that bound
 * keeps the old generation near its live size. Cost: more, smaller scavenges (docs/exports.md, Bench).
 */

export const DEFAULT_GROWTH_FACTOR = 2;

export type SetV8Flags = (flags: string) => void;

/** A counter of holders over one flag setter (a fresh one per test; the process uses `holdYoungGeneration`). */
export function youngGenerationHolder(set: SetV8Flags = setFlagsFromString): () => () => void {
  let holders = 0;
  return () => {
    if (holders++ === 0) set('--semi-space-growth-factor=1');
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--holders === 0) set(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
    };
  };
}

/** Keeps V8's young generation from growing until the returned release is called (idempotent). */
export const holdYoungGeneration = youngGenerationHolder();
