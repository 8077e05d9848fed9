import { describe, expect, it } from 'vitest';
import { referralAttachmentChecklist } from '../../src/leads/referralAttachments.js';
import { estimateVolume, referralSuggestion } from '../../src/leads/referralSuggestion.js';
import { loadCriminalThresholds, type CriminalThresholds } from '../../src/reference/thresholds.js';
import { MarkwatchError } from '../../src/common/errors.js';
import { finding } from './findingFacts.js';

// ¥200 × 300 = ¥60,000: above the ¥50,000 single-mark entry threshold of Art. 213.
const sold = finding({ price: 200, sales: 300 });

describe('estimateVolume', () => {
  it('adds price × sales of each listing at its latest capture, once per listing', () => {
    const f = estimateVolume([
      finding({ findingId: 1, listingId: 'a1', price: 100, sales: 10, capturedAt: '2026-10-01T00:00:00Z' }),
      finding({ findingId: 2, listingId: 'a1', price: 100, sales: 50, capturedAt: '2026-11-01T00:00:00Z' }),
      finding({
        findingId: 3,
        listingId: 'a1',
        rightId: 'tm-other',
        price: 100,
        sales: 50,
        capturedAt: '2026-11-01T00:00:00Z',
      }),
      finding({ findingId: 4, listingId: 'a2', price: 20, sales: 5 }),
      finding({ findingId: 5, listingId: 'a3', price: 20, sales: undefined }),
    ]);
    expect(f.volume).toBe(5000 + 100);
    expect(f.sales).toBe(55);
    expect(f.listings.find((l) => l.listingId === 'a3')).toMatchObject({ volume: null, sales: null });
  });
});

