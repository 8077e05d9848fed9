import { describe, expect, it } from 'vitest';
import { buildTextIndex, loadVocabulary } from '../../../src/match/text/index.js';
import type { Mention } from '../../../src/match/text/types.js';
import { trademark } from './helpers.js';

/* Latin marks judged on their tokens (issue #13), with titles shaped like the real pages in tests/fixtures. */

const index = buildTextIndex(
  [
    trademark('tm-mi', 'MI'),
    trademark('tm-li', 'LI'),
    trademark('tm-lg', 'LG'),
    trademark('tm-nike', 'Nike'),
    trademark('tm-apple', 'Apple'),
    trademark('tm-omega', 'Omega'),
    trademark('tm-adidas', 'Adidas'),
    trademark('tm-beats', 'Beats'),
    trademark('tm-chanel', 'Chanel'),
    trademark('tm-creative', 'Creative'),
    trademark('tm-samsung', 'Samsung'),
    trademark('tm-dove', 'Dove'),
    trademark('tm-walmart', 'Walmart'),
    trademark('tm-marlboro', 'Marlboro'),
    trademark('tm-dell', 'Dell'),
    trademark('tm-laserjet', 'LaserJet'),
    trademark('tm-iphone', 'iPhone'),
  ],
  loadVocabulary(),
);

function mentions(title: string, rightId?: string): Mention[] {
  return index.scan({ title }).mentions.filter((m) => rightId === undefined || m.rightId === rightId);
}

/** Mentions that count (policy ignores insideWord). */
function used(title: string, rightId: string): Mention[] {
  return mentions(title, rightId).filter((m) => !m.insideWord);
}

describe('units, sizes, roman numerals and model codes are never look-alikes', () => {
  it.each([
    'Edelstahl Trinkflasche - 500ml & 750ml & 1000ml',
    'Victoria Body Mist 250 ml/8.4 fl oz',
    'Sundress M L XL Plus',
    'ZiiSound T6 II 2.1无线音箱系统',
    'Mark II camera body',
    'T3102-IL kids wear',
    'A1 GT-3 IV',
  ])('%s: no MI / LI / LG mention that counts', (title) => {
    for (const id of ['tm-mi', 'tm-li', 'tm-lg']) expect(used(title, id)).toEqual([]);
  });

  it('the plain short mark still matches exactly, and its look-alike form needs a second signal', () => {
    expect(used('Xiaomi MI 11 Ultra', 'tm-mi')).toMatchObject([{ text: 'MI', evasions: [] }]);
    expect(used('Xiaomi MI 11 Ultra', 'tm-mi')[0]?.corroboration).toBeUndefined();
    expect(used('Ml 11 手机', 'tm-mi')).toMatchObject([
      {
        text: 'Ml',
        evasions: ['lookalike'],
        corroboration: { reason: 'short_mark' },
        needsCorroboration: true,
      },
    ]);
  });
});

describe('token boundaries and model codes', () => {
  it.each([
    ['NikeV11 跑鞋', 'Nike'],
    ['AppleM1 MacBook', 'Apple'],
    ['NIKEGT3 篮球鞋', 'NIKE'],
    ['Nike270 气垫', 'Nike'],
  ])('%s: a mark glued to its model code is a mention', (title, text) => {
    expect(used(title, title.startsWith('Apple') ? 'tm-apple' : 'tm-nike')).toMatchObject([{ text }]);
  });

  it('惠普（HP）LaserJetM226dn: the plain mark, not a fuzzy LaserJetM', () => {
    expect(used('惠普（HP）LaserJetM226dn 激光多功能一体机', 'tm-laserjet')).toMatchObject([
      { text: 'LaserJet', via: 'name', evasions: [] },
    ]);
  });

  it('a mark glued to a word is still inside it', () => {
    expect(used('nikeology 哲学书', 'tm-nike')).toEqual([]);
    expect(used('nikeaaaa5 x', 'tm-nike')).toEqual([]);
  });
});

