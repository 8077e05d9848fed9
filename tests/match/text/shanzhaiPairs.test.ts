import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { PACKAGE_ROOT } from '../../../src/common/packageRoot.js';
import { buildTextIndex, loadVocabulary } from '../../../src/match/text/index.js';
import type { TextIndex } from '../../../src/match/text/types.js';
import { trademark } from './helpers.js';

/*
 * Real-world 山寨 names (tests/match/fixtures/shanzhai-pairs.tsv, sources in the file): the watch list is the
 * genuine names, each listing title carries the knock-off. 形近 recall must be ≥ 0.9. Everyday words
 * (data/confusion/everyday-words.txt, jieba's 2,000 commonest two-character words) measure the cost.
 */

interface Pair {
  genuine: string;
  knockoff: string;
  kind: 'shape' | 'shape+sound' | 'sound';
  title: string;
  source: string;
}

const pairs: Pair[] = readFileSync(join(PACKAGE_ROOT, 'tests/match/fixtures/shanzhai-pairs.tsv'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'))
  .slice(1)
  .map((line) => {
    const [genuine = '', knockoff = '', kind = '', title = '', source = ''] = line.split('\t');
    return { genuine, knockoff, kind: kind as Pair['kind'], title, source };
  });

const genuineNames = [...new Set(pairs.map((p) => p.genuine))];
const rights = genuineNames.map((name, i) => trademark(`tm-${i}`, name));
const idOf = new Map(genuineNames.map((name, i) => [name, `tm-${i}`]));

const everyday = readFileSync(join(PACKAGE_ROOT, 'data/confusion/everyday-words.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'));

function found(index: TextIndex, p: Pair, kinds: readonly string[]): boolean {
  const { mentions } = index.scan({ title: p.title });
  return mentions.some(
    (m) => m.rightId === idOf.get(p.genuine) && m.evasions.some((e) => kinds.includes(e)),
  );
}

/** Everyday words read as a shape mention of a watched name (the word alone as a title). */
function collisions(index: TextIndex): string[] {
  const out: string[] = [];
  for (const word of everyday) {
    for (const m of index.scan({ title: word }).mentions) {
      if (m.evasions.includes('shape')) out.push(`${word}→${m.term}`);
    }
  }
  return out;
}

describe('山寨 pair set (形近 from glyph structure)', () => {
  let index: TextIndex;
  let classesOnly: TextIndex;
  beforeAll(() => {
    index = buildTextIndex(rights, loadVocabulary());
    classesOnly = buildTextIndex(rights, loadVocabulary(), { glyphVariants: 0 });
  });

  test('the set is real-world sized and sourced', () => {
    const shape = pairs.filter((p) => p.kind === 'shape');
    expect(shape.length).toBeGreaterThanOrEqual(40);
    for (const p of pairs) {
      expect(p.source, `${p.genuine}/${p.knockoff}`).toMatch(/^(verified|recalled): \S/);
      expect(p.title, `${p.knockoff} in its title`).toContain(p.knockoff);
      expect([...p.knockoff].length).toBe([...p.genuine].length);
    }
  });

  test('shape recall ≥ 0.9 (a mention of the genuine mark with evasion shape)', () => {
    const shape = pairs.filter((p) => p.kind === 'shape');
    const misses = shape.filter((p) => !found(index, p, ['shape']));
    const recall = 1 - misses.length / shape.length;
    console.log(`形近 recall ${recall.toFixed(3)} (${shape.length - misses.length}/${shape.length})`);
    expect(recall, `misses: ${misses.map((p) => `${p.genuine}→${p.knockoff}`).join(' ')}`).toBeGreaterThanOrEqual(
      0.9,
    );
  });

  test('shape+sound pairs are found as shape or homophone', () => {
    const mixed = pairs.filter((p) => p.kind === 'shape+sound');
    const misses = mixed.filter((p) => !found(index, p, ['shape', 'homophone']));
    expect(misses.map((p) => `${p.genuine}→${p.knockoff}`)).toEqual([]);
  });

  test('glyph structure adds recall over the pair classes alone', () => {
    const shape = pairs.filter((p) => p.kind === 'shape');
    const before = shape.filter((p) => found(classesOnly, p, ['shape'])).length;
    const after = shape.filter((p) => found(index, p, ['shape'])).length;
    console.log(`形近 hits: classes only ${before}/${shape.length}, with glyph neighbours ${after}/${shape.length}`);
    expect(after).toBeGreaterThan(before);
  });

  test('everyday words: shape collisions with the watched names stay rare', () => {
    const before = collisions(classesOnly);
    const after = collisions(index);
    console.log(
      `everyday-word shape collisions (${everyday.length} words × ${genuineNames.length} marks): ` +
        `classes only ${before.length}, with glyph neighbours ${after.length}: ${after.join(' ')}`,
    );
    // Glyph variants are extra patterns, so they can only add collisions; they must stay a handful per 2,000.
    expect(after.length).toBeLessThanOrEqual(before.length + 5);
  });
});
