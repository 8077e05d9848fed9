import { describe, expect, test } from 'vitest';
import { buildTextIndex, loadVocabulary } from '../../../src/match/text/index.js';
import { trademark } from './helpers.js';

/* Typed pinyin as sellers write it (issue #13): spaced, upper-case, mixed case, and for a Latin-named right
 * the pinyin of its registered Chinese name. */

const index = buildTextIndex(
  [trademark('tm-nike', 'Nike', ['耐克']), trademark('tm-wl', '五粮液')],
  loadVocabulary(),
);

describe('typed pinyin forms', () => {
  test.each([
    ['NAI KE 运动鞋', 'NAI KE'],
    ['Nai Ke 跑鞋', 'Nai Ke'],
    ['NAIKE篮球鞋', 'NAIKE'],
    ['NaiKe 男鞋', 'NaiKe'],
    ['nai-ke 透气', 'nai-ke'],
    ['naike', 'naike'],
  ])('%s reads as the Chinese name of Nike', (title, text) => {
    const m = index.scan({ title }).mentions.find((x) => x.rightId === 'tm-nike');
    expect(m).toMatchObject({ term: '耐克', text, via: 'pinyin', evasions: ['pinyin'] });
    expect(m!.span).toEqual([title.indexOf(text), title.indexOf(text) + text.length]);
    expect(m!.corroboration).toEqual({ reason: 'short_mark' });
  });

  test('upper-case pinyin of a longer mark needs no corroboration', () => {
    const m = index.scan({ title: 'WU LIANG YE 52度 浓香型' }).mentions[0];
    expect(m).toMatchObject({ term: '五粮液', text: 'WU LIANG YE', evasions: ['pinyin'] });
    expect(m!.corroboration).toBeUndefined();
  });

  test('pinyin inside a longer Latin word is not the mark', () => {
    expect(index.scan({ title: 'nikeair max' }).mentions.filter((m) => m.via === 'pinyin')).toEqual([]);
  });
});
