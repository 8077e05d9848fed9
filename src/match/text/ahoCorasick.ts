/*
 * Aho–Corasick over UTF-16 code units with integer pattern IDs. Replaces @monyone/aho-corasick in the scan
 * path: its `matchInText` reads the text as one-character strings (a fresh string per CJK character) and
 * returns keyword strings, which measured ~31k titles/s for the exact pass alone on the bench data (docs/
 * matching.md "Index"); this one walks char codes, calls back with pattern IDs and allocates nothing per title.
 *
 * The scan is bound by cache misses, not arithmetic, so the layout is about memory:
 * - the root has a dense 64K transition table (every scan step that fails falls back to it);
 * - nodes are numbered breadth-first (the hot shallow nodes sit together) and each has one NODE_STRIDE-int32
 *   record: failure link, depth, first output, and its children — inline when there is one (the usual case
 *   below depth 1 for Chinese marks), else a range of sorted (unit, next) pairs in `children`;
 * - the build-time hash of (node, unit) → next is dropped after the build.
 * A step therefore reads one node record, plus one children range for a branching node.
 *
 * Most steps in listing text fail below the root: the state spells a mark's first character, the next one
 * continues no mark. Every state below the root ends with the previous text unit, and so does every state on
 * its failure chain, so an edge from any of them by `unit` is an adjacent pair (previous unit, unit) inside some
 * pattern. A bit per hashed adjacent pair of the patterns (`pairs`) sends the step straight to the root's table
 * when the pair is in no pattern: no node record, children range or failure link is read. Output links sit in
 * their own array (`outLink`), read at every step.
 */

const NONE = -1;

/** Node record layout (int32 offsets); the last of the 8 slots is unused, so records stay 32 bytes. */
const NODE_STRIDE = 8;
const FAIL = 0;
const DEPTH = 1;
/** Pattern IDs of node k: outIds[record(k).OUT_START .. record(k + 1).OUT_START). */
const OUT_START = 2;
const CHILD_COUNT = 3;
/**
 * One child: its unit and node inline. Up to LINEAR_CHILDREN: CHILD_START is the first of CHILD_COUNT
 * (unit, next) pairs in `children`, searched linearly. More, over a dense enough span of units (the pinyin
 * automaton's syllable alphabet): CHILD_UNIT is the lowest unit, CHILD_NEXT the span and CHILD_START the offset
 * of a direct table in `dense`. More and sparse (Han characters): CHILD_UNIT is NONE and the pairs are bisected.
 */
const CHILD_UNIT = 4;
const CHILD_NEXT = 5;
const CHILD_START = 6;
const LINEAR_CHILDREN = 8;
/** A direct table is used when the span of a node's child units is at most this many times the children. */
const DENSE_SPAN_FACTOR = 4;

export class CodeUnitAutomaton {
  private readonly rootNext = new Int32Array(0x10000).fill(NONE);
  private readonly node: Int32Array;
  /** (unit, next) pairs, sorted by unit within a node. */
  private readonly children: Int32Array;
  /** Direct child tables of wide nodes (NONE where there is no child). */
  private readonly dense: Int32Array;
  private readonly outIds: Int32Array;
  /**
   * Per node, apart from the records for locality: the nearest node on its failure chain (or itself) that ends a
   * pattern; NONE if none.
   */
  private readonly outLink: Int32Array;
  /** A bit per hashed adjacent pair of units inside some pattern (a false positive only costs a lookup). */
  private readonly pairs: Uint32Array;
  private readonly pairShift: number;
  private readonly nodes: number;
  readonly patternCount: number;
  /** The matches of the last `collect`: (pattern ID, begin, end) triples. */
  hits = new Int32Array(3 * 64);

