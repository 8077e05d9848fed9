import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { CodeUnitAutomaton } from '../../../src/match/text/ahoCorasick.js';
import type { Candidate } from '../../../src/match/text/candidate.js';
import { dedupe } from '../../../src/match/text/candidate.js';
import {
  englishWordAt,
  englishWords,
  isEnglishWord,
  parseWordList,
} from '../../../src/match/text/latinDictionary.js';
import { PinyinTable, pinyinTable } from '../../../src/match/text/pinyinTable.js';

/*
 * The stage-A speed-ups must not change a result: each fast path is checked here against the plain way it
 * replaced (the word list against JSON.parse, unit segmentation against string segmentation, the in-place
 * dedupe against a sort with the original comparator, the automaton's pair gate against a brute-force scan).
 */

describe('English word list held as one string', () => {
  test('the package list reads exactly as JSON.parse reads it', () => {
    const file = createRequire(import.meta.url).resolve('an-array-of-english-words');
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as string[];
    const words = englishWords();
    expect(words.count).toBe(parsed.length);
    const mismatches = parsed.filter((w, i) => englishWordAt(words, i) !== w);
    expect(mismatches).toEqual([]);
  });

  test('any other shape (escapes, commas inside a word, non-ASCII) goes through JSON.parse', () => {
    for (const json of ['["a","b,c","d"]', '["caf\\u00e9","x"]', '["é","z"]\n', '[]', '[ "a" ]']) {
      const list = parseWordList(json);
      const expected = JSON.parse(json) as string[];
      expect(Array.from({ length: list.count }, (_, i) => englishWordAt(list, i))).toEqual(expected);
    }
  });

  test('lookups agree with the list', () => {
    expect(isEnglishWord('clove')).toBe(true);
    expect(isEnglishWord('a')).toBe(true);
    expect(isEnglishWord('zzzs')).toBe(true);
    expect(isEnglishWord('nike')).toBe(false);
    expect(isEnglishWord('')).toBe(false);
    expect(isEnglishWord('zzzzzz')).toBe(false);
  });
});

describe('pinyin segmentation from units', () => {
  test('agrees with the string segmentation, including runs that are not pinyin', () => {
    const table = pinyinTable();
    let seed = 3;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const syllables = Array.from({ length: table.syllableCount }, (_, i) => table.syllable(i + 1));
    for (let round = 0; round < 3000; round++) {
      let word = '';
      for (let p = 1 + Math.floor(random() * 4); p > 0; p--) {
        word +=
          random() < 0.8
            ? syllables[Math.floor(random() * syllables.length)]
            : 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)];
      }
      const units = Uint16Array.from(word, (c) => c.charCodeAt(0));
      expect(table.segmentUnits(units, 0, units.length)).toEqual(table.segment(word));
    }
    expect(table.segment('naike')?.map((s) => table.syllable(s.id))).toEqual(['nai', 'ke']);
    expect(
      table.segmentUnits(
        Uint16Array.from('xnaike', (c) => c.charCodeAt(0)),
        1,
        6,
      ),
    ).toEqual(table.segment('naike'));
    expect(table.segment('qzx')).toBeNull();
  });

  test('a table that meets the runs as units first caches what one that meets them as strings computes', () => {
    // Fresh tables, so neither answer comes from a cache the other filled.
    const fromUnits = new PinyinTable();
    const fromStrings = new PinyinTable();
    let seed = 5;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const syllables = Array.from({ length: fromUnits.syllableCount }, (_, i) => fromUnits.syllable(i + 1));
    const words: string[] = [];
    for (let round = 0; round < 2000; round++) {
      let word = '';
      for (let p = 1 + Math.floor(random() * 5); p > 0; p--) {
        word +=
          random() < 0.85
            ? syllables[Math.floor(random() * syllables.length)]
            : 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)];
      }
      words.push(word);
    }
    // Twice over: the second round is answered from each table's cache.
    for (const word of [...words, ...words]) {
      const units = Uint16Array.from(`x${word}`, (c) => c.charCodeAt(0));
      expect(fromUnits.segmentUnits(units, 1, units.length)).toEqual(fromStrings.segment(word));
    }
  });
});

describe('dedupe in place', () => {
  test('keeps what a sort with the original comparator and a second kept list keep', () => {
    const vias = ['name', 'alias', 'canonical', 'pinyin', 'fuzzy'] as const;
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let round = 0; round < 500; round++) {
      const candidates: Candidate[] = Array.from({ length: Math.floor(random() * 12) }, (_, i) => {
        const a = Math.floor(random() * 10);
        return {
          rightId: `r${Math.floor(random() * 3)}`,
          term: `t${Math.floor(random() * 2)}`,
          a,
          b: a + 1 + Math.floor(random() * 4),
          bits: Math.floor(random() * 8),
          via: vias[Math.floor(random() * vias.length)]!,
          insideWord: false,
          needsCorroboration: false,
          hanLength: i,
          corroboration: undefined,
          rank: 0,
        };
      });
      const expected = referenceDedupe(candidates.map((c) => ({ ...c })));
      expect(dedupe(candidates).map(key)).toEqual(expected.map(key));
    }
  });
});

describe('automaton pair gate', () => {
  test('a state whose next pair is in no pattern goes to the root and still finds what starts there', () => {
    const patterns = ['耐克', '克鞋', '鞋子', '李宁', 'ab', 'bc', 'abcd'];
    const text = '耐克鞋子李宁abcabcd克耐克李';
    const found: string[] = [];
    new CodeUnitAutomaton(patterns).scan(text, (id, begin, end) =>
      found.push(`${patterns[id]}@${begin}-${end}`),
    );
    expect(found).toEqual([
      '耐克@0-2',
      '克鞋@1-3',
      '鞋子@2-4',
      '李宁@4-6',
      'ab@6-8',
      'bc@7-9',
      'ab@9-11',
      'bc@10-12',
      'abcd@9-13',
      '耐克@14-16',
    ]);
  });
});

const VIA_ORDER = { name: 0, alias: 1, canonical: 2, pinyin: 3, fuzzy: 4 } as const;

/** dedupe as it was before it sorted in place (Array.prototype.sort, a new kept list). */
function referenceDedupe(candidates: Candidate[]): Candidate[] {
  if (candidates.length <= 1) return candidates;
  const pop = (x: number) => {
    let n = 0;
    for (; x; x &= x - 1) n++;
    return n;
  };
  for (const c of candidates) c.rank = VIA_ORDER[c.via] * 64 + pop(c.bits);
  candidates.sort((x, y) => x.a - y.a || y.b - x.b || x.rank - y.rank);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    let drop = false;
    for (let i = kept.length - 1; i >= 0; i--) {
      const o = kept[i]!;
      if (o.b <= c.a && o.a < c.a - 64) break;
      if (o.rightId !== c.rightId || o.a > c.a || c.b > o.b) continue;
      const same = o.a === c.a && o.b === c.b;
      if ((same && o.term === c.term) || (!same && VIA_ORDER[o.via] <= VIA_ORDER[c.via])) {
        drop = true;
        break;
      }
    }
    if (!drop) kept.push(c);
  }
  return kept;
}

const key = (c: Candidate) => `${c.rightId}/${c.term}/${c.a}-${c.b}/${c.via}/${c.bits}/${c.hanLength}`;
