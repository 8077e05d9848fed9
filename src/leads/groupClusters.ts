import { loadGroupRules, type GroupRules } from './leadRules.js';
import { hexHamming, jaccard, jaccardAtLeast, titleShingles } from './titleShingles.js';
import type { FindingFacts } from './types.js';

/*
 * Group infringement (群体性侵权, issue 14): many sellers with near-identical listings for the same right.
 * Findings of one right are tied when their titles are near-identical (shingle Jaccard) or share an image, and
 * their prices lie in one band; connected findings form a cluster (whose whole price range stays within the
 * band, so a chain of ties cannot drift), kept when it holds enough distinct sellers. Candidate pairs come from an inverted index over each title's rarest shingles (prefix filtering:
 * two sets with Jaccard ≥ t must share one of them), so near-identical titles are found without comparing
 * every pair. Every tie is kept so the cluster can be explained.
 */

export type TieFeature = 'title' | 'image';

/** Why two findings were tied. */
export interface GroupTie {
  a: FindingFacts['findingId'];
  b: FindingFacts['findingId'];
  tiedBy: TieFeature[];
  titleJaccard: number;
  sharedShingles: string[];
  /** Bits between the closest image hashes, when both have hashes. */
  imageDistance: number | null;
  /** Higher price / lower price, null when a price is missing. */
  priceRatio: number | null;
}

export interface GroupSeller {
  platform: string;
  sellerId: string;
  sellerName: string;
}

export interface GroupCluster {
  clusterId: string;
  rightId: string;
  findingIds: FindingFacts['findingId'][];
  sellers: GroupSeller[];
  /** Lowest and highest price of the members (null when none has a price). */
  priceBand: { min: number; max: number; currency: string } | null;
  /** Shingles every member's title has. */
  commonShingles: string[];
  /** The ties that joined the members (a spanning tree: members − 1 ties). */
  ties: GroupTie[];
  explanation: string;
}

interface Item {
  f: FindingFacts;
  shingles: Set<string>;
  sellerKey: string;
}

function sellerKey(f: FindingFacts): string {
  return `${f.platform}\u0000${f.shopId ?? f.sellerId}`;
}

const currencyOf = (f: FindingFacts) => f.currency ?? 'CNY';

/** The price ratio of two findings, or why it does not tie: `null` = a price is missing. */
function priceRatio(a: FindingFacts, b: FindingFacts): number | null {
  if (a.price === undefined || b.price === undefined || currencyOf(a) !== currencyOf(b)) return null;
  const lo = Math.min(a.price, b.price);
  const hi = Math.max(a.price, b.price);
  if (hi === 0) return 1;
  return lo === 0 ? Infinity : hi / lo;
}

function imageDistance(a: FindingFacts, b: FindingFacts): number | null {
  let best: number | null = null;
  for (const x of a.imageHashes ?? []) {
    for (const y of b.imageHashes ?? []) {
      const d = hexHamming(x, y);
      if (d !== null && (best === null || d < best)) best = d;
    }
  }
  return best;
}

/**
 * An inverted index for candidate pairs: each title's rarest shingles (its prefix) and its image-hash chunks.
 * Items are added in order; `candidates(i)` returns the earlier items sharing a key with item i.
 */
function candidateIndex(items: readonly Item[], rules: GroupRules): (i: number) => number[] {
  const frequency = new Map<string, number>();
  for (const it of items) for (const s of it.shingles) frequency.set(s, (frequency.get(s) ?? 0) + 1);
  const rarestFirst = (x: string, y: string) =>
    (frequency.get(x) ?? 0) - (frequency.get(y) ?? 0) || (x < y ? -1 : x > y ? 1 : 0);
  const keysOf = (it: Item): string[] => {
    const sorted = [...it.shingles].sort(rarestFirst);
    const prefix = sorted.length - Math.ceil(rules.minJaccard * sorted.length) + 1;
    const keys = sorted.slice(0, prefix).map((s) => `t:${s}`);
    // Pigeonhole: hashes within d bits agree exactly on one of d + 1 chunks.
    for (const hash of it.f.imageHashes ?? []) {
      const h = hash.toLowerCase();
      const width = Math.ceil(h.length / Math.min(rules.maxImageDistance + 1, h.length));
      for (let b = 0; b * width < h.length; b++)
        keys.push(`i:${h.length}:${b}:${h.slice(b * width, (b + 1) * width)}`);
    }
    return keys;
  };
  const postings = new Map<string, number[]>();
  return (i) => {
    const it = items[i] as Item;
    const found = new Set<number>();
    for (const key of keysOf(it)) {
      const list = postings.get(key) ?? [];
      for (const j of list) found.add(j);
      list.push(i);
      postings.set(key, list);
    }
    return [...found].sort((a, b) => a - b);
  };
}