  constructor(patterns: readonly string[]) {
    this.patternCount = patterns.length;
    let pairCount = 0;
    for (const pattern of patterns) pairCount += Math.max(0, pattern.length - 1);
    // About 8 bits per pair (most bits clear), at least 4 Kbit, at most 8 Mbit (1 MB).
    let pairBits = 12;
    while (pairBits < 23 && 1 << pairBits < 8 * pairCount) pairBits++;
    this.pairs = new Uint32Array(1 << (pairBits - 5));
    this.pairShift = 32 - pairBits;
    for (const pattern of patterns) {
      for (let i = 1; i < pattern.length; i++) {
        const p = pairHash(pattern.charCodeAt(i - 1), pattern.charCodeAt(i)) >>> this.pairShift;
        this.pairs[p >>> 5] = this.pairs[p >>> 5]! | (1 << (p & 31));
      }
    }
    const trie = new TrieBuilder();
    const lastPattern: number[] = [NONE];
    const patternNext = new Int32Array(patterns.length);
    patterns.forEach((pattern, id) => {
      let k = 0;
      for (let i = 0; i < pattern.length; i++) {
        const unit = pattern.charCodeAt(i);
        let next = trie.go(k, unit);
        if (next === NONE) {
          next = trie.add(k, unit);
          lastPattern[next] = NONE;
        }
        k = next;
      }
      patternNext[id] = lastPattern[k]!;
      lastPattern[k] = id;
    });
    this.nodes = trie.size;

    // Breadth-first order and failure links, in build numbering.
    const order = new Int32Array(this.nodes);
    const fail = new Int32Array(this.nodes);
    let tail = 1;
    for (let head = 0; head < tail; head++) {
      const k = order[head]!;
      for (let e = trie.firstEdge[k]!; e !== NONE; e = trie.edgeNext[e]!) {
        const next = trie.edgeTo[e]!;
        const unit = trie.unitInto[next]!;
        let target = NONE;
        if (k !== 0) {
          let f = fail[k]!;
          target = trie.go(f, unit);
          while (target === NONE && f !== 0) {
            f = fail[f]!;
            target = trie.go(f, unit);
          }
        }
        fail[next] = target === NONE ? 0 : target;
        order[tail++] = next;
      }
    }
    const renumber = new Int32Array(this.nodes);
    for (let i = 0; i < this.nodes; i++) renumber[order[i]!] = i;

    // Final records, in breadth-first numbering; one spare record holds the output total.
    const data = new Int32Array((this.nodes + 1) * NODE_STRIDE);
    const children = new Int32Array(2 * Math.max(0, trie.edgeCount - trie.rootEdges));
    const outIds = new Int32Array(patterns.length);
    let dense = new Int32Array(1024);
    let denseTotal = 0;
    let outTotal = 0;
    let childTotal = 0;
    // A node's children as unit · 2^32 + next, so a plain numeric sort orders them by unit.
    let pairs = new Float64Array(64);
    for (let i = 0; i < this.nodes; i++) {
      const k = order[i]!;
      const at = i * NODE_STRIDE;
      data[at + FAIL] = renumber[fail[k]!]!;
      data[at + DEPTH] = trie.depth[k]!;
      // Outputs: the list is newest first; write it back in pattern order.
      data[at + OUT_START] = outTotal;
      let count = 0;
      for (let id = lastPattern[k]!; id !== NONE; id = patternNext[id]!) count++;
      let w = outTotal + count;
      for (let id = lastPattern[k]!; id !== NONE; id = patternNext[id]!) outIds[--w] = id;
      outTotal += count;
      // Children.
      let n = 0;
      for (let e = trie.firstEdge[k]!; e !== NONE; e = trie.edgeNext[e]!) {
        const next = trie.edgeTo[e]!;
        if (n === pairs.length) pairs = growFloat64(pairs);
        pairs[n++] = trie.unitInto[next]! * PAIR + renumber[next]!;
      }
      if (k === 0) {
        for (let c = 0; c < n; c++) this.rootNext[pairUnit(pairs[c]!)] = pairNext(pairs[c]!);
        continue;
      }
      data[at + CHILD_COUNT] = n;
      if (n === 1) {
        data[at + CHILD_UNIT] = pairUnit(pairs[0]!);
        data[at + CHILD_NEXT] = pairNext(pairs[0]!);
      } else if (n > 1) {
        pairs.subarray(0, n).sort();
        const low = pairUnit(pairs[0]!);
        const span = pairUnit(pairs[n - 1]!) - low + 1;
        if (n > LINEAR_CHILDREN && span <= DENSE_SPAN_FACTOR * n) {
          data[at + CHILD_UNIT] = low;
          data[at + CHILD_NEXT] = span;
          data[at + CHILD_START] = denseTotal;
          while (denseTotal + span > dense.length) dense = growInt32(dense);
          dense.fill(NONE, denseTotal, denseTotal + span);
          for (let c = 0; c < n; c++) dense[denseTotal + pairUnit(pairs[c]!) - low] = pairNext(pairs[c]!);
          denseTotal += span;
          continue;
        }
        data[at + CHILD_UNIT] = NONE;
        data[at + CHILD_START] = childTotal;
        for (let c = 0; c < n; c++) {
          children[2 * childTotal] = pairUnit(pairs[c]!);
          children[2 * childTotal + 1] = pairNext(pairs[c]!);
          childTotal++;
        }
      }
    }
    data[this.nodes * NODE_STRIDE + OUT_START] = outTotal;
    // Output links, parents before children (breadth-first), so a failure target is always done.
    const hasOutput = (i: number) =>
      data[(i + 1) * NODE_STRIDE + OUT_START]! > data[i * NODE_STRIDE + OUT_START]!;
    const outLink = new Int32Array(this.nodes);
    outLink[0] = hasOutput(0) ? 0 : NONE;
    for (let i = 1; i < this.nodes; i++)
      outLink[i] = hasOutput(i) ? i : outLink[data[i * NODE_STRIDE + FAIL]!]!;
    this.outLink = outLink;
    this.node = data;
    this.children = children.slice(0, 2 * childTotal);
    this.dense = dense.slice(0, denseTotal);
    this.outIds = outIds;
  }

