import type { FindingFacts, SellerRef } from './types.js';

/*
 * When a history event is about the same seller as a finding (issue 14 "Repeat infringement"): the same shop
 * on the same platform, the same seller name on the same platform, or the same 统一社会信用代码 anywhere (a
 * legal identity; domain.md §12 keeps history per credit code too).
 */

export type SellerMatch = 'shop_id' | 'seller_name' | 'credit_code';

export const SELLER_MATCH_LABELS: Readonly<Record<SellerMatch, string>> = {
  shop_id: '同一店铺号',
  seller_name: '同平台同名卖家',
  credit_code: '同一统一社会信用代码',
};

/** A seller or shop name as compared: NFKC, lower case, no spaces. */
export function normaliseSellerName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/** How `ref` names the seller of `finding`, the strongest tie first, or null when it is someone else. */
export function sameSeller(finding: FindingFacts, ref: SellerRef): SellerMatch | null {
  if (ref.platform === finding.platform) {
    const shop = ref.shopId ?? ref.sellerId;
    if (shop !== undefined && (shop === (finding.shopId ?? finding.sellerId) || shop === finding.sellerId)) {
      return 'shop_id';
    }
    if (ref.sellerName && normaliseSellerName(ref.sellerName) === normaliseSellerName(finding.sellerName)) {
      return 'seller_name';
    }
  }
  if (ref.creditCode && finding.creditCode && ref.creditCode === finding.creditCode) return 'credit_code';
  return null;
}
