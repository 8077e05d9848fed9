import { addToDate } from '../common/chinaTime.js';
import {
  loadCriminalThresholds,
  thresholdsAt,
  type CriminalThresholds,
  type ThresholdVersion,
} from '../reference/thresholds.js';
import { loadReferralRules, type ReferralOffenceRule, type ReferralRules } from './leadRules.js';
import { dayOf } from './repeatInfringement.js';
import { latestByListing } from './latestByListing.js';
import type { FindingFacts } from './types.js';

/*
 * Amount and referral (issue 14; domain.md §4.2, §5): the business volume of a seller's findings, estimated as
 * price × sales of each listing at its latest capture and added up (法释〔2004〕19号 Art. 12: sold goods at the
 * actual price; unhandled acts add up), compared with the thresholds in force on the day of the latest
 * capture. Crossing an entry threshold suggests referral; below it an officer may still refer on reasonable
 * suspicion (Order 310 Art. 3 ¶2), so this only ranks and annotates.
 */

export type ThresholdLevel = 'entry' | 'upper';

export interface ListingVolume {
  platform: string;
  listingId: string;
  url: string;
  findingIds: FindingFacts['findingId'][];
  price: number | null;
  sales: number | null;
  /** price × sales, null when either is missing. */
  volume: number | null;
}

export interface ReferralFigures {
  /** Average price (volume / sales), null without a priced sale. */
  price: number | null;
  sales: number;
  volume: number;
  listings: ListingVolume[];
}

export interface ThresholdRef {
  version: string;
  document: string;
  article: ReferralOffenceRule['article'];
  offence: string;
  level: ThresholdLevel;
  measure: ReferralOffenceRule['measure'];
  multiMark: boolean;
  amount: number;
  verified: boolean;
  verifyNote?: string;
}

/** One offence's comparison. */
export interface OffenceComparison {
  article: ReferralOffenceRule['article'];
  rightIds: string[];
  figures: ReferralFigures;
  /** The highest level crossed, or the entry threshold when none is. */
  threshold: ThresholdRef;
  crossed: boolean;
}

export interface ReferralSuggestion {
  suggested: boolean;
  /** The day whose thresholds apply (the latest capture, unless given). */
  day: string;
  /** The threshold crossed (the highest level), or the nearest one when none is; null when none applies. */
  threshold: ThresholdRef | null;
  figures: ReferralFigures;
  comparisons: OffenceComparison[];
  explanation: string;
}

export interface ReferralOptions {
  /** The day (YYYY-MM-DD) whose thresholds apply; default: the day of the latest capture. */
  onDay?: string;
  thresholds?: CriminalThresholds;
  rules?: ReferralRules;
  /** Dates of earlier criminal or administrative penalties of the seller, for the version's repeat rule. */
  penalisedAt?: readonly string[];
}

const yuan = (x: number) => `¥${new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(x)}`;
const MEASURE_LABELS = { businessVolume: '非法经营数额', salesAmount: '销售金额' } as const;

/** Price × sales per listing (latest capture; CNY only) and their sum. */
export function estimateVolume(findings: readonly FindingFacts[]): ReferralFigures {
  const latest = latestByListing(findings);
  const idsOf = new Map<string, FindingFacts['findingId'][]>();
  for (const f of findings) {
    const key = `${f.platform}\u0000${f.listingId}`;
    const ids = idsOf.get(key) ?? [];
    ids.push(f.findingId);
    idsOf.set(key, ids);
  }
  const listings = latest.map((f): ListingVolume => {
    const cny = (f.currency ?? 'CNY') === 'CNY';
    const price = cny && f.price !== undefined ? f.price : null;
    const sales = f.sales ?? null;
    return {
      platform: f.platform,
      listingId: f.listingId,
      url: f.url,
      findingIds: idsOf.get(`${f.platform}\u0000${f.listingId}`) ?? [],
      price,
      sales,
      volume: price !== null && sales !== null ? Math.round(price * sales * 100) / 100 : null,
    };
  });
  const counted = listings.filter((l) => l.volume !== null);
  const volume = Math.round(counted.reduce((s, l) => s + (l.volume ?? 0), 0) * 100) / 100;
  const sales = counted.reduce((s, l) => s + (l.sales ?? 0), 0);
  return { price: sales > 0 ? Math.round((volume / sales) * 100) / 100 : null, sales, volume, listings };
}

function compare(
  rule: ReferralOffenceRule,
  findings: readonly FindingFacts[],
  version: ThresholdVersion,
): OffenceComparison | null {
  const mine = findings.filter((f) => (rule.reasons as readonly string[]).includes(f.reason));
  const offence = version.offences.find((o) => o.article === rule.article);
  if (mine.length === 0 || !offence) return null;
  const rightIds = [...new Set(mine.map((f) => f.rightId))].sort();
  const multi = rule.multiMark && rightIds.length >= 2;
  const entry = (multi ? offence.entryMultiMark : undefined)?.[rule.measure] ?? offence.entry[rule.measure];
  const upper = (multi ? offence.upperMultiMark : undefined)?.[rule.measure] ?? offence.upper?.[rule.measure];
  if (entry === undefined) return null;
  const multiMark = multi && offence.entryMultiMark?.[rule.measure] !== undefined;
  const figures = estimateVolume(mine);
  const level: ThresholdLevel = upper !== undefined && figures.volume >= upper ? 'upper' : 'entry';
  const threshold: ThresholdRef = {
    version: version.effectiveDate,
    document: version.document,
    article: rule.article,
    offence: offence.nameZh,
    level,
    measure: rule.measure,
    multiMark,
    amount: level === 'upper' && upper !== undefined ? upper : entry,
    verified: offence.verified,
    ...(offence.verifyNote ? { verifyNote: offence.verifyNote } : {}),
  };
  return { article: rule.article, rightIds, figures, threshold, crossed: figures.volume >= entry };
}

