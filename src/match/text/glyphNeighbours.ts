import { z } from 'zod';
import { parseJsonFile } from '../../common/jsonFile.js';
import { packagePath } from '../../common/packageRoot.js';
import type { ConfusionTable } from './confusionClasses.js';
import { matchDataError } from './dataFiles.js';

/*
 * 形近 from glyph structure (data/confusion/glyph-neighbours.json, built by scripts/build-glyph-neighbours.mjs from
 * CJK decomposition data and Unihan strokes): each common character's visually closest common characters, best
 * first. Similarity is not transitive (师~帅, 帅~归, but not 师~归), so these are not classes: at index build a
 * Chinese mark gets extra patterns with one character replaced by one of its top-k neighbours (every occurrence
 * of that character, or one position), and those patterns report `shape` like a class match.
 */

export const GLYPH_NEIGHBOURS_FILE = packagePath('data', 'confusion', 'glyph-neighbours.json');

const GlyphFileSchema = z
  .object({
    source: z.string().min(1),
    effectiveDate: z.string().min(1),
    derivation: z.string().optional(),
    maxK: z.number().int().positive(),
    neighbours: z.record(z.string().length(1), z.string().min(1)),
  })
  .strict();

export interface GlyphNeighbours {
  /** UTF-16 unit → its neighbours, best first. */
  readonly byUnit: ReadonlyMap<number, string>;
  readonly maxK: number;
  readonly source: string;
}

let cached: GlyphNeighbours | undefined;

export function loadGlyphNeighbours(file: string = GLYPH_NEIGHBOURS_FILE): GlyphNeighbours {
  if (file === GLYPH_NEIGHBOURS_FILE && cached) return cached;
  const data = parseJsonFile(file, GlyphFileSchema, { error: matchDataError });
  const byUnit = new Map<number, string>();
  for (const [ch, list] of Object.entries(data.neighbours)) byUnit.set(ch.charCodeAt(0), list);
  const table = { byUnit, maxK: data.maxK, source: data.source };
  if (file === GLYPH_NEIGHBOURS_FILE) cached = table;
  return table;
}

/**
 * The confusion-canonical keys of `norm` with one Han character replaced by one of its top-`k` glyph neighbours
 * (all occurrences, then each single occurrence of a repeated character), without `norm`'s own key.
 */
export function glyphVariantKeys(
  norm: string,
  isHan: (i: number) => boolean,
  glyph: GlyphNeighbours,
  confusion: ConfusionTable,
  k: number,
): string[] {
  if (k <= 0) return [];
  const canon = confusion.canon;
  const units = new Uint16Array(norm.length);
  for (let i = 0; i < norm.length; i++) units[i] = canon[norm.charCodeAt(i)]!;
  const own = String.fromCharCode(...units);
  const keys = new Set<string>();
  const done = new Set<number>();
  for (let i = 0; i < norm.length; i++) {
    const u = norm.charCodeAt(i);
    if (!isHan(i)) continue;
    const list = glyph.byUnit.get(u);
    if (!list) continue;
    const positions: number[] = [];
    for (let j = 0; j < norm.length; j++) if (norm.charCodeAt(j) === u) positions.push(j);
    const groups = done.has(u) ? [] : [positions];
    done.add(u);
    if (positions.length > 1) groups.push([i]);
    for (let n = 0; n < Math.min(k, list.length); n++) {
      const v = canon[list.charCodeAt(n)]!;
      for (const group of groups) {
        const copy = units.slice();
        for (const p of group) copy[p] = v;
        const key = String.fromCharCode(...copy);
        if (key !== own) keys.add(key);
      }
    }
  }
  return [...keys];
}
