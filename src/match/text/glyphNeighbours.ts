import { z } from 'zod';
import { parseJsonFile } from '../../common/jsonFile.js';
import { packagePath } from '../../common/packageRoot.js';
import { cachedForDefault, matchDataError } from './dataFiles.js';

/*
 * 形近 from glyph structure (data/confusion/glyph-neighbours.json, built by scripts/build-glyph-neighbours.mjs from
 * CJK decomposition data and Unihan strokes): each common character's visually closest common characters, best
 * first. Similarity is not transitive (师~帅, 帅~归, but not 师~归), so these are not classes: glyphCoarse.ts
 * merges them into coarser scan keys, and the text index verifies each hit against the lists.
 */

export const GLYPH_NEIGHBOURS_FILE = packagePath('data', 'confusion', 'glyph-neighbours.json');

const GlyphFileSchema = z
  .object({
    source: z.string().min(1),
    effectiveDate: z.string().min(1),
    derivation: z.string().optional(),
    maxK: z.number().int().positive(),
    neighbours: z.record(z.string().length(1), z.string().min(1)),
    /** Rare look-alikes outside GB 2312 (仐 for 个), a few per character: everyday text hardly uses them. */
    rare: z.record(z.string().length(1), z.string().min(1)).optional(),
  })
  .strict();

export interface GlyphNeighbours {
  /** UTF-16 unit → its neighbours, best first. */
  readonly byUnit: ReadonlyMap<number, string>;
  /** UTF-16 unit → rare look-alikes (BMP only), accepted whatever the top k. */
  readonly rareByUnit: ReadonlyMap<number, string>;
  readonly maxK: number;
  readonly source: string;
}

export const loadGlyphNeighbours = cachedForDefault(GLYPH_NEIGHBOURS_FILE, (file): GlyphNeighbours => {
  const data = parseJsonFile(file, GlyphFileSchema, { error: matchDataError });
  const byUnit = new Map<number, string>();
  for (const [ch, list] of Object.entries(data.neighbours)) byUnit.set(ch.charCodeAt(0), list);
  const rareByUnit = new Map<number, string>();
  for (const [ch, list] of Object.entries(data.rare ?? {})) rareByUnit.set(ch.charCodeAt(0), list);
  return { byUnit, rareByUnit, maxK: data.maxK, source: data.source };
});