  get nodeCount(): number {
    return this.nodes;
  }

  /** The goto function (NONE when there is no edge). */
  private go(k: number, unit: number): number {
    if (k === 0) return this.rootNext[unit]!;
    const data = this.node;
    const at = k * NODE_STRIDE;
    const count = data[at + CHILD_COUNT]!;
    if (count === 0) return NONE;
    if (count === 1) return data[at + CHILD_UNIT] === unit ? data[at + CHILD_NEXT]! : NONE;
    const children = this.children;
    let lo = data[at + CHILD_START]!;
    let hi = lo + count;
    if (count > LINEAR_CHILDREN) {
      const low = data[at + CHILD_UNIT]!;
      if (low !== NONE) {
        const offset = unit - low;
        return offset >= 0 && offset < data[at + CHILD_NEXT]! ? this.dense[lo + offset]! : NONE;
      }
    } else {
      for (let c = lo; c < hi; c++) {
        const u = children[2 * c]!;
        if (u === unit) return children[2 * c + 1]!;
        if (u > unit) return NONE;
      }
      return NONE;
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const u = children[2 * mid]!;
      if (u === unit) return children[2 * mid + 1]!;
      if (u < unit) lo = mid + 1;
      else hi = mid;
    }
    return NONE;
  }

  /**
   * Calls `onMatch(patternId, begin, end)` for every occurrence of every pattern in `text` (overlaps included),
   * in order of `end`, longest first at one end.
   */
  scan(text: string, onMatch: (patternId: number, begin: number, end: number) => void): void {
    const units = new Uint16Array(text.length);
    for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
    const count = this.collect(units, units.length);
    const hits = this.hits;
    for (let h = 0; h < 3 * count; h += 3) onMatch(hits[h]!, hits[h + 1]!, hits[h + 2]!);
  }

  /**
   * Every occurrence in `units[0..length)`, in the order of `scan`, written to `hits` as (pattern ID, begin,
   * end) triples; returns how many. `hits` is reused by the next call: a callback per match cost more than the
   * matching on mention-dense titles.
   */
  collect(units: Uint16Array, length: number): number {
    const data = this.node;
    const ids = this.outIds;
    const outLink = this.outLink;
    const pairs = this.pairs;
    const shift = this.pairShift;
    const rootNext = this.rootNext;
    let hits = this.hits;
    let count = 0;
    let k = 0;
    for (let i = 0; i < length; i++) {
      const unit = units[i]!;
      let next: number;
      if (k === 0) next = rootNext[unit]!;
      else {
        const p = pairHash(units[i - 1]!, unit) >>> shift;
        if ((pairs[p >>> 5]! & (1 << (p & 31))) === 0) next = rootNext[unit]!;
        else {
          next = this.go(k, unit);
          while (next === NONE && k !== 0) {
            k = data[k * NODE_STRIDE + FAIL]!;
            next = this.go(k, unit);
          }
        }
      }
      k = next === NONE ? 0 : next;
      for (let out = outLink[k]!; out !== NONE;) {
        const at = out * NODE_STRIDE;
        const begin = i + 1 - data[at + DEPTH]!;
        const last = data[at + NODE_STRIDE + OUT_START]!;
        for (let j = data[at + OUT_START]!; j < last; j++) {
          if (3 * count + 3 > hits.length) {
            const grown = new Int32Array(hits.length * 2);
            grown.set(hits);
            this.hits = hits = grown;
          }
          hits[3 * count] = ids[j]!;
          hits[3 * count + 1] = begin;
          hits[3 * count + 2] = i + 1;
          count++;
        }
        out = out === 0 ? NONE : outLink[data[at + FAIL]!]!;
      }
    }
    return count;
  }
}

