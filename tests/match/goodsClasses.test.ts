import { describe, expect, it } from 'vitest';
import { GoodsClassifier } from '../../src/match/goodsClasses.js';
import {
  loadMatchRules,
  readRulesFile,
  GoodsClassesFileSchema,
  MatchRulesError,
} from '../../src/match/matchRules.js';
import { CASES } from '../../src/marketplace/catalog/cases.js';
import { GOODS } from '../../src/marketplace/catalog/goods.js';
import { RULES } from './helpers.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir();
const goods = new GoodsClassifier(RULES.goods);
const classesOf = (listing: { category?: string; title: string }) =>
  [...goods.classify(listing).classes].sort((a, b) => a - b);

describe('goods → Nice-class table (rules/match/goods-classes.json)', () => {
  it('carries its source and effective date', () => {
    expect(RULES.goods.source.length).toBeGreaterThan(20);
    expect(RULES.goods.effectiveDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each([
    ['食品饮料/方便面', 30],
    ['医药保健/感冒用药', 5],
    ['医疗器械/血压计', 10],
    ['数码/耳机', 9],
    ['家用电器/空调', 11],
    ['汽车用品/刹车片', 12],
    ['服饰/羽绒服', 25],
    ['运动户外/运动鞋', 25],
    ['箱包/双肩包', 18],
    ['农资/化肥', 1],
    ['美妆护肤/面霜', 3],
    ['母婴/奶粉', 5],
    ['茶/绿茶', 30],
    ['粮油调味/大米', 30],
    ['生鲜/水果', 31],
    ['生鲜/海鲜水产', 31],
    ['玩具/毛绒玩具', 28],
    ['酒类/葡萄酒', 33],
  ])('key goods category %s → class %i', (category, nice) => {
    expect(classesOf({ category, title: '' })).toContain(nice);
  });

  it('covers every category path the sample marketplace uses', () => {
    const paths = new Set<string>();
    for (const c of CASES) {
      paths.add(c.category);
      for (const t of c.titles) if (typeof t !== 'string' && t.category) paths.add(t.category);
    }
    for (const g of GOODS) for (const p of g.products) paths.add(p.category);
    const unread = [...paths].filter((p) => goods.classify({ category: p, title: '' }).source === 'none');
    expect(unread).toEqual([]);
    expect(paths.size).toBeGreaterThan(50);
  });

  it('the deepest path segment that names goods decides (食品饮料/碳酸饮料 → drinks, not food)', () => {
    expect(classesOf({ category: '食品饮料/碳酸饮料', title: '' })).toEqual([32]);
    expect(classesOf({ category: '粮油调味/酱油', title: '' })).toEqual([30]);
    expect(goods.classify({ category: '茶/绿茶/西湖龙井', title: '' }).groups.map((g) => g.id)).toEqual([
      'tea',
    ]);
  });

  it('title keywords: longest match at each position, non-goods words consumed', () => {
    expect(goods.classify({ title: '茶叶罐 密封 陶瓷' }).groups.map((g) => g.id)).toEqual(['tableware']);
    expect(goods.classify({ title: '西湖龙井杯 玻璃' }).groups.map((g) => g.id)).toEqual(['tableware']);
    expect(goods.classify({ title: '包邮 现货 速发' }).source).toBe('none');
    expect(goods.classify({ title: '世界杯 纪念 足球' }).groups.map((g) => g.id)).toEqual(['sporting_goods']);
  });

  it('Latin keywords stand as words (iphone does not contain the goods word "phone")', () => {
    expect(goods.classify({ title: 'iphone' }).source).toBe('none');
    expect(goods.classify({ title: 'phone case' }).groups.map((g) => g.id)).toEqual(['electronics']);
  });

  it('a skipped span (the mark itself) is not a goods word: 苹果 the mark is not 苹果 the fruit', () => {
    expect(goods.classify({ title: '苹果 好物' }).groups.map((g) => g.id)).toEqual(['fruit']);
    expect(goods.classify({ title: '苹果 好物' }, (s) => s[0] === 0).source).toBe('none');
  });

  it('GI categories resolve to goods groups', () => {
    for (const [name, id] of [
      ['茶叶', 'tea'],
      ['大米', 'rice'],
      ['香梨', 'fruit'],
      ['大闸蟹', 'seafood'],
      ['龙虾', 'seafood'],
      ['大葱', 'vegetables'],
      ['水产', 'seafood'],
    ] as const) {
      expect(goods.groupsNamed(name).map((g) => g.id)).toContain(id);
    }
  });

  it('a broken rules file is an error naming the file and field', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'goods-classes.json'),
      JSON.stringify({
        ...RULES.goods,
        groups: [{ id: 'x', name: 'x', aliases: [], classes: [46], pathTerms: [], keywords: [] }],
      }),
    );
    expect(() => readRulesFile('goods-classes.json', GoodsClassesFileSchema, `${dir}/`)).toThrow(
      MatchRulesError,
    );
    expect(() => readRulesFile('goods-classes.json', GoodsClassesFileSchema, `${dir}/`)).toThrow(
      /goods-classes\.json: field "groups\[0\]\.classes\[0\]"/,
    );
    expect(() => loadMatchRules(`${dir}/`)).toThrow(/weights\.json: cannot read/);
  });
});
