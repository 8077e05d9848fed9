import { keyGoodsCategoriesOf, loadKeyGoods, type KeyGoodsFile } from '../reference/keyGoods.js';
import { activePeriods, loadKeyPeriods, type KeyPeriodsFile } from '../reference/keyPeriods.js';
import type { Right } from '../model/index.js';
import type { GroupCluster } from './groupClusters.js';
import { loadRiskWeights, RISK_PARTS, type RiskPart, type RiskWeights } from './leadRules.js';
import { dayOf, type RepeatVerdict } from './repeatInfringement.js';
import { latestByListing } from './latestByListing.js';
import type { FindingFacts } from './types.js';

/*
 * The risk score of a lead (one seller × one right), with its parts shown (issue 14 "Risk score"): each part
 * is a value in 0..1 with a weight from rules/leads/risk-weights.json; the score is their weighted mean, so the
 * contributions add up to it, and the tier follows from the thresholds in the same file.
 */

export type RiskTier = 'high' | 'medium' | 'watch';

export const RISK_TIER_LABELS: Readonly<Record<RiskTier, string>> = {
  high: '高',
  medium: '中',
  watch: '观察',
};

export const RISK_PART_LABELS: Readonly<Record<RiskPart, string>> = {
  hits: '命中得分',
  keyGoods: '重点商品',
  keyPeriod: '重点时段',
  sales: '销量',
  priceGap: '低于参考价',
  repeat: '反复侵权',
  group: '群体性侵权',
};

export interface RiskPartResult {
  part: RiskPart;
  /** 0..1. */
  value: number;
  weight: number;
  /** weight × value / Σ weights: the parts' contributions add up to the score. */
  contribution: number;
  explanation: string;
}

export interface RiskAssessment {
  /** 0..1. */
  score: number;
  /** The score on 0..100, rounded, for display. */
  score100: number;
  tier: RiskTier;
  parts: RiskPartResult[];
}

/** A right's reference price (lowest genuine retail price), when it has one. */
export interface ReferencePrice {
  min: number;
  currency: string;
}

export interface RiskInput {
  /** The lead's findings (one seller on one platform × one right). */
  findings: readonly FindingFacts[];
  referencePrice?: ReferencePrice | null;
  repeat?: Pick<RepeatVerdict, 'repeat' | 'relisting' | 'matches'> | null;
  group?: Pick<GroupCluster, 'clusterId' | 'sellers'> | null;
}

export interface RiskOptions {
  weights?: RiskWeights;
  keyGoods?: KeyGoodsFile;
  keyPeriods?: KeyPeriodsFile;
}

