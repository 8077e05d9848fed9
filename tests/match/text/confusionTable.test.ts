import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfusionTable } from '../../../src/match/text/confusionClasses.js';
import { PACKAGE_ROOT as REPO_ROOT } from '../../../src/common/packageRoot.js';
import { CONFUSION_FILE, MatchDataError } from '../../../src/match/text/dataFiles.js';
import { loadGlyphNeighbours } from '../../../src/match/text/glyphNeighbours.js';
import {
  DEFAULT_GLYPH_CLASS_CAP,
  glyphClassCapFor,
  glyphCoarse,
  isGlyphPair,
} from '../../../src/match/text/glyphCoarse.js';
import { buildTextIndex, loadVocabulary } from '../../../src/match/text/index.js';
import { trademark } from './helpers.js';

const rep = (ch: string) => String.fromCharCode(loadConfusionTable().canon[ch.charCodeAt(0)]!);

describe('confusion-class table (data/confusion/)', () => {
  test('look-alike characters share a representative', () => {
    expect(rep('帅')).toBe(rep('师'));
    expect(rep('雷')).toBe(rep('雪'));
    expect(rep('粤')).toBe(rep('奥'));
    expect(rep('末')).toBe(rep('未'));
  });

  test('unrelated characters do not', () => {
    expect(rep('师')).not.toBe(rep('常'));
    expect(rep('耐')).not.toBe(rep('克'));
    expect(rep('大')).not.toBe(rep('米'));
  });

  test('every character belongs to one class (no chaining)', () => {
    const file = JSON.parse(readFileSync(CONFUSION_FILE, 'utf8')) as { classes: string[]; source: string };
    const seen = new Map<string, number>();
    file.classes.forEach((members, i) => {
      for (const ch of members) {
        expect(seen.get(ch), `${ch} in classes ${seen.get(ch)} and ${i}`).toBeUndefined();
        seen.set(ch, i);
      }
      expect([...members].length).toBeLessThanOrEqual(12);
    });
    expect(file.source).toMatch(/pycorrector/);
    expect(readFileSync(join(REPO_ROOT, 'data/confusion/ATTRIBUTION.md'), 'utf8')).toMatch(/Apache-2\.0/);
  });

  test('a broken table file is an error naming the file and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'confusion-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ source: 'x', effectiveDate: '2026-01-01', classes: ['帅'] }));
    expect(() => loadConfusionTable(file)).toThrow(MatchDataError);
    expect(() => loadConfusionTable(file)).toThrow(/bad\.json: field "classes\[0\]"/);
  });

  test.skipIf(!existsSync('/usr/share/unicode/Unihan_DictionaryLikeData.txt.bz2'))(
    'the committed table is what the build script derives',
    () => {
      const out = mkdtempSync(join(tmpdir(), 'confusion-build-'));
      copyFileSync(join(REPO_ROOT, 'data/confusion/reviewed-pairs.tsv'), join(out, 'reviewed-pairs.tsv'));
      execFileSync('node', [join(REPO_ROOT, 'scripts/build-confusion-table.mjs'), '--out', out], {
        cwd: REPO_ROOT,
      });
      const built = JSON.parse(readFileSync(join(out, 'confusion-classes.json'), 'utf8')) as {
        classes: string[];
      };
      const committed = JSON.parse(readFileSync(CONFUSION_FILE, 'utf8')) as { classes: string[] };
      expect(built.classes).toEqual(committed.classes);
    },
  );
});

describe('glyph neighbours (data/confusion/glyph-neighbours.json)', () => {
  const of = (ch: string) => loadGlyphNeighbours().byUnit.get(ch.charCodeAt(0)) ?? '';

  test('look-alikes by structure and print, best first', () => {
    expect(of('师')[0]).toBe('帅');
    expect(of('台')).toContain('合');
    expect(of('干')).toContain('千');
    expect(of('百')).toContain('白'); // a small stroke group
    expect(of('师')).not.toContain('常');
    expect(of('耐')).not.toContain('克');
  });

  test('lists are short, exclude the character itself and hold only BMP Han characters', () => {
    const table = loadGlyphNeighbours();
    for (const [unit, list] of table.byUnit) {
      expect([...list].length).toBeLessThanOrEqual(table.maxK);
      expect(list).not.toContain(String.fromCharCode(unit));
      expect(list).toMatch(/^\p{Script=Han}+$/u);
    }
    expect(readFileSync(join(REPO_ROOT, 'data/confusion/ATTRIBUTION.md'), 'utf8')).toMatch(
      /## Glyph neighbours/,
    );
  });

  test('a broken neighbours file is an error naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glyph-'));
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ source: 'x', effectiveDate: '2026-01-01', maxK: 2, neighbours: { 师: '' } }),
    );
    expect(() => loadGlyphNeighbours(file)).toThrow(MatchDataError);
    expect(() => loadGlyphNeighbours(file)).toThrow(/bad\.json/);
  });
});

