import { describe, expect, test } from 'vitest';
import { CodeUnitAutomaton } from '../../../src/match/text/ahoCorasick.js';

function all(patterns: string[], text: string): [string, number, number][] {
  const out: [string, number, number][] = [];
  new CodeUnitAutomaton(patterns).scan(text, (id, begin, end) => out.push([patterns[id]!, begin, end]));
  return out;
}

/** Every occurrence by brute force, in the automaton's order (by end, then longest first). */
function naive(patterns: string[], text: string): [string, number, number][] {
  const out: [string, number, number][] = [];
  for (let end = 1; end <= text.length; end++) {
    const here = patterns
      .map((p, id) => ({ p, id }))
      .filter(({ p }) => end - p.length >= 0 && text.slice(end - p.length, end) === p)
      .sort((x, y) => y.p.length - x.p.length || x.id - y.id);
    for (const { p } of here) out.push([p, end - p.length, end]);
  }
  return out;
}

describe('code-unit Aho–Corasick', () => {
  test('finds overlapping and nested patterns with their offsets', () => {
    expect(all(['he', 'she', 'his', 'hers'], 'ushers')).toEqual([
      ['she', 1, 4],
      ['he', 2, 4],
      ['hers', 2, 6],
    ]);
    expect(all(['耐克', '克', '耐克鞋'], '买耐克鞋')).toEqual([
      ['耐克', 1, 3],
      ['克', 2, 3],
      ['耐克鞋', 1, 4],
    ]);
  });

  test('agrees with a brute-force scan on random text', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const alphabet = 'ab耐克\ue001';
    const word = (n: number) =>
      Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let round = 0; round < 20; round++) {
      const patterns = [...new Set(Array.from({ length: 30 }, () => word(1 + Math.floor(random() * 4))))];
      const text = word(60);
      const sort = (xs: [string, number, number][]) => [...xs].sort((x, y) => x[2] - y[2] || x[1] - y[1]);
      expect(sort(all(patterns, text))).toEqual(sort(naive(patterns, text)));
    }
  });

  test('agrees with a brute-force scan when nodes branch widely (bisected children)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    // 40 symbols, a few of them repeated often: wide nodes near the root, chains below.
    const alphabet = [...'abcdefghijklmnopqrstuvwxyz耐克阿迪达斯李宁安踏特步鸿星尔\u4e00\u9fa5'];
    const symbol = () => alphabet[Math.floor(random() ** 2 * alphabet.length)]!;
    const word = (n: number) => Array.from({ length: n }, symbol).join('');
    for (let round = 0; round < 10; round++) {
      const patterns = [...new Set(Array.from({ length: 400 }, () => word(1 + Math.floor(random() * 5))))];
      const text = word(300);
      const sort = (xs: [string, number, number][]) => [...xs].sort((x, y) => x[2] - y[2] || x[1] - y[1]);
      expect(sort(all(patterns, text))).toEqual(sort(naive(patterns, text)));
    }
  });

  test('no patterns, empty text', () => {
    expect(all([], 'abc')).toEqual([]);
    expect(all(['a'], '')).toEqual([]);
  });
});
