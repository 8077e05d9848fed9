import { describe, expect, it } from 'vitest';
import { loadRepeatRules } from '../../src/leads/leadRules.js';
import { detectRepeat } from '../../src/leads/repeatInfringement.js';
import type { ClosedCaseEvent, NoticeEvent, SellerHistory } from '../../src/leads/types.js';
import { finding } from './findingFacts.js';

const none: SellerHistory = { notices: [], closedCases: [] };

function notice(overrides: Partial<NoticeEvent> = {}): NoticeEvent {
  return {
    noticeId: 7,
    seller: { platform: 'shopa', sellerId: 's1', sellerName: '潮流鞋铺' },
    rightId: 'tm-nike',
    listingIds: ['a0'],
    at: '2026-10-01T02:00:00Z',
    outcome: 'taken_down',
    ...overrides,
  };
}

function closedCase(closedAt: string, overrides: Partial<ClosedCaseEvent> = {}): ClosedCaseEvent {
  return {
    caseId: 'c-2023-12',
    seller: { platform: 'shopa', sellerName: '潮流鞋铺' },
    kind: 'trademark',
    closedAt,
    decisionNo: '莆市监处罚〔2023〕12号',
    ...overrides,
  };
}

describe('detectRepeat', () => {
  it('reads the 5 years of Trademark Law Art. 60 from the rules, with its source', () => {
    const rules = loadRepeatRules();
    expect(rules.closedCaseYears).toBe(5);
    expect(rules.source).toContain('第六十条');
  });

  it('finds a seller found again after a notice, naming the notice and the dates', () => {
    const v = detectRepeat([finding({ findingId: 42, listingId: 'a9' })], { ...none, notices: [notice()] });
    expect(v.repeat).toBe(true);
    expect(v.matches).toEqual([
      expect.objectContaining({
        rule: 'after_notice',
        findingId: 42,
        matchedBy: 'shop_id',
        earlier: { kind: 'notice', id: '7', at: '2026-10-01T02:00:00Z' },
      }),
    ]);
    expect(v.explanation).toContain('通知 #7');
    expect(v.explanation).toContain('2026-10-01');
    expect(v.explanation).toContain('2026-11-02');
  });

  it('ties by seller name on the same platform when the shop id differs, not on another platform', () => {
    const byName = notice({ seller: { platform: 'shopa', sellerId: 'other', sellerName: ' 潮流鞋铺 ' } });
    expect(
      detectRepeat([finding({ listingId: 'a9' })], { ...none, notices: [byName] }).matches[0]?.matchedBy,
    ).toBe('seller_name');
    const elsewhere = notice({ seller: { platform: 'shopb', sellerId: 's1', sellerName: '潮流鞋铺' } });
    expect(detectRepeat([finding({ listingId: 'a9' })], { ...none, notices: [elsewhere] }).repeat).toBe(
      false,
    );
  });

  it('does not count a finding before the notice, nor on a listing the notice named', () => {
    const before = finding({ listingId: 'a9', capturedAt: '2026-09-01T00:00:00Z' });
    expect(detectRepeat([before], { ...none, notices: [notice()] }).repeat).toBe(false);
    const named = finding({ listingId: 'a0' });
    expect(detectRepeat([named], { ...none, notices: [notice()] }).repeat).toBe(false);
  });

  it('counts a finding within 5 years of a closed case (Art. 60), with the case and its dates', () => {
    const v = detectRepeat([finding()], { ...none, closedCases: [closedCase('2023-05-10')] });
    expect(v.repeat).toBe(true);
    expect(v.matches[0]).toMatchObject({ rule: 'within_years_of_case', matchedBy: 'seller_name' });
    expect(v.explanation).toContain('c-2023-12');
    expect(v.explanation).toContain('莆市监处罚〔2023〕12号');
    expect(v.explanation).toContain('2023-05-10');
    expect(v.explanation).toContain('2028-05-10');
    expect(v.explanation).toContain('第六十条');
  });

  it('does not count a case closed more than 5 years before, and says why', () => {
    const v = detectRepeat([finding()], { ...none, closedCases: [closedCase('2021-11-01')] });
    expect(v.repeat).toBe(false);
    expect(v.notCounted[0]).toContain('超过 5 年');
    expect(v.explanation).toContain('2026-11-01');
    // The anniversary day itself is still within the years.
    const edge = detectRepeat([finding({ capturedAt: '2026-10-31T20:00:00Z' })], {
      ...none,
      closedCases: [closedCase('2021-11-01')],
    });
    expect(edge.repeat).toBe(true);
  });

  it('marks a relisting, which re-opens the lead', () => {
    const v = detectRepeat(
      [
        finding({
          listingId: 'a2',
          relistedFrom: { listingId: 'a1', takenDownAt: '2026-10-05T02:00:00Z', key: 'k-abc' },
        }),
      ],
      none,
    );
    expect(v.relisting).toBe(true);
    expect(v.repeat).toBe(false);
    expect(v.matches[0]).toMatchObject({ rule: 'relisting', earlier: { kind: 'takedown', id: 'a1' } });
    expect(v.explanation).toContain('重新上架');
    expect(v.explanation).toContain('k-abc');
  });

  it('says nothing was found for a clean seller', () => {
    const v = detectRepeat([finding()], none);
    expect(v).toMatchObject({ repeat: false, relisting: false, matches: [] });
    expect(v.explanation).toContain('未发现反复侵权');
  });
});
