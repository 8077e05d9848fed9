import { describe, expect, test } from 'vitest';
import { FuzzyLatinIndex } from '../../../src/match/text/fuzzyLatin.js';
import { numeralVariants } from '../../../src/match/text/numeralVariants.js';
import { pinyinTable } from '../../../src/match/text/pinyinTable.js';
import { loadVocabulary, MatchDataError } from '../../../src/match/text/index.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const syllables = (word: string) =>
  pinyinTable()
    .segment(word)
    ?.map((s) => pinyinTable().syllable(s.id));

describe('pinyin table', () => {
  test('segments typed pinyin into syllables', () => {
    expect(syllables('naike')).toEqual(['nai', 'ke']);
    expect(syllables('wuchangdami')).toEqual(['wu', 'chang', 'da', 'mi']);
    expect(syllables('xian')).toEqual(['xian']);
  });

  test('words that are not all pinyin do not segment', () => {
    expect(syllables('nikeair')).toBeUndefined();
    expect(syllables('iphone')).toBeUndefined();
  });

  test('homophones share a syllable; marks get every reading of a polyphone', () => {
    const t = pinyinTable();
    expect(t.textSyllable('刻'.charCodeAt(0))).toBe(t.textSyllable('克'.charCodeAt(0)));
    expect(
      t
        .markSyllables('长')
        .map((id) => t.syllable(id))
        .sort(),
    ).toEqual(['chang', 'zhang']);
    expect(t.syllable(t.markSyllables('绿')[0]!)).toBe('lv');
  });
});

describe('digit ↔ numeral forms', () => {
  test('swaps single digits and numerals beside Han characters', () => {
    expect(numeralVariants('五常大米')).toEqual(['5常大米']);
    expect(numeralVariants('6个核桃')).toEqual(['六个核桃']);
    expect(numeralVariants('2024新款')).toEqual([]);
    expect(numeralVariants('nike')).toEqual([]);
  });
});

describe('fuzzy Latin index', () => {
  const index = new FuzzyLatinIndex<string>();
  for (const m of ['adidas', 'michaelkors', 'nike', 'gucci']) index.add(m, m);

  test('one edit or one adjacent transposition', () => {
    expect(index.lookup('adidsa').map((m) => m.payload)).toEqual(['adidas']);
    expect(index.lookup('adids').map((m) => m.payload)).toEqual(['adidas']);
    expect(index.lookup('guccii').map((m) => m.payload)).toEqual(['gucci']);
    expect(index.lookup('michaelkor').map((m) => m.payload)).toEqual(['michaelkors']);
  });

  test('marks under five letters are not indexed; two edits are too far', () => {
    expect(index.lookup('nkie')).toEqual([]);
    expect(index.lookup('adodos')).toEqual([]);
    expect(index.lookup('adidas')).toEqual([]);
  });
});

describe('vocabulary file', () => {
  test('the shipped file has every agreed group, with source and effective date', () => {
    const v = loadVocabulary();
    expect(v.source).toBeTruthy();
    expect(v.effectiveDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const group of [
      'counterfeit',
      'hedging',
      'official_claim',
      'compatibility',
      'patent_claim',
      'gi_context',
    ]) {
      expect(v.groups[group]?.terms.length, group).toBeGreaterThan(0);
    }
    for (const term of [
      '高仿',
      '精仿',
      'A货',
      '超A',
      '1:1',
      '一比一',
      '复刻',
      '原单',
      '尾单',
      '莆田',
      '纯原',
      'replica',
      'AAA',
      'mirror quality',
    ]) {
      expect(v.groups.counterfeit!.terms).toContain(term);
    }
    for (const term of ['{mark}同款', '大牌同款', '平替', '{mark}风', 'dupe'])
      expect(v.groups.hedging!.terms).toContain(term);
    for (const term of ['官方旗舰', '官方授权', '授权店'])
      expect(v.groups.official_claim!.terms).toContain(term);
  });

  test('a malformed file names the file and the field', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vocab-')), 'vocabulary.json');
    writeFileSync(
      file,
      JSON.stringify({ source: 's', effectiveDate: '2026-01-01', groups: { bad: { terms: ['x'] } } }),
    );
    expect(() => loadVocabulary(file)).toThrow(MatchDataError);
    expect(() => loadVocabulary(file)).toThrow(/vocabulary\.json: field "groups\.bad\.weight"/);
  });
});
