import type { Right } from '../../model/index.js';
import { CharClass } from './charFold.js';
import type { ConfusionTable } from './confusionClasses.js';
import { normalize } from './normalize.js';
import type { GlyphNeighbours } from './glyphNeighbours.js';
import type { GlyphWide } from './glyphWide.js';

/*
 * Coarse scan keys for 形近 (issue 13). Glyph similarity is not transitive (师~帅, 帅~归, not 师~归), so the
 * neighbour lists cannot be classes; but they can make a coarser key to scan on, as long as every hit is verified
 * against the lists afterwards. Built once at index build: the fine confusion classes are merged along the top-k
 * neighbour pairs, best pairs first, refusing any union that would exceed `cap` characters (a large class would
 * only add candidate hits to reject). The accepted look-alikes are the top-k lists, read both ways.
 */

export interface GlyphCoarse {
  /** UTF-16 unit → coarse representative (a superset of the fine confusion classes). */
  readonly canon: Uint16Array;
  /** Accepted look-alikes of unit u: `list[start[u] .. start[u + 1])`, ascending. */
  readonly start: Int32Array;
  readonly list: Uint16Array;
  /** Coarse classes with more than one member, and their largest size (for docs and tests). */
  readonly classes: number;
  readonly largest: number;
  /**
   * Short watch lists only: watched unit → scan units of its accepted look-alikes that fall outside its coarse
   * class (阴 beside 阳 when the clusters split them; the wide look-alikes; 云 for 雲, folded before the scan).
   * The text index adds one pattern per such substitution.
   */
  readonly variants: ReadonlyMap<number, readonly number[]>;
}

export const DEFAULT_GLYPH_TOP_K = 8;
export const DEFAULT_GLYPH_CLASS_CAP = 192;

/**
 * The class cap for a watch list with `watched` distinct Han characters. Coarse hits that verification rejects
 * grow with watched characters × class size (the bench's 7,000 Chinese marks, 2,606 watched characters: 5.3
 * rejected mark checks per title at cap 24, 1.4 at 12, for 0.2 fewer chance look-alikes), so that product is held
 * near 32,000: a hundred brands get 128, a thousand brands 32, thousands 12.
 */
export function glyphClassCapFor(watched: number): number {
  return Math.max(
    MIN_GLYPH_CLASS_CAP,
    Math.min(DEFAULT_GLYPH_CLASS_CAP, Math.floor(32_000 / Math.max(1, watched))),
  );
}

const MIN_GLYPH_CLASS_CAP = 12;

/** Wide look-alikes per watched character (glyph-wide.json), by watch-list size; 0 = none. */
export const MAX_GLYPH_WIDE = 24;

/**
 * How many wide look-alikes each watched Han character gets. Each becomes a scan pattern per position, so the
 * budget is held near 4,000 watched-character substitutions: up to 160 watched characters (about fifty brands) get all 24, from 2,000 watched
 * characters (the bench's 7,000 Chinese marks) none, and the scan is the plain coarse one.
 */
export function glyphWideFor(watched: number): number {
  const count = Math.min(MAX_GLYPH_WIDE, Math.floor(4_000 / Math.max(1, watched)));
  return count >= 2 ? count : 0;
}

export interface GlyphWideUse {
  data: GlyphWide;
  /** Common look-alikes per character taken (glyphWideFor); rare ones are all taken. */
  count: number;
}

let last:
  | {
      fine: ConfusionTable;
      glyph: GlyphNeighbours;
      wide: GlyphWide | undefined;
      key: string;
      table: GlyphCoarse;
    }
  | undefined;

const cache = new WeakMap<ConfusionTable, WeakMap<GlyphNeighbours, Map<string, GlyphCoarse>>>();

/**
 * The coarse table for `k` and `cap`. With `marks` (the Han units of the watched names), only look-alike pairs
 * that involve a watched character are clustered: a short watch list then gets near-complete coverage, and a long
 * one degrades to the capped clustering of everything.
 */
