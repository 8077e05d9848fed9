import { describe, expect, it } from 'vitest';
import type { Right } from '../../src/model/index.js';
import { BINGDWENDWEN, LONGJING, OLYMPIC, listing, testMatcher } from './helpers.js';

const tea = { category: '茶/茶叶/绿茶' };

describe('GI policy', () => {
  const m = testMatcher([LONGJING]);

  it('GI tea sold by a seller definitely outside the area → gi.origin_mismatch', () => {
    const hit = m.match(
      listing({
        ...tea,
        title: '西湖龙井 2026新茶 明前特级 250g',
        seller: { id: 's', name: '茶庄', location: '福建 安溪' },
      }),
    )[0];
    expect(hit).toMatchObject({
      kind: 'gi',
      reason: 'gi.origin_mismatch',
      flagged: true,
      rightId: 'gi-longjing',
    });
    expect(hit?.rules.find((r) => r.rule.startsWith('location.outside'))).toMatchObject({
      field: 'seller',
      text: '福建 安溪',
    });
  });

  it('another county of the same city is outside (杭州市余杭区 for 西湖区)', () => {
    const hit = m.match(
      listing({
        ...tea,
        title: '西湖龙井 明前',
        seller: { id: 's', name: '茶庄', location: '浙江省杭州市余杭区' },
      }),
    )[0];
    expect(hit?.flagged).toBe(true);
  });

  it('the region code counts when the printed location is missing', () => {
    const hit = m.match(
      listing({ ...tea, title: '西湖龙井 明前', seller: { id: 's', name: '茶庄', regionCode: '350524' } }),
    )[0];
    expect(hit?.flagged).toBe(true);
  });

  it('a location too coarse to decide (浙江 杭州) → weak hit, not flagged', () => {
    const hit = m.match(
      listing({ ...tea, title: '西湖龙井 明前', seller: { id: 's', name: '茶庄', location: '浙江 杭州' } }),
    )[0];
    expect(hit).toMatchObject({ flagged: false });
    expect(hit?.rules.some((r) => r.rule.startsWith('location.too_coarse'))).toBe(true);
  });

  it('a seller inside the area → no hit', () => {
    expect(
      m.match(
        listing({
          ...tea,
          title: '西湖龙井 明前',
          seller: { id: 's', name: '茶庄', location: '杭州市西湖区' },
        }),
      ),
    ).toEqual([]);
  });

  it('an unknown location → not flagged', () => {
    const hit = m.match(listing({ ...tea, title: '西湖龙井 明前', seller: { id: 's', name: '茶庄' } }))[0];
    expect(hit?.flagged).toBe(false);
  });

  it('an authorised seller → no hit', () => {
    expect(
      m.match(
        listing({
          ...tea,
          title: '西湖龙井 明前',
          seller: { id: 's', name: '西湖龙井茶叶合作社', location: '北京' },
        }),
      ),
    ).toEqual([]);
  });

  it('goods outside the GI category (西湖龙井杯, a cup) → no hit', () => {
    const seller = { id: 's', name: '杯具店', location: '广东 潮州' };
    expect(m.match(listing({ title: '西湖龙井杯 玻璃杯 泡茶', seller }))).toEqual([]);
    expect(m.match(listing({ category: '家居/杯具', title: '西湖龙井 玻璃茶杯', seller }))).toEqual([]);
  });

  it('goods unreadable: the GI name stands for its goods', () => {
    const hit = m.match(
      listing({ title: '西湖龙井 250g 礼盒', seller: { id: 's', name: '店', location: '福建 安溪' } }),
    )[0];
    expect(hit?.flagged).toBe(true);
  });

  it('an evasion form of the GI name counts (西湖龍井)', () => {
    const mm = testMatcher(
      [LONGJING],
      [{ rightId: 'gi-longjing', term: '西湖龙井', text: '西湖龍井', evasions: ['traditional'] }],
    );
    const hit = mm.match(
      listing({ ...tea, title: '西湖龍井 明前', seller: { id: 's', name: '店', location: '云南 昆明' } }),
    )[0];
    expect(hit).toMatchObject({ reason: 'gi.origin_mismatch', flagged: true });
    expect(hit?.rules[0]?.rule).toBe('gi.evasion[traditional]');
  });
});

describe('special marks policy', () => {
  const m = testMatcher([BINGDWENDWEN, OLYMPIC]);

  it('commercial use by an unauthorised seller while valid → special.unauthorized', () => {
    const hit = m.match(listing({ category: '玩具/毛绒', title: '冰墩墩 毛绒公仔 挂件', price: 39 }))[0];
    expect(hit).toMatchObject({
      kind: 'special',
      reason: 'special.unauthorized',
      flagged: true,
      rightId: 'sp-bdd',
    });
  });

  it('an evasion form counts', () => {
    const mm = testMatcher(
      [BINGDWENDWEN],
      [{ rightId: 'sp-bdd', term: '冰墩墩', text: '冰墩 墩', evasions: ['separator'] }],
    );
    const hit = mm.match(listing({ title: '冰墩 墩 钥匙扣' }))[0];
    expect(hit).toMatchObject({ reason: 'special.unauthorized', flagged: true });
  });

  it('an authorised licensee → no hit', () => {
    expect(
      m.match(
        listing({ title: '冰墩墩 毛绒公仔', seller: { id: 'olympic-shop', name: '奥林匹克官方特许商品店' } }),
      ),
    ).toEqual([]);
  });

  it('outside the validity period → no hit', () => {
    const old: Right = { ...BINGDWENDWEN, id: 'sp-old', validTo: '2026-01-01' };
    expect(testMatcher([old]).match(listing({ title: '冰墩墩 毛绒公仔' }))).toEqual([]);
    const future: Right = { ...BINGDWENDWEN, id: 'sp-new', validFrom: '2027-01-01', validTo: '2031-01-01' };
    expect(testMatcher([future]).match(listing({ title: '冰墩墩 毛绒公仔' }))).toEqual([]);
  });

  it('news phrases (奥运冠军) are down-weighted: a watch signal special.news_context, not a lead', () => {
    const hit = m
      .match(listing({ title: '奥运冠军训练用 跳绳 健身', price: 29 }))
      .find((h) => h.rightId === 'sp-olympic');
    expect(hit).toMatchObject({ flagged: false, tier: 'watch', reason: 'special.news_context' });
    expect(hit?.rules.some((r) => r.rule === 'guard.news_phrase')).toBe(true);
    expect(hit?.rules.find((r) => r.rule === 'watch.news_context')).toMatchObject({ text: '奥运冠军' });
  });

  it('the mark outside a news phrase still flags', () => {
    const hit = m
      .match(listing({ title: '奥运冠军同款 奥运 纪念徽章', price: 29 }))
      .find((h) => h.rightId === 'sp-olympic');
    expect(hit).toMatchObject({ flagged: true, tier: 'lead', reason: 'special.unauthorized' });
  });
});
