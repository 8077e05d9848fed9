import { describe, expect, it } from 'vitest';
import { maskPersonNamesIn, publicityRows, type HandledNotice } from '../../../src/workflow/publicity.js';

/* What the 公示 export adds to src/workflow/publicity.ts: a person's name found however it is spaced. */

const notice = (over: Partial<HandledNotice>): HandledNotice => ({
  noticeId: '1',
  platform: 'shopa',
  sellerName: '欧阳 娜娜',
  sellerId: 'oyn',
  notifierName: '王五',
  listingTitle: '',
  listingUrl: 'https://shop.example/item/1?tel=13812345678',
  right: { name: '耐克' },
  outcome: 'taken_down',
  noticeSentAt: '2026-12-01T00:00:00Z',
  outcomeAt: '2026-12-02T00:00:00Z',
  ...over,
});

describe('publicity redaction of names in titles', () => {
  it('masks a spaced name written without its space, with a dot, or in another case', () => {
    const [row] = publicityRows([notice({ listingTitle: '欧阳娜娜同款 欧阳·娜娜 推荐 王 五 亲测' })]);
    expect(row!.listingTitle).not.toMatch(/娜娜|王 ?五/);
    expect(row!.listingTitle).toContain('欧* **同款');
    expect(row!.listingUrl).toBe('https://shop.example/item/1');
    expect(maskPersonNamesIn('by JOHN SMITH and johnsmith', ['John Smith'])).toBe(
      'by J*** S**** and J*** S****',
    );
  });

  it('leaves other text alone and ignores one-character names', () => {
    expect(maskPersonNamesIn('欧阳修文集', ['欧阳 娜娜'])).toBe('欧阳修文集');
    expect(maskPersonNamesIn('王牌 运动鞋', ['王'])).toBe('王牌 运动鞋');
  });
});
