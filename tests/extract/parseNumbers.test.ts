import { describe, expect, it } from 'vitest';
import { parseNumber, parsePrice, parseSales } from '../../src/extract/index.js';

describe('parsePrice', () => {
  it.each([
    ['¥1,299.00', 1299],
    ['￥ 89.50', 89.5],
    ['89.5元', 89.5],
    ['12,99 €', 12.99],
    ['EUR 1.299,00', 1299],
    ['1.299 €', 1299],
    ['$1,299.99', 1299.99],
    ['US $0.75 - 1.01', 0.75],
    ['1.2万元', 12000],
    ['£276.90', 276.9],
  ])('%s → %d', (text, value) => expect(parsePrice(text)).toBe(value));

  it('no number → undefined', () => {
    expect(parsePrice('面议')).toBeUndefined();
    expect(parsePrice('')).toBeUndefined();
  });
});

describe('parseSales', () => {
  it.each([
    ['1.2万', 12000],
    ['10万+人付款', 100000],
    ['月销 3000+', 3000],
    ['1,234 sold', 1234],
    ['2.5k sold', 2500],
    ['已售 1亿', 100000000],
    ['6+ Sold', 6],
  ])('%s → %d', (text, value) => expect(parseSales(text)).toBe(value));
});

describe('parseNumber', () => {
  it('reads the first number', () => {
    expect(parseNumber('已有3277人评价')).toBe(3277);
    expect(parseNumber('4,5 von 5 Sternen')).toBe(4.5);
  });
});