describe('coarse scan classes (glyphCoarse.ts): scan on coarse keys, verify against the neighbour lists', () => {
  const fine = loadConfusionTable();
  const glyph = loadGlyphNeighbours();
  const u = (ch: string) => ch.charCodeAt(0);
  const fineOf = (ch: string) => fine.canon[u(ch)]!;

  test('coarse classes contain the fine classes, respect the cap and accept only listed look-alikes', () => {
    const coarse = glyphCoarse(fine, glyph, 8, 24);
    expect(coarse.largest).toBeLessThanOrEqual(24);
    expect(coarse.classes).toBeGreaterThan(100);
    for (let x = 0x4e00; x < 0x9fa6; x++) expect(coarse.canon[fine.canon[x]!]).toBe(coarse.canon[x]);
    expect(isGlyphPair(coarse, u('阴'), u('阳'))).toBe(true); // 阴 is in 阳's top 8
    expect(isGlyphPair(coarse, u('阳'), u('阴'))).toBe(true); // and both ways
    expect(isGlyphPair(coarse, u('常'), u('师'))).toBe(false);
  });

  test('the class cap shrinks as the watch list grows (chance hits to verify grow with both)', () => {
    expect(glyphClassCapFor(110)).toBe(DEFAULT_GLYPH_CLASS_CAP);
    expect(glyphClassCapFor(1_000)).toBe(32);
    expect(glyphClassCapFor(3_000)).toBe(12);
  });

  test('built around the watched characters, a short watch list keeps its look-alikes together', () => {
    const coarse = glyphCoarse(fine, glyph, 8, DEFAULT_GLYPH_CLASS_CAP, [u('射'), u('阳')]);
    expect(coarse.canon[u('阴')]).toBe(coarse.canon[u('阳')]);
  });

  test('one look-alike substitution per mention is a shape mention; two, or a non-neighbour, are rejected', () => {
    const index = buildTextIndex([trademark('tm-jy', '九阳')], loadVocabulary());
    const coarse = glyphCoarse(fine, glyph, 8, DEFAULT_GLYPH_CLASS_CAP, [u('九'), u('阳')]);
    const shapeOf = (title: string) =>
      index.scan({ title }).mentions.filter((m) => m.evasions.includes('shape')).length;
    // a look-alike of each character that shares its coarse key (fine-class members excluded)
    const partner = (ch: string) =>
      [...(glyph.byUnit.get(u(ch)) ?? '')]
        .slice(0, 8)
        .find((c) => coarse.canon[u(c)] === coarse.canon[u(ch)] && fineOf(c) !== fineOf(ch));
    const [a, b] = [partner('九'), partner('阳')];
    expect(b).toBeDefined();
    expect(shapeOf(`正品九${b}电饭煲`)).toBe(1);
    if (a) {
      expect(shapeOf(`正品${a}阳电饭煲`)).toBe(1);
      expect(shapeOf(`正品${a}${b}电饭煲`)).toBe(0);
    }
  });

  test("a coarse-key hit whose character is not a listed look-alike of the mark's is rejected", () => {
    // a chain 阳~阴~饭 puts all three under one coarse key, but only 阴 is a look-alike of 阳
    const chain = {
      byUnit: new Map([
        [u('阳'), '阴'],
        [u('阴'), '饭'],
      ]),
      rareByUnit: new Map<number, string>(),
      maxK: 12,
      source: 'test',
    };
    expect(new Set(['阳', '阴', '饭'].map(fineOf)).size).toBe(3);
    const index = buildTextIndex([trademark('tm-jy', '九阳')], loadVocabulary(), { glyph: chain });
    const shapeOf = (title: string) =>
      index.scan({ title }).mentions.filter((m) => m.evasions.includes('shape')).length;
    expect(shapeOf('正品九阴电饭煲')).toBe(1);
    expect(shapeOf('正品九饭电饭煲')).toBe(0);
  });
});