describe('referralSuggestion', () => {
  it('suggests referral when the volume crosses the entry threshold, naming threshold, version and figures', () => {
    const r = referralSuggestion([sold]);
    expect(r.suggested).toBe(true);
    expect(r.day).toBe('2026-11-02');
    expect(r.threshold).toMatchObject({
      version: '2025-04-26',
      article: '213',
      level: 'entry',
      measure: 'businessVolume',
      multiMark: false,
      amount: 50000,
      verified: false,
    });
    expect(r.threshold?.document).toContain('法释〔2025〕5号');
    expect(r.figures).toMatchObject({ price: 200, sales: 300, volume: 60000 });
    expect(r.explanation).toContain('建议移送公安');
    expect(r.explanation).toContain('¥200 × 300 = ¥60,000');
    expect(r.explanation).toContain('未经官方文本核对');
  });

  it('picks the threshold version in force on the capture date', () => {
    const before = referralSuggestion([{ ...sold, capturedAt: '2025-04-20T02:00:00Z' }]);
    const after = referralSuggestion([{ ...sold, capturedAt: '2025-04-27T02:00:00Z' }]);
    expect(before.threshold?.version).toBe('2007-04-05');
    expect(before.threshold?.verified).toBe(true);
    expect(after.threshold?.version).toBe('2025-04-26');
    // The capture in 2004–2007 gets the 2004 table, which set units (companies) at 3×.
    const old = referralSuggestion([{ ...sold, capturedAt: '2006-01-01T02:00:00Z' }]);
    expect(old.threshold?.version).toBe('2004-12-22');
    expect(old.explanation).toContain('3 倍');
  });

  it('crosses in one version and not in another when the amounts differ', () => {
    const base = loadCriminalThresholds();
    const v = base.versions[1];
    if (!v) throw new Error('fixture');
    const lowered = {
      ...v,
      effectiveDate: '2026-06-01',
      document: '测试版本',
      offences: v.offences.map((o) => (o.article === '213' ? { ...o, entry: { businessVolume: 30000 } } : o)),
    };
    const file: CriminalThresholds = { ...base, versions: [v, lowered] };
    const f = finding({ price: 100, sales: 400 }); // ¥40,000
    const early = referralSuggestion([{ ...f, capturedAt: '2026-05-31T02:00:00Z' }], { thresholds: file });
    const late = referralSuggestion([{ ...f, capturedAt: '2026-06-01T02:00:00Z' }], { thresholds: file });
    expect(early.suggested).toBe(false);
    expect(early.threshold).toMatchObject({ version: '2007-04-05', amount: 50000 });
    expect(early.explanation).toContain('第310号第三条第二款');
    expect(late.suggested).toBe(true);
    expect(late.threshold).toMatchObject({ version: '2026-06-01', document: '测试版本', amount: 30000 });
  });

  it('uses the multi-mark threshold when the seller’s findings cover two rights', () => {
    const a = finding({ findingId: 1, listingId: 'a1', price: 100, sales: 200 }); // ¥20,000
    const b = finding({ findingId: 2, listingId: 'a2', rightId: 'tm-adidas', price: 100, sales: 150 }); // ¥15,000
    expect(referralSuggestion([a]).suggested).toBe(false);
    const r = referralSuggestion([a, b]);
    expect(r.suggested).toBe(true);
    expect(r.threshold).toMatchObject({ article: '213', multiMark: true, amount: 30000 });
    expect(r.figures.volume).toBe(35000);
    expect(r.explanation).toContain('2 个权利');
  });

  it('notes a penalty within the 2 years of the 2025 interpretation, not an older one', () => {
    const recent = referralSuggestion([sold], { penalisedAt: ['2025-06-01'] });
    expect(recent.explanation).toContain('2025-06-01 受过处罚，在 2 年内');
    expect(referralSuggestion([sold], { penalisedAt: ['2023-06-01'] }).explanation).not.toContain('受过处罚');
  });

  it('reports the upper level when the volume crosses it', () => {
    const r = referralSuggestion([finding({ price: 500, sales: 600 })]);
    expect(r.threshold).toMatchObject({ level: 'upper', amount: 250000 });
  });

  it('compares patent passing-off with Art. 216', () => {
    const p = finding({ rightId: 'pt-1', kind: 'patent', reason: 'patent.expired', price: 100, sales: 2500 });
    const r = referralSuggestion([p]);
    expect(r.threshold).toMatchObject({ article: '216', amount: 200000, level: 'entry' });
    expect(r.suggested).toBe(true);
  });

  it('counts neither watch-tier reasons nor GI findings', () => {
    const watch = finding({
      reason: 'trademark.authenticity_claim',
      tier: 'watch',
      price: 1000,
      sales: 1000,
    });
    const gi = finding({
      rightId: 'gi-1',
      kind: 'gi',
      reason: 'gi.origin_mismatch',
      price: 1000,
      sales: 1000,
    });
    const r = referralSuggestion([watch, gi]);
    expect(r).toMatchObject({ suggested: false, threshold: null, comparisons: [] });
    expect(r.explanation).toContain('没有可与刑事立案标准比较的发现');
  });
});

describe('referralAttachmentChecklist (Order 310 Art. 6)', () => {
  it('lists the five attachments with their source and what the referral records', () => {
    const c = referralAttachmentChecklist([
      { code: 'referral_letter', ref: '杭市监移〔2026〕3号' },
      { code: 'investigation_report', ref: 'report.pdf' },
    ]);
    expect(c.basis).toContain('第310号');
    expect(c.items.map((i) => i.nameZh)).toEqual([
      '涉嫌犯罪案件移送书',
      '涉嫌犯罪案件情况的调查报告',
      '涉案物品清单',
      '有关检验报告或者鉴定结论',
      '其他有关涉嫌犯罪的材料',
    ]);
    expect(c.items[0]).toMatchObject({ recorded: true, refs: ['杭市监移〔2026〕3号'] });
    expect(c.missingRequired).toEqual(['item_list']);
    expect(c.complete).toBe(false);
    const done = referralAttachmentChecklist([
      { code: 'referral_letter', ref: 'x' },
      { code: 'investigation_report', ref: 'y' },
      { code: 'item_list', ref: 'z' },
    ]);
    expect(done.complete).toBe(true);
  });

  it('refuses an unknown attachment code, naming it', () => {
    expect(() => referralAttachmentChecklist([{ code: 'photos', ref: 'p' }])).toThrow(MarkwatchError);
    expect(() => referralAttachmentChecklist([{ code: 'photos', ref: 'p' }])).toThrow(
      /"photos".*attachments\[0\]\.code/,
    );
  });
});