/**
 * The trie while patterns are added: (node, unit) → next in an open-addressing hash, plus per-node edge lists
 * for the breadth-first pass. Dropped once the automaton's records are built.
 */
class TrieBuilder {
  size = 1;
  edgeCount = 0;
  rootEdges = 0;
  /** Per node (index = node): depth, the unit on the edge into it, its first edge. */
  depth = new Int32Array(1024);
  unitInto = new Int32Array(1024);
  firstEdge = new Int32Array(1024).fill(NONE);
  /** Per edge: the node it leads to, the parent's next edge. */
  edgeTo = new Int32Array(1024);
  edgeNext = new Int32Array(1024);
  private readonly rootNext = new Int32Array(0x10000).fill(NONE);
  /** Slots of [node, unit, next]. */
  private hash = new Int32Array(3 * 1024).fill(NONE);
  private mask = 1023;
  private shift = 22;

  go(k: number, unit: number): number {
    if (k === 0) return this.rootNext[unit]!;
    let slot = hashSlot(k, unit) >>> this.shift;
    for (;;) {
      const n = this.hash[3 * slot]!;
      if (n === NONE) return NONE;
      if (n === k && this.hash[3 * slot + 1] === unit) return this.hash[3 * slot + 2]!;
      slot = (slot + 1) & this.mask;
    }
  }

  add(k: number, unit: number): number {
    const next = this.size++;
    if (next >= this.depth.length) {
      this.depth = growInt32(this.depth);
      this.unitInto = growInt32(this.unitInto);
      const first = growInt32(this.firstEdge);
      first.fill(NONE, this.firstEdge.length);
      this.firstEdge = first;
    }
    const edge = this.edgeCount++;
    if (edge >= this.edgeTo.length) {
      this.edgeTo = growInt32(this.edgeTo);
      this.edgeNext = growInt32(this.edgeNext);
    }
    this.depth[next] = this.depth[k]! + 1;
    this.unitInto[next] = unit;
    this.edgeTo[edge] = next;
    this.edgeNext[edge] = this.firstEdge[k]!;
    this.firstEdge[k] = edge;
    if (k === 0) {
      this.rootNext[unit] = next;
      this.rootEdges++;
    } else {
      if (2 * (this.edgeCount - this.rootEdges) > this.mask + 1) this.grow();
      this.insert(k, unit, next);
    }
    return next;
  }

  private insert(k: number, unit: number, next: number): void {
    let slot = hashSlot(k, unit) >>> this.shift;
    while (this.hash[3 * slot] !== NONE) slot = (slot + 1) & this.mask;
    this.hash[3 * slot] = k;
    this.hash[3 * slot + 1] = unit;
    this.hash[3 * slot + 2] = next;
  }

  private grow(): void {
    const old = this.hash;
    const size = 2 * (this.mask + 1);
    this.hash = new Int32Array(3 * size).fill(NONE);
    this.mask = size - 1;
    this.shift = 32 - Math.log2(size);
    for (let at = 0; at < old.length; at += 3)
      if (old[at] !== NONE) this.insert(old[at]!, old[at + 1]!, old[at + 2]!);
  }
}

const PAIR = 2 ** 32;
const pairUnit = (pair: number) => Math.floor(pair / PAIR);
const pairNext = (pair: number) => pair % PAIR;

function growInt32(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

function growFloat64(a: Float64Array): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/** Hash of an adjacent pair of units; the high bits are taken (`>>> pairShift`). */
function pairHash(u: number, v: number): number {
  return Math.imul((u << 16) | v, 0x9e3779b1) >>> 0;
}

/** Multiplicative hash: the high bits are the well-mixed ones, so slots take them (`>>> shift`). */
function hashSlot(k: number, unit: number): number {
  return Math.imul(Math.imul(k, 0x9e3779b1) ^ unit, 0x85ebca6b) >>> 0;
}