function tie(a: Item, b: Item, rules: GroupRules): GroupTie | null {
  const ratio = priceRatio(a.f, b.f);
  const inBand = ratio === null ? rules.allowMissingPrice : ratio <= rules.priceRatio;
  if (!inBand) return null;
  const image = a.f.imageHashes && b.f.imageHashes ? imageDistance(a.f, b.f) : null;
  const tiedBy: TieFeature[] = [];
  if (jaccardAtLeast(a.shingles, b.shingles, rules.minJaccard)) tiedBy.push('title');
  if (image !== null && image <= rules.maxImageDistance) tiedBy.push('image');
  if (tiedBy.length === 0) return null;
  const title = jaccard(a.shingles, b.shingles);
  return {
    a: a.f.findingId,
    b: b.f.findingId,
    tiedBy,
    titleJaccard: Math.round(title.value * 1000) / 1000,
    sharedShingles: title.shared.sort(),
    imageDistance: image,
    priceRatio: ratio === null ? null : Math.round(ratio * 1000) / 1000,
  };
}

function find(parent: number[], i: number): number {
  while (parent[i] !== i) {
    const up = parent[parent[i] ?? i] ?? i;
    parent[i] = up;
    i = up;
  }
  return i;
}

/** The lowest and highest price of some findings, null when none has a price. */
function bandOf(fs: readonly FindingFacts[]): { min: number; max: number } | null {
  let band: { min: number; max: number } | null = null;
  for (const f of fs) {
    if (f.price === undefined) continue;
    band = band
      ? { min: Math.min(band.min, f.price), max: Math.max(band.max, f.price) }
      : { min: f.price, max: f.price };
  }
  return band;
}

function mergeBands(a: { min: number; max: number } | null, b: { min: number; max: number } | null) {
  if (!a || !b) return a ?? b;
  return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
}

/** Whether two bands merged still lie within the price ratio (so a chain of ties cannot drift in price). */
function bandsFit(
  a: { min: number; max: number } | null,
  b: { min: number; max: number } | null,
  ratio: number,
) {
  if (!a || !b) return true;
  const lo = Math.min(a.min, b.min);
  const hi = Math.max(a.max, b.max);
  return hi === 0 || (lo > 0 && hi / lo <= ratio);
}

function describeTie(t: GroupTie, byId: Map<string, FindingFacts>, rules: GroupRules): string {
  const name = (id: GroupTie['a']) => {
    const f = byId.get(String(id));
    return f ? `#${id}（${f.platform}·${f.sellerName}，¥${f.price ?? '—'}）` : `#${id}`;
  };
  const parts: string[] = [];
  if (t.tiedBy.includes('title')) {
    const shown = t.sharedShingles.slice(0, rules.maxSharedShown).join('、');
    parts.push(`标题相似度 ${t.titleJaccard} ≥ ${rules.minJaccard}（共有片段：${shown}）`);
  }
  if (t.tiedBy.includes('image'))
    parts.push(`图片哈希相差 ${t.imageDistance} 位 ≤ ${rules.maxImageDistance}`);
  parts.push(t.priceRatio === null ? '价格缺失（规则允许）' : `价格比 ${t.priceRatio} ≤ ${rules.priceRatio}`);
  return `${name(t.a)} 与 ${name(t.b)}：${parts.join('；')}`;
}

