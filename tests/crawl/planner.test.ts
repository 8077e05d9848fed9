import { describe, expect, it } from 'vitest';
import { planCrawl } from '../../src/crawl/planner.js';
import {
  activePeriods,
  budgetMultiplier,
  categoryWeight,
  loadPriorities,
} from '../../src/crawl/priorities.js';
import { WatchListSchema } from '../../src/model/index.js';

const priorities = loadPriorities();
const rights = WatchListSchema.parse({
  rights: [
    {
      id: 'tm-naike',
      kind: 'trademark',
      name: '耐克',
      aliases: ['NIKE'],
      registrationNo: 'G1105786',
      niceClasses: [25],
      goods: ['运动鞋'],
      owner: '耐克',
      validFrom: '2012-01-28',
      validTo: '2032-01-27',
    },
    {
      id: 'tm-kangshifu',
      kind: 'trademark',
      name: '康师傅',
      registrationNo: '1057066',
      niceClasses: [30],
      goods: ['方便面'],
      owner: '顶益',
      validFrom: '2017-07-14',
      validTo: '2027-07-13',
    },
    {
      id: 'sp-bingdwendwen',
      kind: 'special',
      name: '冰墩墩',
      aliases: ['Bing Dwen Dwen'],
      announcementNo: 'A000021',
      validFrom: '2020-01-15',
      validTo: '2030-01-14',
    },
  ],
}).rights;
const ordinaryDay = new Date('2026-08-10T04:00:00Z');

describe('key periods and key goods (reference data of the registry)', () => {
  it('raises the budget inside a key period only', () => {
    expect(activePeriods(priorities, ordinaryDay)).toEqual([]);
    expect(budgetMultiplier(priorities, ordinaryDay)).toBe(1);
    expect(activePeriods(priorities, new Date('2026-11-05T04:00:00Z')).map((p) => p.code)).toContain(
      'DOUBLE11',
    );
    expect(budgetMultiplier(priorities, new Date('2026-11-05T04:00:00Z'))).toBe(1.5);
    // 21 days before Spring Festival 2027 (02-06, from the almanac table); New Year wraps the year.
    expect(activePeriods(priorities, new Date('2027-01-20T04:00:00Z')).map((p) => p.code)).toContain(
      'SPRING_FESTIVAL',
    );
    expect(activePeriods(priorities, new Date('2026-12-31T04:00:00Z')).map((p) => p.code)).toContain(
      'NEW_YEAR',
    );
  });

  it('weights a right by the key-goods category of its goods', () => {
    const naike = rights.find((r) => r.id === 'tm-naike')!;
    expect(categoryWeight(priorities, naike, ordinaryDay)).toEqual({ weight: 1.5, category: 'APPAREL' });
    const kangshifu = rights.find((r) => r.id === 'tm-kangshifu')!;
    expect(categoryWeight(priorities, kangshifu, ordinaryDay)).toEqual({ weight: 1.6, category: 'FOOD' });
    const special = rights.find((r) => r.kind === 'special')!;
    expect(categoryWeight(priorities, special, ordinaryDay)).toEqual({ weight: 1, category: null });
  });
});

describe('planCrawl', () => {
  it('turns rights into name, alias and evasion-form queries per platform within the budget', () => {
    const plan = planCrawl(rights, {
      platforms: ['shopa', 'shopb'],
      budget: 100,
      now: ordinaryDay,
      priorities,
    });
    const shopa = plan.queries.filter((q) => q.platform === 'shopa');
    const texts = shopa.map((q) => q.query);
    expect(texts).toContain('耐克');
    expect(texts).toContain('NIKE');
    expect(texts).toContain('naike');
    expect(texts).toContain('耐 克');
    expect(shopa.find((q) => q.query === 'naike')?.form).toBe('pinyin');
    expect(shopa.reduce((s, q) => s + q.budget, 0)).toBeLessThanOrEqual(100);
    // Heavier forms get more of the budget.
    const budgetOf = (q: string) => shopa.find((x) => x.query === q)!.budget;
    expect(budgetOf('耐克')).toBeGreaterThan(budgetOf('naike'));
    expect(plan.queries.filter((q) => q.platform === 'shopb')).toHaveLength(shopa.length);
  });

  it('drops the lightest queries when the budget is small and raises it by half in 双十一', () => {
    const small = planCrawl(rights, { platforms: ['shopa'], budget: 8, now: ordinaryDay, priorities });
    expect(small.queries.length).toBe(2);
    expect(small.dropped).toBeGreaterThan(0);
    const peak = planCrawl(rights, {
      platforms: ['shopa'],
      budget: 8,
      now: new Date('2026-11-05T04:00:00Z'),
      priorities,
    });
    expect(peak).toMatchObject({ budgetPerPlatform: 12, multiplier: 1.5 });
    expect(peak.periods).toContain('DOUBLE11');
  });

  it('uses explicit queries instead of the rights when given', () => {
    const plan = planCrawl(rights, {
      platforms: ['shopa'],
      budget: 20,
      now: ordinaryDay,
      priorities,
      queries: ['运动鞋'],
    });
    expect(plan.queries).toEqual([
      { platform: 'shopa', query: '运动鞋', form: 'explicit', rightIds: [], weight: 1, budget: 20 },
    ]);
  });
});
