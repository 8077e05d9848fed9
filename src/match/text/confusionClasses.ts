import { z } from 'zod';
import { parseJsonFile } from '../../common/jsonFile.js';
import { cachedForDefault, CONFUSION_FILE, matchDataError } from './dataFiles.js';

/*
 * The project-owned 形近字 confusion-class table (data/confusion/, built by scripts/build-confusion-table.mjs).
 * Canonicalisation maps every member of a class to its representative, on both the mark and the text side, so
 * 康帅傅 and 康师傅 meet at the same key. The table is 1:1 per UTF-16 unit, so canonical text keeps the offsets
 * of the normalised text. Latin `l` reads as `i` here (UTS #39 skeleton: I, l, 1 look alike).
 */

const ConfusionFileSchema = z
  .object({
    source: z.string().min(1),
    effectiveDate: z.string().min(1),
    derivation: z.string().optional(),
    classes: z.array(z.string().min(2)),
    /** Radicals NFKC leaves alone (CJK Radicals Supplement) → unified ideograph: ⻗ → 雨. */
    radicals: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export interface ConfusionTable {
  /** UTF-16 unit → representative unit. */
  canon: Uint16Array;
  classes: number;
  source: string;
  radicals: ReadonlyMap<string, string>;
}

export const loadConfusionTable = cachedForDefault(CONFUSION_FILE, (file): ConfusionTable => {
  const data = parseJsonFile(file, ConfusionFileSchema, { error: matchDataError });
  const canon = new Uint16Array(0x10000);
  for (let u = 0; u < canon.length; u++) canon[u] = u;
  for (const members of data.classes) {
    const units = [...members].filter((c) => c.length === 1).map((c) => c.charCodeAt(0));
    const rep = units[0];
    if (rep === undefined) continue;
    for (const u of units) canon[u] = rep;
  }
  canon['l'.charCodeAt(0)] = 'i'.charCodeAt(0);
  return {
    canon,
    classes: data.classes.length,
    source: data.source,
    radicals: new Map(Object.entries(data.radicals ?? {})),
  };
});

/** The canonical form of `units[0..length)` under `canon` (a table's fine or coarse unit map). */
export function canonicalize(canon: Uint16Array, units: Uint16Array, length: number, out: Uint16Array): void {
  for (let i = 0; i < length; i++) out[i] = canon[units[i]!]!;
}