/** A right's reference price: trademarks may carry one; other rights have none. */
export function referencePriceOf(right: Right): ReferencePrice | null {
  return right.kind === 'trademark' && right.referencePrice ? right.referencePrice : null;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

type PartValue = { value: number; explanation: string };

function hitsPart(fs: readonly FindingFacts[]): PartValue {
  const best = fs.reduce((m, f) => Math.max(m, f.score), 0);
  return { value: clamp01(best), explanation: `${fs.length} 条发现中命中得分最高为 ${round(best)}` };
}

function keyGoodsPart(fs: readonly FindingFacts[], file: KeyGoodsFile): PartValue {
  const top = Math.max(1, ...file.categories.map((c) => c.weight));
  let best: { name: string; weight: number } | null = null;
  for (const f of fs) {
    for (const c of keyGoodsCategoriesOf(`${f.title} ${f.category ?? ''}`, file)) {
      if (!best || c.weight > best.weight) best = { name: c.nameZh, weight: c.weight };
    }
  }
  if (!best || top <= 1) return { value: 0, explanation: '不属于重点商品类别' };
  return {
    value: clamp01((best.weight - 1) / (top - 1)),
    explanation: `属于重点商品「${best.name}」（优先权重 ${best.weight}，最高 ${top}）`,
  };
}

function keyPeriodPart(fs: readonly FindingFacts[], goods: KeyGoodsFile, periods: KeyPeriodsFile): PartValue {
  const top = Math.max(1, ...periods.periods.map((p) => p.multiplier));
  let best: { name: string; multiplier: number; day: string } | null = null;
  for (const f of fs) {
    const day = dayOf(f.capturedAt);
    const codes = keyGoodsCategoriesOf(`${f.title} ${f.category ?? ''}`, goods).map((c) => c.code);
    for (const w of activePeriods(day, periods)) {
      if (w.categories.length > 0 && !w.categories.some((c) => codes.includes(c))) continue;
      if (!best || w.multiplier > best.multiplier) best = { name: w.nameZh, multiplier: w.multiplier, day };
    }
  }
  if (!best || top <= 1) return { value: 0, explanation: '发现日期不在重点时段内' };
  return {
    value: clamp01((best.multiplier - 1) / (top - 1)),
    explanation: `${best.day} 在重点时段「${best.name}」内（系数 ${best.multiplier}，最高 ${top}）`,
  };
}

function salesPart(fs: readonly FindingFacts[], saturation: number): PartValue {
  const listings = latestByListing(fs).filter((f) => f.sales !== undefined);
  if (listings.length === 0) return { value: 0, explanation: '无销量数据，此项记 0' };
  const total = listings.reduce((s, f) => s + (f.sales ?? 0), 0);
  return {
    value: clamp01(Math.log10(1 + total) / Math.log10(1 + saturation)),
    explanation: `${listings.length} 个商品合计销量 ${total}（对数刻度，${saturation} 件记满分）`,
  };
}

function priceGapPart(
  fs: readonly FindingFacts[],
  ref: ReferencePrice | null | undefined,
  full: number,
): PartValue {
  if (!ref) return { value: 0, explanation: '该权利未登记参考价（正品最低零售价），此项记 0' };
  const priced = fs.filter((f) => f.price !== undefined && (f.currency ?? 'CNY') === ref.currency);
  if (priced.length === 0) return { value: 0, explanation: `没有以 ${ref.currency} 标价的商品，此项记 0` };
  const lowest = Math.min(...priced.map((f) => f.price ?? 0));
  const gap = clamp01(1 - lowest / ref.min);
  return {
    value: clamp01(gap / full),
    explanation:
      gap > 0
        ? `最低售价 ${lowest} 低于参考价 ${ref.min} ${ref.currency} 的 ${Math.round(gap * 100)}%（低 ${Math.round(full * 100)}% 记满分）`
        : `最低售价 ${lowest} 不低于参考价 ${ref.min} ${ref.currency}`,
  };
}

function repeatPart(repeat: RiskInput['repeat']): PartValue {
  if (!repeat || (!repeat.repeat && !repeat.relisting))
    return { value: 0, explanation: '无反复侵权或重新上架记录' };
  const rules = [...new Set(repeat.matches.map((m) => m.rule))];
  const labels: Record<string, string> = {
    after_notice: '通知后再犯',
    within_years_of_case: '结案后期限内再犯',
    relisting: '删除后重新上架',
  };
  return {
    value: 1,
    explanation: `有${rules.map((r) => labels[r] ?? r).join('、')}记录（${repeat.matches.length} 条）`,
  };
}

function groupPart(group: RiskInput['group'], full: number): PartValue {
  if (!group) return { value: 0, explanation: '不属于群体性侵权聚类' };
  const n = group.sellers.length;
  return {
    value: clamp01(n / full),
    explanation: `属于群体性侵权聚类 ${group.clusterId}（${n} 个卖家，${full} 个记满分）`,
  };
}

/** The risk score of a lead, its tier and every part with its value, weight, contribution and explanation. */
export function riskScore(input: RiskInput, options: RiskOptions = {}): RiskAssessment {
  const rules = options.weights ?? loadRiskWeights();
  const goods = options.keyGoods ?? loadKeyGoods();
  const periods = options.keyPeriods ?? loadKeyPeriods();
  const fs = input.findings;
  const values: Record<RiskPart, PartValue> = {
    hits: hitsPart(fs),
    keyGoods: keyGoodsPart(fs, goods),
    keyPeriod: keyPeriodPart(fs, goods, periods),
    sales: salesPart(fs, rules.scales.salesSaturation),
    priceGap: priceGapPart(fs, input.referencePrice, rules.scales.priceGapFull),
    repeat: repeatPart(input.repeat),
    group: groupPart(input.group, rules.scales.groupSellersFull),
  };
  const totalWeight = RISK_PARTS.reduce((s, p) => s + rules.weights[p], 0);
  const parts = RISK_PARTS.map((part): RiskPartResult => {
    const weight = rules.weights[part];
    const { value, explanation } = values[part];
    const contribution = totalWeight > 0 ? (weight * value) / totalWeight : 0;
    const off = weight === 0 ? '（权重为 0，未计入）' : '';
    return {
      part,
      value: round(value),
      weight,
      contribution: round(contribution),
      explanation: explanation + off,
    };
  });
  const score = round(
    totalWeight > 0
      ? RISK_PARTS.reduce((s, p) => s + rules.weights[p] * values[p].value, 0) / totalWeight
      : 0,
  );
  const tier: RiskTier =
    score >= rules.tiers.high ? 'high' : score >= rules.tiers.medium ? 'medium' : 'watch';
  return { score, score100: Math.round(score * 100), tier, parts };
}
