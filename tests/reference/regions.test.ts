import { describe, expect, it } from 'vitest';
import {
  isValidRegionCode,
  regionRelation,
  resolveLocation,
  nameForms,
} from '../../src/reference/regions.js';

describe('GB/T 2260 regions', () => {
  it.each([
    ['浙江 杭州', '330100', 'city'],
    ['福建省莆田市', '350300', 'city'],
    ['杭州市西湖区', '330106', 'county'],
    ['浙江省杭州市西湖区龙井村', '330106', 'county'],
    ['黑龙江 哈尔滨 五常市', '230184', 'county'],
    ['北京', '110000', 'province'],
    ['北京 朝阳', '110105', 'county'],
    ['湖北 恩施', '422800', 'city'],
    ['新疆 库尔勒', '652801', 'county'],
  ])('resolves %s', (text, code, level) => {
    expect(resolveLocation(text)).toMatchObject({ code, level });
  });

  it('stops at what is certain when a county name is ambiguous nationally', () => {
    expect(resolveLocation('西湖区')).toBeNull();
    expect(resolveLocation('火星')).toBeNull();
  });

  it('knows valid codes', () => {
    expect(isValidRegionCode('330106')).toBe(true);
    expect(isValidRegionCode('339999')).toBe(false);
    expect(isValidRegionCode('33010')).toBe(false);
  });

  it('relates a seller region to a protected area', () => {
    expect(regionRelation('330106', '330106')).toBe('inside');
    expect(regionRelation('330106', '330100')).toBe('contains');
    expect(regionRelation('330106', '330000')).toBe('contains');
    expect(regionRelation('330106', '350300')).toBe('outside');
    expect(regionRelation('330100', '330106')).toBe('inside');
  });

  it('derives short name forms', () => {
    expect(nameForms('恩施土家族苗族自治州')).toContain('恩施');
    expect(nameForms('广西壮族自治区')).toContain('广西');
    expect(nameForms('西湖区')).toContain('西湖');
  });
});
