import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { MatchDataError } from '../../../src/match/text/dataFiles.js';
import { glyphWideFor, MAX_GLYPH_WIDE } from '../../../src/match/text/glyphCoarse.js';
import { loadGlyphWide } from '../../../src/match/text/glyphWide.js';
import { buildTextIndex, loadVocabulary } from '../../../src/match/text/index.js';
import { trademark } from './helpers.js';

/*
 * Wide glyph look-alikes (data/confusion/glyph-wide.json) for the characters of a short watch list: each one
 * outside the watched character's coarse class is scanned as a pattern of its own, then verified as usual.
 */

const shapeMentions = (index: ReturnType<typeof buildTextIndex>, title: string, rightId: string) =>
  index.scan({ title }).mentions.filter((m) => m.rightId === rightId && m.evasions.includes('shape'));

describe('wide glyph look-alikes', () => {
  test('the data lists printed look-alikes of common characters, and rare forms apart', () => {
    const wide = loadGlyphWide();
    expect(wide.byUnit.size).toBeGreaterThan(6_000);
    const list = (ch: string) => wide.byUnit.get(ch.charCodeAt(0)) ?? '';
    expect(list('河')).toContain('海'); // same radical, printed alike
    expect(list('川')).toContain('州'); // overlapping both ways
    expect(wide.rareByUnit.get('雪'.charCodeAt(0))).toContain('雲'); // a traditional form, nearly inside
  });

  test('every watched character gets them on a short watch list, none on a long one', () => {
    expect(glyphWideFor(100)).toBe(MAX_GLYPH_WIDE);
    expect(glyphWideFor(500)).toBe(8);
    expect(glyphWideFor(2_000)).toBe(2);
    expect(glyphWideFor(7_000)).toBe(0);
  });

  test('a wide look-alike of a watched character is a shape mention; off, it is not', () => {
    const rights = [trademark('tm-hdl', '海底捞')];
    const on = buildTextIndex(rights, loadVocabulary());
    const off = buildTextIndex(rights, loadVocabulary(), { glyphWide: 0 });
    expect(shapeMentions(on, '河底捞火锅底料麻辣牛油', 'tm-hdl')).toHaveLength(1);
    expect(shapeMentions(off, '河底捞火锅底料麻辣牛油', 'tm-hdl')).toHaveLength(0);
    // still one substitution per mention
    expect(shapeMentions(on, '河底拐火锅底料', 'tm-hdl')).toHaveLength(0);
  });

  test('a traditional character is judged as written, before the fold (雲 for 雪; 云 is no look-alike)', () => {
    const index = buildTextIndex([trademark('tm-sprite', '雪碧')], loadVocabulary());
    const found = shapeMentions(index, '雲碧柠檬味汽水500ml', 'tm-sprite');
    expect(found).toHaveLength(1);
    expect(found[0]!.evasions).toEqual(expect.arrayContaining(['shape', 'traditional']));
    expect(shapeMentions(index, '云碧柠檬味汽水500ml', 'tm-sprite')).toHaveLength(0);
  });

  test('a bad data file is refused with its name', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'glyph-wide-')), 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ source: 'x', effectiveDate: '2026-12-04', wide: { 海: '' }, rare: {} }),
    );
    expect(() => loadGlyphWide(file)).toThrow(MatchDataError);
    expect(() => loadGlyphWide(file)).toThrow(/bad\.json/);
  });
});
