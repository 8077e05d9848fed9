import { regionByCode, regionPath, regionRelation, type Region } from '../reference/regions.js';
import { loadJurisdictionRules, type JurisdictionRules, type Office } from './leadRules.js';

/*
 * Jurisdiction (issue 14; domain.md §12): a seller's region code → the bureau responsible for it, from the
 * table in rules/leads/jurisdiction.json (the code itself, then its city, then its province), else the bureau
 * named after the seller's division at the configured level. Sellers outside the office's own area go to the
 * cross-region list (线索通报), with a copy to the authority of the platform's home region.
 */

export interface Bureau {
  name: string;
  regionCode: string;
  /** 'table' when configured, 'derived' when named from the region. */
  from: 'table' | 'derived';
}

export interface JurisdictionDecision {
  status: 'in_area' | 'transfer' | 'unknown_region';
  inArea: boolean;
  office: Office;
  /** The responsible bureau; null when the seller's region is unknown. */
  bureau: Bureau | null;
  /** The platform's home authority, for a copy (null when the platform is not configured or is in area). */
  copyTo: (Bureau & { platformOperator: string }) | null;
  sellerRegion: { code: string; path: string } | null;
  basis: string;
  explanation: string;
}

export interface JurisdictionOptions {
  rules?: JurisdictionRules;
  /** The office and its area, e.g. from the configuration; default: rules' `office`. */
  office?: Office;
}

const pathText = (code: string) =>
  regionPath(code)
    .map((r) => r.name)
    .join('');

/** The prefixes a code is looked up under: itself, its city, its province. */
function lookupCodes(code: string): string[] {
  return [...new Set([code, `${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`])];
}

/** The division whose bureau is responsible at `level` (a municipality's district answers to the city). */
function divisionAt(code: string, level: JurisdictionRules['routeLevel']): Region | undefined {
  const path = regionPath(code);
  const at = path.find((r) => r.level === level);
  if (at) return at;
  // Municipalities have no city level (北京市 → 朝阳区): the province-level city stands for it.
  return level === 'city' ? path.find((r) => r.level === 'province') : path[path.length - 1];
}

/** The bureau responsible for a region code: the configured table, else the one named after the division. */
export function bureauFor(code: string, rules: JurisdictionRules = loadJurisdictionRules()): Bureau | null {
  for (const c of lookupCodes(code)) {
    const hit = rules.bureaus.find((b) => b.regionCode === c);
    if (hit) return { name: hit.name, regionCode: hit.regionCode, from: 'table' };
  }
  const division = divisionAt(code, rules.routeLevel);
  return division
    ? { name: `${division.name}市场监督管理局`, regionCode: division.code, from: 'derived' }
    : null;
}

/** Whether a seller region lies inside the office's area. */
export function inOfficeArea(sellerCode: string, office: Office): boolean {
  return regionRelation(office.regionCode, sellerCode) === 'inside';
}

/** Where a seller's lead belongs: this office, or a cross-region notice to the responsible bureau. */
export function decideJurisdiction(
  seller: { regionCode?: string; platform: string },
  options: JurisdictionOptions = {},
): JurisdictionDecision {
  const rules = options.rules ?? loadJurisdictionRules();
  const office = options.office ?? rules.office;
  const basis = rules.source;
  const code = seller.regionCode;
  if (!code || !regionByCode(code)) {
    return {
      status: 'unknown_region',
      inArea: false,
      office,
      bureau: null,
      copyTo: null,
      sellerRegion: null,
      basis,
      explanation: code
        ? `卖家区划代码 ${code} 不在 GB/T 2260 区划表中，需人工确定管辖。`
        : '卖家所在地未知（无区划代码），需人工确定管辖（可查看店铺亮照的营业执照住所）。',
    };
  }
  const inArea = inOfficeArea(code, office);
  const bureau = inArea
    ? { name: office.name, regionCode: office.regionCode, from: 'table' as const }
    : bureauFor(code, rules);
  const platform = rules.platforms[seller.platform];
  const platformBureau = platform ? bureauFor(platform.regionCode, rules) : null;
  const copyTo =
    !inArea && platform && platformBureau && platformBureau.name !== bureau?.name
      ? { ...platformBureau, platformOperator: platform.operator }
      : null;
  const where = `${pathText(code)}（${code}）`;
  const explanation = inArea
    ? `卖家住所地 ${where} 在本局（${office.name}）辖区内，由本局处理。`
    : `卖家住所地 ${where} 不在本局（${office.name}）辖区内：线索通报${bureau?.name ?? '（未定）'}` +
      (copyTo ? `，抄送平台（${copyTo.platformOperator}）住所地的${copyTo.name}` : '') +
      '（市场监督管理行政处罚程序规定第九条）。';
  return {
    status: inArea ? 'in_area' : 'transfer',
    inArea,
    office,
    bureau,
    copyTo,
    sellerRegion: { code, path: pathText(code) },
    basis,
    explanation,
  };
}
