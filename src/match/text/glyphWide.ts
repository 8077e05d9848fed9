import { z } from 'zod';
import { parseJsonFile } from '../../common/jsonFile.js';
import { packagePath } from '../../common/packageRoot.js';
import { cachedForDefault, matchDataError } from './dataFiles.js';

/*
 * Wide glyph look-alikes (data/confusion/glyph-wide.json, built by scripts/build-glyph-wide.py from printed
 * glyphs): per common character, the common characters printed alike that overlap it both ways or share its
 * radical (海/河, 康/廉, 六/大), and rare characters nearly inside it or containing it (雲 beside 雪). Looser than
 * the top-k neighbours, so they are used only for the characters of a short watch list (glyphCoarse.ts).
 */

export const GLYPH_WIDE_FILE = packagePath('data', 'confusion', 'glyph-wide.json');

const WideFileSchema = z
  .object({
    source: z.string().min(1),
    effectiveDate: z.string().min(1),
    derivation: z.string().optional(),
    wide: z.record(z.string().length(1), z.string().min(1)),
    rare: z.record(z.string().length(1), z.string().min(1)),
  })
  .strict();

export interface GlyphWide {
  /** UTF-16 unit → common look-alikes, best first. */
  readonly byUnit: ReadonlyMap<number, string>;
  /** UTF-16 unit → rare look-alikes (BMP), best first. */
  readonly rareByUnit: ReadonlyMap<number, string>;
}

export const loadGlyphWide = cachedForDefault(GLYPH_WIDE_FILE, (file): GlyphWide => {
  const data = parseJsonFile(file, WideFileSchema, { error: matchDataError });
  const units = (record: Record<string, string>) =>
    new Map(Object.entries(record).map(([ch, list]) => [ch.charCodeAt(0), list] as const));
  return { byUnit: units(data.wide), rareByUnit: units(data.rare) };
});