export function glyphCoarse(
  fine: ConfusionTable,
  glyph: GlyphNeighbours,
  k: number = DEFAULT_GLYPH_TOP_K,
  cap: number = DEFAULT_GLYPH_CLASS_CAP,
  marks?: Iterable<number>,
  wide?: GlyphWideUse,
): GlyphCoarse {
  if (marks) {
    // One watch list is indexed several times over (the matcher, the CLI, the bench): the last table is kept.
    const units = [...new Set(marks)].sort((x, y) => x - y);
    const key = `${k}/${cap}/${wide?.count ?? 0}/${String.fromCharCode(...units)}`;
    const l = last;
    if (l && l.fine === fine && l.glyph === glyph && l.wide === wide?.data && l.key === key) return l.table;
    const table = build(fine, glyph, k, cap, units, wide);
    last = { fine, glyph, wide: wide?.data, key, table };
    return table;
  }
  let byGlyph = cache.get(fine);
  if (!byGlyph) cache.set(fine, (byGlyph = new WeakMap()));
  let byParams = byGlyph.get(glyph);
  if (!byParams) byGlyph.set(glyph, (byParams = new Map()));
  const key = `${k}/${cap}`;
  let table = byParams.get(key);
  if (!table) byParams.set(key, (table = build(fine, glyph, k, cap, undefined, undefined)));
  return table;
}

/**
 * Whether text unit `t` may stand for mark unit `m` as a glyph look-alike: one is in the other's top k. Fine-class
 * members of a neighbour are not accepted (that doubled chance hits on everyday words for no pair-set recall).
 */
export function isGlyphPair(g: GlyphCoarse, t: number, m: number): boolean {
  const list = g.list;
  for (let i = g.start[m]!, end = g.start[m + 1]!; i < end; i++) {
    const v = list[i]!;
    if (v >= t) return v === t;
  }
  return false;
}