function describeFigures(figures: ReferralFigures): string {
  const lines = figures.listings.map((l) =>
    l.volume !== null
      ? `${l.platform}/${l.listingId}：${yuan(l.price ?? 0)} × ${l.sales} = ${yuan(l.volume)}`
      : `${l.platform}/${l.listingId}：缺少${l.price === null ? '人民币价格' : ''}${l.price === null && l.sales === null ? '和' : ''}${l.sales === null ? '销量' : ''}，未计入`,
  );
  return `${lines.join('；')}；合计 ${yuan(figures.volume)}`;
}

function describe(c: OffenceComparison, day: string): string {
  const t = c.threshold;
  const marks = t.multiMark ? `（${c.rightIds.length} 个权利，适用“两种以上”的标准）` : '';
  const level = t.level === 'upper' ? '加重档' : '入罪档';
  const verdict = c.crossed ? '≥' : '<';
  const unverified = t.verified
    ? ''
    : `（注意：该版本数额未经官方文本核对${t.verifyNote ? `：${t.verifyNote}` : ''}）`;
  return (
    `刑法第${t.article}条 ${t.offence}：按 ${day} 适用的 ${t.document}（${t.version} 起施行），` +
    `${MEASURE_LABELS[t.measure]}${level}标准 ${yuan(t.amount)}${marks}；估算 ${describeFigures(c.figures)} ${verdict} 标准。${unverified}`
  );
}

/** A note when the seller was penalised within the version's repeat years (法释〔2025〕5号 lowers thresholds). */
function recentPenaltyNote(version: ThresholdVersion, day: string, penalisedAt: readonly string[]): string {
  const years = version.repeatWithinYears;
  if (!years) return '';
  const recent = penalisedAt.map(dayOf).filter((d) => d <= day && addToDate(d, years) >= day);
  if (recent.length === 0) return '';
  return (
    `该卖家 ${recent.sort().join('、')} 受过处罚，在 ${years} 年内：${version.document} 对此降低入罪标准` +
    `（${version.repeatNote ?? '数额未录入'}），请人工核对。`
  );
}

/** Whether a seller's findings suggest referral to the police, with the threshold, its version and the figures. */
export function referralSuggestion(
  findings: readonly FindingFacts[],
  options: ReferralOptions = {},
): ReferralSuggestion {
  const rules = options.rules ?? loadReferralRules();
  const latest = findings.reduce<string | null>(
    (m, f) => (m === null || Date.parse(f.capturedAt) > Date.parse(m) ? f.capturedAt : m),
    null,
  );
  const day = options.onDay ?? (latest ? dayOf(latest) : '');
  const version = day ? thresholdsAt(day, options.thresholds ?? loadCriminalThresholds()) : null;
  const figures = estimateVolume(findings);
  if (!version) {
    return {
      suggested: false,
      day,
      threshold: null,
      figures,
      comparisons: [],
      explanation: `${day || '（无发现）'} 没有施行中的刑事立案标准版本，无法比较。`,
    };
  }
  const comparisons = rules.offences
    .map((r) => compare(r, findings, version))
    .filter((c): c is OffenceComparison => c !== null);
  const crossed = comparisons.filter((c) => c.crossed);
  const rank = (c: OffenceComparison) => (c.threshold.level === 'upper' ? 2 : 1);
  const chosen =
    crossed.length > 0
      ? crossed.reduce((best, c) => (rank(c) > rank(best) ? c : best))
      : comparisons.reduce<OffenceComparison | null>(
          (best, c) =>
            !best || c.figures.volume / c.threshold.amount > best.figures.volume / best.threshold.amount
              ? c
              : best,
          null,
        );
  const suggested = crossed.length > 0;
  const units =
    version.unitMultiplier !== 1 ? `该版本单位犯罪标准为个人的 ${version.unitMultiplier} 倍。` : '';
  const repeatNote = recentPenaltyNote(version, day, options.penalisedAt ?? []);
  const head = suggested
    ? '建议移送公安（达到刑事立案标准）：'
    : comparisons.length > 0
      ? '未达刑事立案标准；有犯罪合理嫌疑的仍可依国务院令第310号第三条第二款移送：'
      : '没有可与刑事立案标准比较的发现（地理标志、特殊标志与观察类发现不计入）。';
  const explanation = [head, ...comparisons.map((c) => describe(c, day)), units, repeatNote]
    .filter(Boolean)
    .join('\n');
  return {
    suggested,
    day,
    threshold: chosen?.threshold ?? null,
    figures: chosen?.figures ?? figures,
    comparisons,
    explanation,
  };
}