describe('fuzzy matches', () => {
  it.each([
    ['12 Colors DIY Glass Beads Fit Pandora Charms', 'tm-beats'],
    ['AKAI 4 channel RCA to 1/4 inch patch cord', 'tm-chanel'],
    ['20pc 1/4" Phone Jack Audio Headphone', 'tm-iphone'],
    ['HOSA CYR-102 MONO 1/4" PHONE (M)', 'tm-iphone'],
  ])('%s: an English word one edit from a mark is not a mention', (title, id) => {
    expect(mentions(title, id)).toEqual([]);
  });

  it('an evasion that is no word is still found', () => {
    expect(used('Chanell 香水', 'tm-chanel')).toMatchObject([{ via: 'fuzzy', evasions: ['fuzzy'] }]);
    expect(used('Chanle bag', 'tm-chanel')).toMatchObject([{ via: 'fuzzy', text: 'Chanle' }]);
    expect(used('N1KE-2024 跑鞋', 'tm-nike')).toMatchObject([{ text: 'N1KE', evasions: ['digit'] }]);
  });

  it('a mark and the next letter are the mark, not a fuzzy form of it', () => {
    expect(mentions('创新(creative) D200 蓝牙无线音箱', 'tm-creative').map((m) => m.via)).toEqual(['name']);
    expect(mentions('Apple MacBook Air 2020, Apple M1, 8GB', 'tm-apple').map((m) => m.via)).toEqual([
      'name',
      'name',
    ]);
    expect(mentions('SAMSUNG T350 Series 22-Inch', 'tm-samsung').map((m) => m.via)).toEqual(['name']);
  });

  it('a mark that is itself an English word matches exactly', () => {
    expect(used('Dove body wash', 'tm-dove')).toMatchObject([{ text: 'Dove', evasions: [] }]);
    expect(used('Apple iPad Air', 'tm-apple')).toMatchObject([{ text: 'Apple', evasions: [] }]);
  });
});

describe('multi-letter look-alikes and digits at the token edges', () => {
  it.each([
    ['VVALMART 购物袋', 'tm-walmart', 'VVALMART', 'lookalike'],
    ['rnarlboro 烟盒', 'tm-marlboro', 'rnarlboro', 'lookalike'],
    ['CLELL 笔记本', 'tm-dell', 'CLELL', 'lookalike'],
    ['0MEGA 手表', 'tm-omega', '0MEGA', 'digit'],
    ['ADIDA5 运动鞋', 'tm-adidas', 'ADIDA5', 'digit'],
  ])('%s → %s', (title, id, text, evasion) => {
    expect(used(title, id)).toMatchObject([{ text, evasions: [evasion] }]);
  });

  it('forms that spell English words, numbers and model codes are left alone', () => {
    expect(mentions('clove oil 10ml', 'tm-dove')).toEqual([]);
    expect(used('20MEGA pixel 330ml mp3 2024', 'tm-omega')).toEqual([]);
    expect(used('turn corn modern', 'tm-marlboro')).toEqual([]);
  });
});

describe('look-alike letters: confusables and mirrored letters', () => {
  it.each([
    ['ИIKE 运动鞋', 'ИIKE'],
    ['Νіке', 'Νіке'],
    ['NIKΣ 运动鞋', 'NIKΣ'],
  ])('%s is Nike by look-alike', (title, text) => {
    expect(used(title, 'tm-nike')).toMatchObject([{ text, evasions: ['lookalike'] }]);
  });

  it('a real Russian word keeps its letters', () => {
    expect(mentions('книга и ручка', 'tm-nike')).toEqual([]);
    expect(mentions('ΣΙΣΚΑ σύνολο', 'tm-nike')).toEqual([]);
  });
});

describe('punctuated vocabulary keeps its punctuation', () => {
  const counterfeit = (title: string) =>
    index
      .scan({ title })
      .vocab.filter((v) => v.group === 'counterfeit')
      .map((v) => v.term);

  it.each(['1:1 复刻', '1：1 包', '1 : 1 手表'])('%s has 1:1', (title) => {
    expect(counterfeit(title)).toContain('1:1');
  });

  it.each(['Pack of 1 (1 x 1 kg)', '1&1 ALL-NET-FLAT', 'size 1.1 m'])('%s has no 1:1', (title) => {
    expect(counterfeit(title)).toEqual([]);
  });
});