function build(
  fine: ConfusionTable,
  glyph: GlyphNeighbours,
  k: number,
  cap: number,
  marks: Iterable<number> | undefined,
  wide: GlyphWideUse | undefined,
): GlyphCoarse {
  let watched: Uint8Array | null = null;
  const markUnits = new Set(marks ?? []);
  if (marks) {
    watched = new Uint8Array(0x10000);
    for (const u of markUnits) watched[fine.canon[u]!] = 1;
  }
  const rank = new Map<number, number>(); // a * 65536 + b → rank of b in a's list
  const near: number[][] = [];
  const edges: [number, string, number][] = [];
  for (const [a, chars] of glyph.byUnit) edges.push([a, chars, Math.min(k, chars.length)]);
  // Rare forms (仐 for 个) ride along with any k > 0, ranked last.
  if (k > 0) for (const [a, chars] of glyph.rareByUnit) edges.push([a, chars, -chars.length]);
  for (const [a, chars, count] of edges) {
    for (let i = 0; i < Math.abs(count); i++) {
      const r = count < 0 ? k - 1 : i;
      const b = chars.charCodeAt(i);
      const fa = fine.canon[a]!;
      const fb = fine.canon[b]!;
      if (watched && !watched[fa] && !watched[fb]) continue;
      rank.set(a * 0x10000 + b, r);
      (near[a] ??= []).push(b);
      (near[b] ??= []).push(a);
    }
  }
  const parent = new Int32Array(0x10000);
  const size = new Int32Array(0x10000);
  for (let u = 0; u < 0x10000; u++) parent[u] = fine.canon[u]!;
  for (let u = 0; u < 0x10000; u++) size[fine.canon[u]!]! += 1;
  const find = (u: number): number => {
    while (parent[u] !== u) u = parent[u] = parent[parent[u]!]!;
    return u;
  };
  // Average linkage in rounds: merge the pairs of clusters with the most neighbour weight per member pair, each
  // cluster at most once per round. Single linkage (best pair first) chains into blobs that hit the cap early.
  let live = rank.size;
  const ea = new Int32Array(live);
  const eb = new Int32Array(live);
  const ew = new Float64Array(live);
  let e = 0;
  for (const [ab, r] of rank) {
    ea[e] = Math.floor(ab / 0x10000);
    eb[e] = ab % 0x10000;
    ew[e++] = 0.5 + (k - r) / k;
  }
  for (let round = 0; round < 64 && live > 0; round++) {
    const between = new Map<number, number>();
    let kept = 0;
    for (let i = 0; i < live; i++) {
      const x = find(ea[i]!);
      const y = find(eb[i]!);
      // inside one cluster or over the cap: stays so (clusters only grow), so the edge is dropped for good
      if (x === y || size[x]! + size[y]! > cap) continue;
      ea[kept] = ea[i]!;
      eb[kept] = eb[i]!;
      ew[kept++] = ew[i]!;
      const key = x < y ? x * 0x10000 + y : y * 0x10000 + x;
      between.set(key, (between.get(key) ?? 0) + ew[i]!);
    }
    live = kept;
    const pairs: [number, number, number][] = [];
    for (const [key, w] of between) {
      const x = Math.floor(key / 0x10000);
      const y = key % 0x10000;
      pairs.push([x, y, w / Math.sqrt(size[x]! * size[y]!)]);
    }
    pairs.sort((p, q) => q[2] - p[2] || p[0] - q[0] || p[1] - q[1]);
    const used = new Set<number>();
    let merged = 0;
    for (const [x, y] of pairs) {
      if (used.has(x) || used.has(y)) continue;
      used.add(x).add(y);
      const [root, child] = x < y ? [x, y] : [y, x];
      parent[child] = root;
      size[root]! += size[child]!;
      merged++;
    }
    if (merged === 0) break;
  }
  const canon = new Uint16Array(0x10000);
  for (let u = 0; u < 0x10000; u++) canon[u] = find(u);
  if (watched) attachToWatched(fine, watched, rank, k, canon, cap);
  const variants = new Map<number, number[]>();
  if (wide && wide.count > 0) {
    addWidePairs(wide, markUnits, near);
    for (const m of markUnits) {
      const mine = new Set<number>();
      for (const t of near[m] ?? []) {
        const s = scanUnit(t);
        if (canon[s] !== canon[m]) mine.add(s);
      }
      if (mine.size > 0) variants.set(m, [...mine]);
    }
  }
  const members = new Int32Array(0x10000);
  for (let u = 0; u < 0x10000; u++) members[canon[u]!]! += 1;
  let classes = 0;
  let largest = 0;
  for (let u = 0; u < 0x10000; u++) {
    if (members[u]! > 1) {
      classes++;
      largest = Math.max(largest, members[u]!);
    }
  }
  const start = new Int32Array(0x10001);
  const lists: number[] = [];
  for (let u = 0; u < 0x10000; u++) {
    start[u] = lists.length;
    const mine = near[u];
    if (mine) lists.push(...[...new Set(mine)].sort((x, y) => x - y));
  }
  start[0x10000] = lists.length;
  return { canon, start, list: Uint16Array.from(lists), classes, largest, variants };
}

/**
 * Wide look-alikes of the watched characters become accepted pairs (both ways: a watched character in another's
 * list counts too), outside the clustering: they are scanned as patterns of their own.
 */
function addWidePairs(wide: GlyphWideUse, marks: ReadonlySet<number>, near: number[][]): void {
  const pair = (a: number, b: number) => {
    (near[a] ??= []).push(b);
    (near[b] ??= []).push(a);
  };
  for (const [a, chars] of wide.data.byUnit) {
    for (let i = 0; i < Math.min(wide.count, chars.length); i++) {
      const b = chars.charCodeAt(i);
      if (marks.has(a) || marks.has(b)) pair(a, b);
    }
  }
  for (const m of marks) {
    const rare = wide.data.rareByUnit.get(m) ?? '';
    for (let i = 0; i < rare.length; i++) pair(m, rare.charCodeAt(i));
  }
}

