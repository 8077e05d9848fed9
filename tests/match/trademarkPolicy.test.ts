import { describe, expect, it } from 'vitest';
import { createMatcher, type Matcher } from '../../src/match/engine.js';
import type { Mention } from '../../src/match/text/index.js';
import type { Hit, Right } from '../../src/model/index.js';
import {
  APPLE,
  GREATWALL,
  NIKE,
  RULES,
  listing,
  testMatcher,
  verbatimScanner,
  type Planted,
} from './helpers.js';

const shoes = { category: '运动户外/运动鞋' };

function only(hits: Hit[], rightId: string): Hit | undefined {
  return hits.find((h) => h.rightId === rightId);
}

function rulesOf(hit: Hit | undefined): string[] {
  return (hit?.rules ?? []).map((r) => r.rule.replace(/\[.*$/, ''));
}

describe('trademark policy — flagged', () => {
  const m = testMatcher([NIKE, APPLE]);

  it('plain mark + counterfeit vocabulary → trademark.counterfeit, with the vocabulary span', () => {
    const l = listing({ ...shoes, title: '耐克 空军一号 高仿 男鞋', price: 450 });
    const hit = only(m.match(l), 'tm-nike');
    expect(hit).toMatchObject({ reason: 'trademark.counterfeit', flagged: true, kind: 'trademark' });
    const vocab = hit?.rules.find((r) => r.rule.startsWith('signal.counterfeit_vocabulary'));
    expect(vocab).toMatchObject({ field: 'title', span: [8, 10], text: '高仿' });
    expect(hit?.score).toBeGreaterThanOrEqual(0.6);
  });

  it('plain mark + price below half the reference → counterfeit (signal.low_price / very_low_price)', () => {
    const low = only(m.match(listing({ ...shoes, title: 'NIKE 跑鞋 透气', price: 189 })), 'tm-nike');
    expect(low).toMatchObject({ reason: 'trademark.counterfeit', flagged: true });
    expect(rulesOf(low)).toContain('signal.low_price');
    const veryLow = only(m.match(listing({ ...shoes, title: 'NIKE 跑鞋 透气', price: 89 })), 'tm-nike');
    expect(rulesOf(veryLow)).toContain('signal.very_low_price');
    expect(veryLow!.score).toBeGreaterThan(low!.score);
  });

  it('an official-status claim by an unauthorised seller → counterfeit (title or shop name)', () => {
    const inTitle = only(
      m.match(listing({ ...shoes, title: '耐克官方旗舰 正品跑鞋', price: 599 })),
      'tm-nike',
    );
    expect(inTitle).toMatchObject({ reason: 'trademark.counterfeit', flagged: true });
    const inShop = only(
      m.match(
        listing({
          ...shoes,
          title: '耐克 正品跑鞋',
          price: 599,
          seller: { id: 'x9', name: '耐克官方旗舰店' },
        }),
      ),
      'tm-nike',
    );
    expect(inShop).toMatchObject({ reason: 'trademark.counterfeit', flagged: true });
    expect(inShop?.rules.find((r) => r.rule.startsWith('signal.official_claim'))?.field).toBe('seller');
  });

  it('an evasion form alone → trademark.evasion', () => {
    const mm = testMatcher(
      [NIKE],
      [{ rightId: 'tm-nike', term: 'NIKE', text: 'ＮＩＫＥ', evasions: ['width'] }],
    );
    const hit = only(mm.match(listing({ ...shoes, title: 'ＮＩＫＥ 空军一号 板鞋', price: 500 })), 'tm-nike');
    expect(hit).toMatchObject({ reason: 'trademark.evasion', flagged: true });
    expect(hit?.rules[0]).toMatchObject({ rule: 'mark.evasion[width]', span: [0, 4], text: 'ＮＩＫＥ' });
  });

  it('an evasion form with other signals → trademark.evasion', () => {
    const mm = testMatcher(
      [NIKE],
      [{ rightId: 'tm-nike', term: '耐克', text: '耐⭐克', evasions: ['emoji'] }],
    );
    const hit = only(mm.match(listing({ ...shoes, title: '耐⭐克 莆田 纯原 跑鞋', price: 99 })), 'tm-nike');
    expect(hit).toMatchObject({ reason: 'trademark.evasion', flagged: true });
    expect(rulesOf(hit)).toEqual(
      expect.arrayContaining(['signal.evasion', 'signal.counterfeit_vocabulary', 'signal.very_low_price']),
    );
  });

  it('a case-only difference is the plain mark', () => {
    const hit = only(m.match(listing({ ...shoes, title: 'nike 跑鞋', price: 599 })), 'tm-nike');
    expect(hit).toMatchObject({ reason: 'trademark.use', flagged: false });
  });

  it('text that is verbatim an alias is the plain mark even if it also reads as pinyin (Xiaomi)', () => {
    const mi = testMatcher(
      [NIKE],
      [{ rightId: 'tm-nike', term: '耐克', text: 'NIKE', evasions: ['pinyin'] }],
    );
    const hit = only(mi.match(listing({ ...shoes, title: 'NIKE 跑鞋 高仿', price: 500 })), 'tm-nike');
    expect(hit).toMatchObject({ reason: 'trademark.counterfeit', flagged: true });
  });

  it('the reference price is not compared with goods of other classes', () => {
    const hit = only(m.match(listing({ category: '家居/水杯', title: '耐克 保温杯', price: 39 })), 'tm-nike');
    expect(hit).toMatchObject({ reason: 'trademark.use', flagged: false });
  });

  it('a well-known mark is protected outside its classes', () => {
    const hit = only(
      m.match(listing({ category: '家居/水杯', title: '耐克 高仿 保温杯', price: 30 })),
      'tm-nike',
    );
    expect(hit).toMatchObject({ reason: 'trademark.counterfeit', flagged: true });
    expect(rulesOf(hit)).toContain('mark.well_known');
  });
});

describe('trademark policy — 2-character marks heard by sound need corroboration', () => {
  const naike = [{ rightId: 'tm-nike', term: '耐克', text: 'naike', evasions: ['pinyin' as const] }];
  const m = testMatcher([NIKE], naike);

  it("pinyin + goods in the mark's classes, no other signal → weak hit: the category is no second signal", () => {
    const hit = only(m.match(listing({ ...shoes, title: 'naike 跑鞋 透气', price: 500 })), 'tm-nike');
    expect(hit).toMatchObject({ reason: 'trademark.use', flagged: false });
    expect(hit).not.toHaveProperty('tier');
    expect(rulesOf(hit)).toEqual(expect.arrayContaining(['category.in_class', 'guard.needs_corroboration']));
    expect(hit?.rules.find((r) => r.rule.startsWith('guard.needs_corroboration'))?.rule).toBe(
      'guard.needs_corroboration[short_mark]',
    );
  });

  it('pinyin + goods in class + a price below half the reference → trademark.evasion lead', () => {
    const hit = only(m.match(listing({ ...shoes, title: 'naike 跑鞋 透气', price: 150 })), 'tm-nike');
    expect(hit).toMatchObject({ reason: 'trademark.evasion', flagged: true, tier: 'lead' });
    expect(rulesOf(hit)).toEqual(
      expect.arrayContaining(['signal.low_price', 'signal.evasion_short_phonetic']),
    );
  });

  it('a 形近 or homophone form of a 2-character mark needs a second signal too (decided by the policy)', () => {
    const mm = testMatcher([NIKE], [{ rightId: 'tm-nike', term: '耐克', text: '耐刻', evasions: ['shape'] }]);
    expect(only(mm.match(listing({ ...shoes, title: '耐刻 跑鞋', price: 500 })), 'tm-nike')).toMatchObject({
      reason: 'trademark.use',
      flagged: false,
    });
    expect(
      only(mm.match(listing({ ...shoes, title: '耐刻 跑鞋 高仿', price: 500 })), 'tm-nike'),
    ).toMatchObject({
      reason: 'trademark.evasion',
      tier: 'lead',
    });
  });

  it('pinyin, goods outside the classes, no other signal → no hit (even for a well-known mark)', () => {
    expect(m.match(listing({ category: '食品/零食', title: 'naike 饼干 好吃' }))).toEqual([]);
  });

  it('pinyin, goods unknown, no other signal → no hit', () => {
    expect(m.match(listing({ title: 'naike 好物', price: 500 }))).toEqual([]);
  });

  it('pinyin outside the classes but with counterfeit wording → corroborated, flagged', () => {
    const hit = only(
      m.match(listing({ category: '家居/水杯', title: 'naike 高仿 水杯', price: 50 })),
      'tm-nike',
    );
    expect(hit).toMatchObject({ reason: 'trademark.evasion', flagged: true });
  });

  it('the text core may say so itself (needsCorroboration)', () => {
    const mm = testMatcher([NIKE], [{ ...naike[0]!, text: 'NAI KE', evasions: ['pinyin', 'separator'] }]);
    expect(mm.match(listing({ category: '食品/零食', title: 'NAI KE 饼干' }))).toEqual([]);
  });
});

describe('trademark policy — not flagged', () => {
  const m = testMatcher([NIKE, APPLE, GREATWALL]);

  it('authorised seller (platform + seller id) → no hit even with a low price', () => {
    const l = listing({
      ...shoes,
      title: '耐克 跑鞋 清仓',
      price: 150,
      seller: { id: 'nike-official', name: '耐克官方旗舰店' },
    });
    expect(only(m.match(l), 'tm-nike')).toBeUndefined();
  });

  it('the same seller id on another platform is not authorised', () => {
    const l = listing({
      ...shoes,
      platform: 'shopb',
      title: '耐克 跑鞋',
      price: 150,
      seller: { id: 'nike-official', name: '耐克官方旗舰店' },
    });
    expect(only(m.match(l), 'tm-nike')).toMatchObject({ flagged: true });
  });

  it('plain mark, unauthorised reseller, normal price, no signal → weak trademark.use', () => {
    const hit = only(
      m.match(listing({ ...shoes, title: '耐克 Air Max 270 男款跑鞋', price: 699 })),
      'tm-nike',
    );
    expect(hit).toMatchObject({ reason: 'trademark.use', flagged: false });
    expect(hit!.score).toBeLessThan(0.6);
  });

  it('authenticity over-assertion alone (保真) does not flag', () => {
    const hit = only(m.match(listing({ ...shoes, title: '耐克 跑鞋 保真 假一赔十', price: 699 })), 'tm-nike');
    expect(hit).toMatchObject({ flagged: false });
  });

  it('a low price that is a deposit (定金) is no price signal', () => {
    const hit = only(m.match(listing({ ...shoes, title: '耐克 限量款 定金', price: 50 })), 'tm-nike');
    expect(hit).toMatchObject({ reason: 'trademark.use', flagged: false });
    expect(rulesOf(hit)).toContain('guard.price');
  });

  it('苹果 fruit against a class-9 苹果 mark → no hit (category path or title keywords)', () => {
    expect(m.match(listing({ category: '生鲜/水果', title: '烟台红富士苹果 5斤装', price: 10 }))).toEqual([]);
    expect(m.match(listing({ title: '新鲜苹果 水果 5斤 一比一', price: 10 }))).toEqual([]);
  });

  it('苹果 phone parts are in class 9', () => {
    const hit = only(
      m.match(listing({ category: '数码/手机', title: '苹果 手机 一比一', price: 800 })),
      'tm-apple',
    );
    expect(hit).toMatchObject({ reason: 'trademark.counterfeit', flagged: true });
  });

  it('长城 wine against a class-12 长城 mark → no hit', () => {
    expect(
      m.match(listing({ category: '酒类/葡萄酒', title: '长城干红葡萄酒 750ml 高仿', price: 20 })),
    ).toEqual([]);
  });

  it('compatibility statement without counterfeit wording → watch trademark.referential', () => {
    const l = listing({
      category: '数码/手机配件',
      title: '适用于苹果 iPhone 15 手机壳 硅胶保护套',
      price: 19,
    });
    const hit = only(m.match(l), 'tm-apple');
    expect(hit).toMatchObject({ reason: 'trademark.referential', flagged: false, tier: 'watch' });
    expect(rulesOf(hit)).toEqual(expect.arrayContaining(['guard.compatibility', 'watch.referential']));
  });

  it('hedging wording does not override a compatibility statement', () => {
    const l = listing({ category: '数码/手机配件', title: '网红同款 手机壳 适用于苹果', price: 19 });
    expect(only(m.match(l), 'tm-apple')).toMatchObject({
      reason: 'trademark.referential',
      flagged: false,
      tier: 'watch',
    });
  });

  it('compatibility statement with counterfeit wording is flagged', () => {
    const l = listing({ category: '数码/手机配件', title: '兼容苹果 原单 充电器', price: 19 });
    expect(only(m.match(l), 'tm-apple')).toMatchObject({ reason: 'trademark.counterfeit', flagged: true });
  });

  it('the mark only inside a longer unrelated word → no hit', () => {
    expect(m.match(listing({ title: 'SNIKERS 高仿 巧克力', price: 1 }))).toEqual([]);
    const mm = testMatcher(
      [NIKE],
      [{ rightId: 'tm-nike', term: '耐克', text: '耐克', evasions: [], insideWord: true }],
    );
    const hits = mm.match(listing({ ...shoes, title: '耐克 高仿 跑鞋', price: 99 }));
    expect(hits.filter((h) => h.flagged)).toHaveLength(1); // the verbatim mention, not the inside-word one
  });

  it('a registration expired at capture time → no hit', () => {
    const expired: Right = { ...NIKE, id: 'tm-old', validTo: '2026-05-31' };
    const mm = testMatcher([expired]);
    expect(mm.match(listing({ ...shoes, title: '耐克 高仿 跑鞋', price: 99 }))).toEqual([]);
    const stillValid = testMatcher([{ ...expired, validTo: '2026-06-01' }]);
    expect(stillValid.match(listing({ ...shoes, title: '耐克 高仿 跑鞋', price: 99 }))[0]?.flagged).toBe(
      true,
    );
  });

  it('goods unknown for a mark that is not well known → weak hit only', () => {
    const hit = only(m.match(listing({ title: '苹果 一比一 高仿', price: 100 })), 'tm-apple');
    expect(hit).toMatchObject({ reason: 'trademark.use', flagged: false });
  });
});

/** A matcher whose planted mentions carry the text core's corroboration mark (issue 13). */
function corroborationMatcher(
  rights: Right[],
  planted: Planted[],
  corroboration: NonNullable<Mention['corroboration']>,
): Matcher {
  return createMatcher(rights, {
    rules: RULES,
    buildIndex: (r) => {
      const inner = verbatimScanner(r, planted);
      return {
        scan(fields) {
          const result = inner.scan(fields);
          const mark = (m: Mention): Mention =>
            planted.some((p) => p.text === m.text) ? { ...m, needsCorroboration: true, corroboration } : m;
          return { ...result, mentions: result.mentions.map(mark) };
        },
      };
    },
  });
}

describe('trademark policy — mentions that need corroboration (issue 13)', () => {
  // 耐克 read as a homophone inside the everyday word 耐磕 ("knock-resistant").
  const planted: Planted[] = [{ rightId: 'tm-nike', term: '耐克', text: '耐磕', evasions: ['homophone'] }];
  const everyday = corroborationMatcher([NIKE], planted, { reason: 'everyday_word', word: '耐磕' });

  it('in class, no second signal → weak hit naming the word (guard.needs_corroboration[everyday_word:耐磕])', () => {
    const hit = only(everyday.match(listing({ ...shoes, title: '耐磕 防滑 运动鞋', price: 500 })), 'tm-nike');
    expect(hit).toMatchObject({ reason: 'trademark.use', flagged: false });
    expect(hit).not.toHaveProperty('tier');
    const guard = hit?.rules.find((r) => r.rule.startsWith('guard.needs_corroboration'));
    expect(guard).toMatchObject({ rule: 'guard.needs_corroboration[everyday_word:耐磕]', text: '耐磕' });
    expect(guard!.weight).toBeLessThan(0);
  });

  it('out of class and no second signal → no hit at all', () => {
    expect(everyday.match(listing({ category: '家居/水杯', title: '耐磕 水杯', price: 30 }))).toEqual([]);
  });

  it('counterfeit vocabulary is a second, independent signal → lead', () => {
    const hit = only(everyday.match(listing({ ...shoes, title: '耐磕 运动鞋 高仿', price: 500 })), 'tm-nike');
    expect(hit).toMatchObject({ reason: 'trademark.evasion', flagged: true, tier: 'lead' });
    expect(rulesOf(hit)).toEqual(
      expect.arrayContaining(['signal.counterfeit_vocabulary', 'signal.evasion_short_phonetic']),
    );
  });

  it('an official claim in the shop name is a second signal; an authenticity claim is not', () => {
    const seller = { id: 's9', name: '耐克官方旗舰店' };
    const lead = only(
      everyday.match(listing({ ...shoes, title: '耐磕 运动鞋', price: 500, seller })),
      'tm-nike',
    );
    expect(lead).toMatchObject({ flagged: true, tier: 'lead' });
    const weak = only(
      everyday.match(listing({ ...shoes, title: '耐磕 运动鞋 保真', price: 500 })),
      'tm-nike',
    );
    expect(weak).toMatchObject({ reason: 'trademark.use', flagged: false });
  });

  it('a plain mark elsewhere in the title is the mention used; the doubtful one is ignored', () => {
    const hit = only(everyday.match(listing({ ...shoes, title: '耐克 耐磕 运动鞋', price: 699 })), 'tm-nike');
    expect(hit).toMatchObject({ reason: 'trademark.use', flagged: false });
    expect(hit!.rules[0]).toMatchObject({ rule: 'mark.plain', text: '耐克' });
    expect(rulesOf(hit)).not.toContain('guard.needs_corroboration');
  });

  it('a place name reading a plain mark needs corroboration too (八达岭长城)', () => {
    const wall = corroborationMatcher(
      [GREATWALL],
      [{ rightId: 'tm-greatwall', term: '长城', text: '长城', evasions: [] }],
      { reason: 'place_name', word: '八达岭长城' },
    );
    const l = listing({ category: '汽车用品/车贴', title: '八达岭长城 汽车 车贴', price: 5 });
    for (const h of wall.match(l)) expect(h.flagged).toBe(false);
  });
});

describe('trademark policy — watch signals (issue 13)', () => {
  const m = testMatcher([NIKE, APPLE]);

  it('an authenticity claim alone → watch trademark.authenticity_claim, explained by watch.authenticity_claim', () => {
    const hit = only(m.match(listing({ ...shoes, title: '耐克 跑鞋 保真', price: 699 })), 'tm-nike');
    expect(hit).toMatchObject({ reason: 'trademark.authenticity_claim', flagged: false, tier: 'watch' });
    expect(hit!.rules.find((r) => r.rule.startsWith('watch.'))).toMatchObject({
      rule: 'watch.authenticity_claim[保真]',
      field: 'title',
      text: '保真',
    });
  });

  it('an authenticity claim next to a real signal is still a lead', () => {
    const hit = only(m.match(listing({ ...shoes, title: '耐克 跑鞋 保真 高仿', price: 699 })), 'tm-nike');
    expect(hit).toMatchObject({ reason: 'trademark.counterfeit', flagged: true, tier: 'lead' });
  });

  it('goods that cannot be read, with a compatibility statement → watch trademark.referential', () => {
    const hit = only(m.match(listing({ title: '好物 for iPhone 好物', price: 19 })), 'tm-apple');
    expect(hit).toMatchObject({ reason: 'trademark.referential', tier: 'watch', flagged: false });
    expect(rulesOf(hit)).toEqual(expect.arrayContaining(['guard.compatibility', 'watch.referential']));
    expect(only(m.match(listing({ title: '好物 iPhone 好物', price: 19 })), 'tm-apple')).toMatchObject({
      reason: 'trademark.use',
      flagged: false,
    });
  });

  it('a plain mention with no signal carries no tier', () => {
    const hit = only(m.match(listing({ ...shoes, title: '耐克 跑鞋', price: 699 })), 'tm-nike');
    expect(hit).toMatchObject({ reason: 'trademark.use', flagged: false });
    expect(hit).not.toHaveProperty('tier');
  });
});
