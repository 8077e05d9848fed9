import { regionByCode, regionPath, resolveLocation } from '../../reference/regions.js';
import type { PlatformId } from '../platformIds.js';

/*
 * Where sellers are: GB/T 2260 codes of e-commerce hubs (and a few ordinary places), at county level, and how
 * each platform prints a location — shopa `浙江省杭州市余杭区`, shopb `浙江 杭州`, shopc `杭州市余杭区`.
 */

/** County-level codes for the ordinary seller pool. */
export const POOL_COUNTIES: readonly string[] = [
  '330782', // 义乌市
  '330110', // 杭州市余杭区
  '330102', // 杭州市上城区
  '330212', // 宁波市鄞州区
  '330784', // 永康市
  '350304', // 莆田市荔城区
  '350582', // 晋江市
  '350203', // 厦门市思明区
  '350102', // 福州市鼓楼区
  '440111', // 广州市白云区
  '440106', // 广州市天河区
  '440306', // 深圳市宝安区
  '440305', // 深圳市南山区
  '440515', // 汕头市澄海区
  '440606', // 佛山市顺德区
  '320506', // 苏州市吴中区
  '320205', // 无锡市锡山区
  '320106', // 南京市鼓楼区
  '371302', // 临沂市兰山区
  '370102', // 济南市历下区
  '370211', // 青岛市黄岛区
  '410105', // 郑州市金水区
  '420111', // 武汉市洪山区
  '430104', // 长沙市岳麓区
  '510107', // 成都市武侯区
  '500103', // 重庆市渝中区
  '610113', // 西安市雁塔区
  '310115', // 上海市浦东新区
  '310104', // 上海市徐汇区
  '110105', // 北京市朝阳区
  '110108', // 北京市海淀区
  '120104', // 天津市南开区
  '130102', // 石家庄市长安区
  '210102', // 沈阳市和平区
  '230103', // 哈尔滨市南岗区
  '220102', // 长春市南关区
  '340104', // 合肥市蜀山区
  '360102', // 南昌市东湖区
  '450103', // 南宁市青秀区
  '530102', // 昆明市五华区
  '520102', // 贵阳市南明区
  '620102', // 兰州市城关区
  '150102', // 呼和浩特市新城区
  '140105', // 太原市小店区
  '460105', // 海口市秀英区
  '640104', // 银川市兴庆区
  '630102', // 西宁市城东区
  '650102', // 乌鲁木齐市天山区
];

function shortName(name: string): string {
  for (const suffix of ['特别行政区', '维吾尔自治区', '壮族自治区', '回族自治区', '自治区', '省', '市']) {
    if (name.endsWith(suffix) && name.length - suffix.length >= 2) return name.slice(0, -suffix.length);
  }
  return name;
}

function dedupe(names: string[]): string[] {
  return names.filter((n, i) => i === 0 || n !== names[i - 1]);
}

/**
 * The location as a platform prints it. `withCounty` false drops the county (the seller only gave a city).
 * Municipalities print once: `上海市浦东新区`, `上海`.
 */
export function printLocation(code: string, platform: PlatformId, withCounty = true): string {
  const path = regionPath(code);
  if (path.length === 0) throw new Error(`unknown region code ${code}`);
  const parts = withCounty ? path : path.filter((r) => r.level !== 'county' || path.length === 2);
  const province = parts[0];
  const rest = parts.slice(1);
  const municipality = province !== undefined && ['11', '12', '31', '50'].includes(province.code.slice(0, 2));
  if (platform === 'shopb') {
    if (municipality) return shortName(province?.name ?? '');
    const city = rest.find((r) => r.level === 'city');
    return [shortName(province?.name ?? ''), city ? shortName(city.name) : '']
      .filter((s) => s !== '')
      .join(' ');
  }
  if (platform === 'shopa') return dedupe(parts.map((r) => r.name)).join('');
  // shopc: city + county, or province + city when there is no county.
  if (municipality) return dedupe(parts.map((r) => r.name)).join('');
  const county = rest.find((r) => r.level === 'county');
  if (county && withCounty) return rest.map((r) => r.name).join('');
  return dedupe(parts.map((r) => r.name)).join('');
}

/** The region code a perfect extractor would derive from the printed text (what Listing.seller.regionCode holds). */
export function printedRegionCode(printed: string): string | undefined {
  return resolveLocation(printed)?.code;
}

export function regionName(code: string): string {
  return regionByCode(code)?.name ?? code;
}
