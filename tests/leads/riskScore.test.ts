import { describe, expect, it } from 'vitest';
import type { RiskWeights } from '../../src/leads/leadRules.js';
import { loadRiskWeights } from '../../src/leads/leadRules.js';
import { referencePriceOf, riskScore, type RiskInput } from '../../src/leads/riskScore.js';
import type { Right } from '../../src/model/index.js';
import { finding } from './findingFacts.js';

// Outside every key period (2026-08-05) and outside key goods ('摆件' is in no category): a neutral baseline.
const neutral = finding({
  title: 'Nike 摆件',
  category: undefined,
  sales: undefined,
  capturedAt: '2026-08-05T02:00:00Z',
});

function part(input: RiskInput, name: string) {
  const p = riskScore(input).parts.find((x) => x.part === name);
  if (!p) throw new Error(`no part ${name}`);
  return p;
}

describe('riskScore', () => {
  it('shows every part, and the contributions add up to the score', () => {
    const r = riskScore({ findings: [finding()], referencePrice: { min: 699, currency: 'CNY' } });
    expect(r.parts.map((p) => p.part)).toEqual([
      'hits',
      'keyGoods',
      'keyPeriod',
      'sales',
      'priceGap',
      'repeat',
      'group',
    ]);
    const sum = r.parts.reduce((s, p) => s + p.contribution, 0);
    expect(Math.abs(sum - r.score)).toBeLessThan(0.005);
    expect(r.score100).toBe(Math.round(r.score * 100));
    for (const p of r.parts) expect(p.explanation.length).toBeGreaterThan(0);
  });

  it('raises the score with a higher hit score', () => {
    const low = riskScore({ findings: [{ ...neutral, score: 0.6 }] }).score;
    const high = riskScore({ findings: [{ ...neutral, score: 0.95 }] }).score;
    expect(high).toBeGreaterThan(low);
    expect(part({ findings: [{ ...neutral, score: 0.95 }] }, 'hits').value).toBe(0.95);
  });

  it('counts key goods by the key-goods weight and names the category', () => {
    const shoes = part({ findings: [{ ...neutral, title: '耐克 运动鞋' }] }, 'keyGoods');
    expect(shoes.value).toBeGreaterThan(0);
    expect(shoes.explanation).toContain('服装鞋帽');
    expect(part({ findings: [neutral] }, 'keyGoods')).toMatchObject({
      value: 0,
      explanation: '不属于重点商品类别',
    });
  });

  it('counts a capture inside a key period (双十一)', () => {
    const p = part({ findings: [{ ...neutral, capturedAt: '2026-11-05T02:00:00Z' }] }, 'keyPeriod');
    expect(p.value).toBeGreaterThan(0);
    expect(p.explanation).toContain('双十一');
    expect(part({ findings: [neutral] }, 'keyPeriod').value).toBe(0);
  });

  it('grows with sales, summed over listings at their latest capture', () => {
    const few = part({ findings: [{ ...neutral, sales: 10 }] }, 'sales').value;
    const many = part({ findings: [{ ...neutral, sales: 5000 }] }, 'sales').value;
    expect(many).toBeGreaterThan(few);
    const twice = part(
      {
        findings: [
          { ...neutral, findingId: 1, sales: 100, capturedAt: '2026-08-01T00:00:00Z' },
          { ...neutral, findingId: 2, sales: 300, capturedAt: '2026-08-05T00:00:00Z' },
        ],
      },
      'sales',
    );
    expect(twice.explanation).toContain('合计销量 300');
  });

  it('scores the gap to the reference price, and says so when the right has none', () => {
    const right: Right = {
      id: 'tm-nike',
      kind: 'trademark',
      name: 'NIKE',
      aliases: [],
      registrationNo: '1',
      niceClasses: [25],
      owner: 'Nike',
      validFrom: '2020-01-01',
      validTo: '2030-01-01',
      wellKnown: true,
      authorizedSellers: [],
      referencePrice: { min: 700, currency: 'CNY' },
    };
    const ref = referencePriceOf(right);
    const cheap = part({ findings: [{ ...neutral, price: 140 }], referencePrice: ref }, 'priceGap');
    const close = part({ findings: [{ ...neutral, price: 630 }], referencePrice: ref }, 'priceGap');
    expect(cheap.value).toBe(1);
    expect(close.value).toBeGreaterThan(0);
    expect(close.value).toBeLessThan(cheap.value);
    expect(cheap.explanation).toContain('80%');
    const none = part({ findings: [neutral], referencePrice: null }, 'priceGap');
    expect(none.value).toBe(0);
    expect(none.explanation).toContain('未登记参考价');
  });

  it('adds the repeat and group signals', () => {
    const base = riskScore({ findings: [neutral] }).score;
    const repeat = riskScore({
      findings: [neutral],
      repeat: {
        repeat: true,
        relisting: false,
        matches: [
          {
            rule: 'after_notice',
            findingId: 1,
            earlier: { kind: 'notice', id: 'n1', at: '2026-07-01T00:00:00Z' },
            explanation: '',
          },
        ],
      },
    });
    expect(repeat.score).toBeGreaterThan(base);
    expect(repeat.parts.find((p) => p.part === 'repeat')?.explanation).toContain('通知后再犯');
    const sellers = [1, 2, 3, 4, 5].map((i) => ({
      platform: 'shopa',
      sellerId: `s${i}`,
      sellerName: `店${i}`,
    }));
    const group = riskScore({ findings: [neutral], group: { clusterId: 'group:tm-nike:1', sellers } });
    expect(group.score).toBeGreaterThan(base);
    expect(group.parts.find((p) => p.part === 'group')?.value).toBe(0.5);
  });

  it('puts a lead in a tier by the thresholds in the rules file', () => {
    const weights: RiskWeights = { ...loadRiskWeights(), tiers: { high: 0.6, medium: 0.35 } };
    const only = (w: Partial<RiskWeights['weights']>): RiskWeights => ({
      ...weights,
      weights: { hits: 0, keyGoods: 0, keyPeriod: 0, sales: 0, priceGap: 0, repeat: 0, group: 0, ...w },
    });
    const rules = only({ hits: 1 });
    expect(riskScore({ findings: [{ ...neutral, score: 0.7 }] }, { weights: rules }).tier).toBe('high');
    expect(riskScore({ findings: [{ ...neutral, score: 0.4 }] }, { weights: rules }).tier).toBe('medium');
    expect(riskScore({ findings: [{ ...neutral, score: 0.2 }] }, { weights: rules }).tier).toBe('watch');
    const off = riskScore({ findings: [neutral] }, { weights: rules }).parts.find((p) => p.part === 'sales');
    expect(off).toMatchObject({ weight: 0, contribution: 0 });
    expect(off?.explanation).toContain('权重为 0');
  });
});