/** The unit a character is scanned as: its normalised form (雲 → 云), or itself. */
function scanUnit(u: number): number {
  const n = normalize(String.fromCharCode(u));
  return n.length === 1 ? n.units[0]! : u;
}

/**
 * Verification only ever compares a text character with a mark character, so an unwatched character is useful
 * only beside the watched ones it looks like. The clustering can leave it in another cluster (two full clusters
 * cannot merge: 阳 and its 阴); this pass moves each unwatched fine class to the cluster of its strongest watched
 * look-alikes, and joins the clusters it is pulled by, up to twice the cap.
 */
function attachToWatched(
  fine: ConfusionTable,
  watched: Uint8Array,
  rank: ReadonlyMap<number, number>,
  k: number,
  canon: Uint16Array,
  cap: number,
): void {
  const pull = new Map<number, Map<number, number>>(); // unwatched fine root → cluster → weight
  for (const [ab, r] of rank) {
    const a = Math.floor(ab / 0x10000);
    const b = ab % 0x10000;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const fx = fine.canon[x]!;
      if (watched[fx] || !watched[fine.canon[y]!]) continue;
      let byCluster = pull.get(fx);
      if (!byCluster) pull.set(fx, (byCluster = new Map()));
      const c = canon[y]!;
      byCluster.set(c, (byCluster.get(c) ?? 0) + 0.5 + (k - r) / k);
    }
  }
  const size = new Int32Array(0x10000);
  const fineSize = new Int32Array(0x10000);
  for (let u = 0; u < 0x10000; u++) {
    size[canon[u]!]! += 1;
    fineSize[fine.canon[u]!]! += 1;
  }
  // Heavy pulls first: where room runs out, the clearest look-alikes are already placed. A class pulled by two
  // clusters (阴 by 阳's and by 月's) joins them when they fit together.
  const label = new Int32Array(0x10000);
  for (let u = 0; u < 0x10000; u++) label[u] = u;
  const root = (u: number): number => {
    while (label[u] !== u) u = label[u] = label[label[u]!]!;
    return u;
  };
  const order = [...pull].map(([f, byCluster]) => {
    let total = 0;
    for (const w of byCluster.values()) total += w;
    return [f, [...byCluster].sort((p, q) => q[1] - p[1] || p[0] - q[0]), total] as const;
  });
  order.sort((p, q) => q[2] - p[2] || p[0] - q[0]);
  const moved = new Map<number, number>();
  for (const [f, byCluster] of order) {
    const to = root(byCluster[0]![0]);
    for (const [c] of byCluster.slice(1)) {
      const other = root(c);
      if (other === to || size[to]! + size[other]! > 2 * cap) continue;
      label[other] = to;
      size[to]! += size[other]!;
    }
    const from = root(canon[f]!);
    if (from === to || size[to]! + fineSize[f]! > 2 * cap) continue;
    size[from]! -= fineSize[f]!;
    size[to]! += fineSize[f]!;
    moved.set(f, to);
  }
  for (let u = 0; u < 0x10000; u++) canon[u] = moved.get(fine.canon[u]!) ?? root(canon[u]!);
}

/** The Han units of every watched name and alias (the coarse classes are built around them). */
export function watchedHanUnits(rights: readonly Right[]): Set<number> {
  const units = new Set<number>();
  for (const right of rights) {
    if (right.kind === 'patent') continue;
    for (const term of [right.name, ...right.aliases]) {
      const n = normalize(term);
      for (let i = 0; i < n.length; i++) if (n.cls[i] === CharClass.Han) units.add(n.units[i]!);
    }
  }
  return units;
}
