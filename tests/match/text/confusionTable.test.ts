import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfusionTable } from '../../../src/match/text/confusionClasses.js';
import { PACKAGE_ROOT as REPO_ROOT } from '../../../src/common/packageRoot.js';
import { CONFUSION_FILE, MatchDataError } from '../../../src/match/text/dataFiles.js';
import { glyphVariantKeys, loadGlyphNeighbours } from '../../../src/match/text/glyphNeighbours.js';

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

  test('variants replace one character (all its occurrences, or one) by its top-k neighbours', () => {
    const table = loadGlyphNeighbours();
    const confusion = loadConfusionTable();
    const canon = (s: string) =>
      [...s].map((c) => String.fromCharCode(confusion.canon[c.charCodeAt(0)]!)).join('');
    const keys = glyphVariantKeys('娃哈哈', () => true, table, confusion, 8);
    expect(keys).toContain(canon('娃啥啥'));
    expect(keys).toContain(canon('娃哈啥'));
    expect(keys).not.toContain(canon('娃哈哈'));
    expect(glyphVariantKeys('娃哈哈', () => true, table, confusion, 0)).toEqual([]);
    expect(glyphVariantKeys('NIKE', () => false, table, confusion, 8)).toEqual([]);
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