function buildCluster(members: Item[], ties: GroupTie[], rules: GroupRules): GroupCluster {
  const fs = members.map((m) => m.f);
  const sellers = new Map<string, GroupSeller>();
  for (const m of members) {
    if (!sellers.has(m.sellerKey)) {
      sellers.set(m.sellerKey, {
        platform: m.f.platform,
        sellerId: m.f.shopId ?? m.f.sellerId,
        sellerName: m.f.sellerName,
      });
    }
  }
  const band = bandOf(fs);
  const priceBand = band
    ? { ...band, currency: currencyOf(fs.find((f) => f.price !== undefined) as FindingFacts) }
    : null;
  const [first, ...rest] = members;
  const common = [...(first?.shingles ?? [])].filter((s) => rest.every((m) => m.shingles.has(s))).sort();
  const rightId = first?.f.rightId ?? '';
  const ids = fs.map((f) => f.findingId);
  const byId = new Map(fs.map((f) => [String(f.findingId), f]));
  const bandText = priceBand ? `价格带 ¥${priceBand.min}–¥${priceBand.max}` : '无价格';
  const explanation = [
    `群体性侵权：权利 ${rightId} 下 ${sellers.size} 个卖家的 ${fs.length} 条发现高度相似（${bandText}；` +
      `全体共有标题片段：${common.slice(0, rules.maxSharedShown).join('、') || '无'}）。`,
    ...ties.map((t) => describeTie(t, byId, rules)),
  ].join('\n');
  return {
    // Named after its smallest member, so the same findings give the same id whatever their order.
    clusterId: `group:${rightId}:${ids.map(String).sort()[0] ?? ''}`,
    rightId,
    findingIds: ids,
    sellers: [...sellers.values()],
    priceBand,
    commonShingles: common,
    ties,
    explanation,
  };
}

function clustersOfRight(findings: readonly FindingFacts[], rules: GroupRules): GroupCluster[] {
  const items: Item[] = findings.map((f) => ({
    f,
    shingles: titleShingles(f.title, rules.shingleSize),
    sellerKey: sellerKey(f),
  }));
  const parent = items.map((_, i) => i);
  const treeTies: GroupTie[][] = items.map(() => []);
  const bands = items.map((it) => bandOf([it.f]));
  const candidates = candidateIndex(items, rules);
  for (let j = 0; j < items.length; j++) {
    for (const i of candidates(j)) {
      const ri = find(parent, i);
      const rj = find(parent, j);
      if (ri === rj || !bandsFit(bands[ri] ?? null, bands[rj] ?? null, rules.priceRatio)) continue;
      const t = tie(items[i] as Item, items[j] as Item, rules);
      if (!t) continue;
      const [root, child] = ri < rj ? [ri, rj] : [rj, ri];
      parent[child] = root;
      bands[root] = mergeBands(bands[root] ?? null, bands[child] ?? null);
      (treeTies[root] as GroupTie[]).push(...(treeTies[child] as GroupTie[]), t);
      treeTies[child] = [];
    }
  }
  const groups = new Map<number, Item[]>();
  items.forEach((it, i) => {
    const r = find(parent, i);
    const list = groups.get(r);
    if (list) list.push(it);
    else groups.set(r, [it]);
  });
  const out: GroupCluster[] = [];
  for (const [root, members] of groups) {
    if (new Set(members.map((m) => m.sellerKey)).size < rules.minSellers) continue;
    out.push(buildCluster(members, treeTies[root] ?? [], rules));
  }
  return out;
}

/** Clusters of near-identical findings across ≥ minSellers sellers, per right, in input order of first member. */
export function findGroupClusters(
  findings: readonly FindingFacts[],
  rules: GroupRules = loadGroupRules(),
): GroupCluster[] {
  const byRight = new Map<string, FindingFacts[]>();
  for (const f of findings) {
    const list = byRight.get(f.rightId);
    if (list) list.push(f);
    else byRight.set(f.rightId, [f]);
  }
  return [...byRight.values()].flatMap((fs) => clustersOfRight(fs, rules));
}
