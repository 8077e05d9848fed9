import type { FindingFacts } from '../../src/leads/types.js';

/** A finding with plain defaults: a counterfeit trademark hit on a sample-marketplace listing. */
export function finding(overrides: Partial<FindingFacts> = {}): FindingFacts {
  const listingId = overrides.listingId ?? 'a1';
  return {
    findingId: 1,
    platform: 'shopa',
    listingId,
    url: `http://127.0.0.1/shopa/item/${listingId}`,
    sellerId: 's1',
    sellerName: '潮流鞋铺',
    rightId: 'tm-nike',
    kind: 'trademark',
    reason: 'trademark.counterfeit',
    tier: 'lead',
    score: 0.8,
    title: '耐克 空军一号 低帮板鞋 男款',
    price: 199,
    sales: 120,
    capturedAt: '2026-11-02T02:00:00Z',
    regionCode: '350302',
    ...overrides,
  };
}
