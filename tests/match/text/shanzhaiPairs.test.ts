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
  return mentions.some((m) => m.rightId === idOf.get(p.genuine) && m.evasions.some((e) => kinds.includes(e)));
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
  let byDefault: TextIndex;
  let classesOnly: TextIndex;
  beforeAll(() => {
    byDefault = buildTextIndex(rights, loadVocabulary());
    classesOnly = buildTextIndex(rights, loadVocabulary(), { glyphTopK: 0 });
  });
  const shape = pairs.filter((p) => p.kind === 'shape');
  const recallOf = (index: TextIndex) => {
    const misses = shape.filter((p) => !found(index, p, ['shape']));
    return {
      recall: 1 - misses.length / shape.length,
      misses: misses.map((p) => `${p.genuine}→${p.knockoff}`),
    };
  };

  test('the set is real-world sized and sourced', () => {
    expect(shape.length).toBeGreaterThanOrEqual(40);
    for (const p of pairs) {
      expect(p.source, `${p.genuine}/${p.knockoff}`).toMatch(/^(verified|recalled): \S/);
      expect(p.title, `${p.knockoff} in its title`).toContain(p.knockoff);
      expect([...p.knockoff].length).toBe([...p.genuine].length);
    }
  });

  // Issue 13 asks for ≥ 0.9. With the wide look-alikes of a short watch list (glyph-wide.json, including the
  // one-stroke neighbours that bring 日 to 月) the scan reaches 44/48 = 0.917: the misses are look-alikes no
  // printed-shape or stroke measure here ranks near (个/仁, 飞/乙, 堂/坣) and two changed characters in a
  // three-character mark (康利桶).
  test('shape recall: at least 0.9 with the default options (measured 0.917)', () => {
    const { recall, misses } = recallOf(byDefault);
    const classes = recallOf(classesOnly);
    console.log(
      `形近 recall: default ${recall.toFixed(3)}, fine classes only ${classes.recall.toFixed(3)}; ` +
        `default misses: ${misses.join(' ')}`,
    );
    expect(recall, `misses: ${misses.join(' ')}`).toBeGreaterThanOrEqual(0.9);
    expect(classes.recall).toBeLessThan(recall);
  });

  test('coarse class cap and top-k: recall per setting (measurement for docs/matching.md)', () => {
    const rows: string[] = [];
    for (const kk of [4, 6, 8]) {
      for (const cap of [24, 48, 96]) {
        const index = buildTextIndex(rights, loadVocabulary(), { glyphTopK: kk, glyphClassCap: cap });
        const r = recallOf(index).recall.toFixed(3);
        rows.push(`k=${kk} cap=${cap}: ${r} (${collisions(index).length}, ${index.stats.patterns})`);
      }
    }
    console.log(`形近 recall (everyday collisions) by setting: ${rows.join('; ')}`);
    expect(rows).toHaveLength(9);
  });

  test('shape+sound pairs that change one character are found as shape or homophone', () => {
    // The scan accepts one glyph swap per mention: 澳利粤 and 粤力奥 change two characters of 奥利奥.
    const changed = (p: Pair) => [...p.genuine].filter((ch, i) => [...p.knockoff][i] !== ch).length;
    const mixed = pairs.filter((p) => p.kind === 'shape+sound' && changed(p) === 1);
    const misses = mixed.filter((p) => !found(byDefault, p, ['shape', 'homophone']));
    console.log(`shape+sound: ${mixed.length - misses.length}/${mixed.length}`);
    expect(misses.length, misses.map((p) => `${p.genuine}→${p.knockoff}`).join(' ')).toBeLessThanOrEqual(1);
  });

  test('everyday words: shape collisions with the watched names stay rare', () => {
    const before = collisions(classesOnly);
    const after = collisions(byDefault);
    console.log(
      `everyday-word shape collisions (${everyday.length} words × ${genuineNames.length} marks): ` +
        `fine classes ${before.length} ${before.join(' ')}; default: ${after.length} ${after.join(' ')}`,
    );
    expect(after.length).toBeLessThanOrEqual(before.length + 5);
  });

  test('everyday words as marks: words read as a shape mention of another word', () => {
    const words = everyday.filter((w) => [...w].length === 2);
    const asMarks = words.map((w, i) => trademark(`w-${i}`, w));
    const count = (options: Parameters<typeof buildTextIndex>[2]) => {
      const index = buildTextIndex(asMarks, loadVocabulary(), { pinyin: false, fuzzy: false, ...options });
      let n = 0;
      for (const word of words) {
        const ms = index.scan({ title: word }).mentions;
        if (ms.some((m) => m.term !== word && m.evasions.includes('shape'))) n++;
      }
      return n;
    };
    const fineOnly = count({ glyphTopK: 0 });
    const coarse = count({});
    console.log(
      `everyday words read as another word's shape evasion: fine classes ${fineOnly}, default ${coarse}`,
    );
    expect(coarse).toBeGreaterThanOrEqual(fineOnly);
  });
});
