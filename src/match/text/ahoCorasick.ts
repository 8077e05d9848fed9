/*
 * Aho–Corasick over UTF-16 code units with integer pattern IDs. Replaces @monyone/aho-corasick in the scan
 * path: its `matchInText` reads the text as one-character strings (a fresh string per CJK character) and
 * returns keyword strings, which measured ~31k titles/s for the exact pass alone on the bench data (docs/
 * matching.md "Index"); this one walks char codes, calls back with pattern IDs and allocates nothing per title.
 *
 * Layout: the root has a dense 64K transition table; every other transition lives in one open-addressing hash
 * table (node, unit) → next, which is also what the trie is built with. Edges are kept as lists per node for the
 * breadth-first failure-link pass. Output links chain the nodes whose patterns end there.
 */

const NONE = -1;

export class CodeUnitAutomaton {
  private readonly rootNext = new Int32Array(0x10000).fill(NONE);
  /** Non-root transitions: (node, unit) → next, open addressing with linear probing. */
  private hashNode = new Int32Array(0);
  private hashUnit = new Uint16Array(0);
  private hashNext = new Int32Array(0);
  private hashMask = 0;
  private hashShift = 32;
  private edges = 0;
  private fail = new Int32Array(0);
  /** Nearest node on the failure chain (or this node) that ends a pattern; NONE if none. */
  private outLink = new Int32Array(0);
  /** Pattern IDs of node k: outIds[outStart[k] .. outStart[k + 1]). */
  private outStart = new Int32Array(0);
  private outIds = new Int32Array(0);
  private depth = new Int32Array(0);
  private nodes = 1;
  readonly patternCount: number;

  constructor(patterns: readonly string[]) {
    this.patternCount = patterns.length;
    this.resizeHash(1024);
    // Build-time node data, grown by doubling.
    let capacity = 1024;
    let depth = new Int32Array(capacity);
    let firstEdge = new Int32Array(capacity).fill(NONE);
    let lastPattern = new Int32Array(capacity).fill(NONE);
    let edgeTo = new Int32Array(1024);
    let edgeNext = new Int32Array(1024);
    const patternNext = new Int32Array(patterns.length);
    const grow = <T extends Int32Array>(a: T, size: number, fill: number): T => {
      const b = new Int32Array(size).fill(fill) as T;
      b.set(a);
      return b;
    };

    patterns.forEach((pattern, id) => {
      let node = 0;
      for (let i = 0; i < pattern.length; i++) {
        const unit = pattern.charCodeAt(i);
        let next = this.go(node, unit);
        if (next === NONE) {
          if (this.nodes >= capacity) {
            capacity *= 2;
            depth = grow(depth, capacity, 0);
            firstEdge = grow(firstEdge, capacity, NONE);
            lastPattern = grow(lastPattern, capacity, NONE);
          }
          next = this.nodes++;
          depth[next] = i + 1;
          this.setTransition(node, unit, next);
          const e = this.edges - 1;
          if (e >= edgeTo.length) {
            edgeTo = grow(edgeTo, edgeTo.length * 2, 0);
            edgeNext = grow(edgeNext, edgeNext.length * 2, 0);
          }
          edgeTo[e] = next;
          edgeNext[e] = firstEdge[node]!;
          firstEdge[node] = e;
        }
        node = next;
      }
      patternNext[id] = lastPattern[node]!;
      lastPattern[node] = id;
    });

    this.depth = depth.slice(0, this.nodes);
    this.flattenOutputs(lastPattern, patternNext);
    this.buildFailureLinks(firstEdge, edgeTo, edgeNext, patterns);
  }

  get nodeCount(): number {
    return this.nodes;
  }

  private resizeHash(size: number): void {
    const old = { node: this.hashNode, unit: this.hashUnit, next: this.hashNext };
    this.hashNode = new Int32Array(size).fill(NONE);
    this.hashUnit = new Uint16Array(size);
    this.hashNext = new Int32Array(size);
    this.hashMask = size - 1;
    this.hashShift = 32 - Math.log2(size);
    for (let slot = 0; slot < old.node.length; slot++) {
      if (old.node[slot] !== NONE) this.insert(old.node[slot]!, old.unit[slot]!, old.next[slot]!);
    }
  }

  private insert(node: number, unit: number, next: number): void {
    let slot = hashSlot(node, unit) >>> this.hashShift;
    while (this.hashNode[slot] !== NONE) slot = (slot + 1) & this.hashMask;
    this.hashNode[slot] = node;
    this.hashUnit[slot] = unit;
    this.hashNext[slot] = next;
  }

  private setTransition(node: number, unit: number, next: number): void {
    this.edges++;
    if (node === 0) {
      this.rootNext[unit] = next;
      return;
    }
    if (this.edges * 2 > this.hashNode.length) this.resizeHash(this.hashNode.length * 2);
    this.insert(node, unit, next);
  }

  /** The goto function (NONE when there is no edge). */
  private go(node: number, unit: number): number {
    if (node === 0) return this.rootNext[unit]!;
    let slot = hashSlot(node, unit) >>> this.hashShift;
    for (;;) {
      const n = this.hashNode[slot]!;
      if (n === NONE) return NONE;
      if (n === node && this.hashUnit[slot] === unit) return this.hashNext[slot]!;
      slot = (slot + 1) & this.hashMask;
    }
  }

  private flattenOutputs(lastPattern: Int32Array, patternNext: Int32Array): void {
    this.outStart = new Int32Array(this.nodes + 1);
    this.outIds = new Int32Array(this.patternCount);
    let total = 0;
    for (let node = 0; node < this.nodes; node++) {
      this.outStart[node] = total;
      // The list is newest first; write it back in pattern order.
      let count = 0;
      for (let id = lastPattern[node]!; id !== NONE; id = patternNext[id]!) count++;
      let k = total + count;
      for (let id = lastPattern[node]!; id !== NONE; id = patternNext[id]!) this.outIds[--k] = id;
      total += count;
    }
    this.outStart[this.nodes] = total;
  }

  private buildFailureLinks(
    firstEdge: Int32Array,
    edgeTo: Int32Array,
    edgeNext: Int32Array,
    patterns: readonly string[],
  ): void {
    this.fail = new Int32Array(this.nodes);
    this.outLink = new Int32Array(this.nodes).fill(NONE);
    const hasOutput = (node: number) => this.outStart[node + 1]! > this.outStart[node]!;
    // The unit on the edge into each node: the last unit of any pattern through it, at its depth.
    const unitInto = new Int32Array(this.nodes);
    const queue = new Int32Array(this.nodes);
    let head = 0;
    let tail = 0;
    for (let e = firstEdge[0]!; e !== NONE; e = edgeNext[e]!) {
      const next = edgeTo[e]!;
      this.fail[next] = 0;
      this.outLink[next] = hasOutput(next) ? next : NONE;
      queue[tail++] = next;
    }
    // Units into nodes: walk every pattern once.
    for (const pattern of patterns) {
      let node = 0;
      for (let i = 0; i < pattern.length; i++) {
        node = this.go(node, pattern.charCodeAt(i));
        unitInto[node] = pattern.charCodeAt(i);
      }
    }
    while (head < tail) {
      const node = queue[head++]!;
      for (let e = firstEdge[node]!; e !== NONE; e = edgeNext[e]!) {
        const next = edgeTo[e]!;
        const unit = unitInto[next]!;
        let f = this.fail[node]!;
        let target = this.go(f, unit);
        while (target === NONE && f !== 0) {
          f = this.fail[f]!;
          target = this.go(f, unit);
        }
        this.fail[next] = target === NONE || target === next ? 0 : target;
        this.outLink[next] = hasOutput(next) ? next : this.outLink[this.fail[next]!]!;
        queue[tail++] = next;
      }
    }
  }

  /**
   * Calls `onMatch(patternId, begin, end)` for every occurrence of every pattern in `text` (overlaps included),
   * in order of `end`.
   */
  scan(text: string, onMatch: (patternId: number, begin: number, end: number) => void): void {
    const units = new Uint16Array(text.length);
    for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
    this.scanUnits(units, units.length, onMatch);
  }

  /** `scan` over `units[0..length)`, without building a string. */
  scanUnits(
    units: Uint16Array,
    length: number,
    onMatch: (patternId: number, begin: number, end: number) => void,
  ): void {
    let node = 0;
    for (let i = 0; i < length; i++) {
      const unit = units[i]!;
      let next = this.go(node, unit);
      while (next === NONE && node !== 0) {
        node = this.fail[node]!;
        next = this.go(node, unit);
      }
      node = next === NONE ? 0 : next;
      for (let out = this.outLink[node]!; out !== NONE; out = this.outLink[this.fail[out]!]!) {
        const begin = i + 1 - this.depth[out]!;
        const last = this.outStart[out + 1]!;
        for (let k = this.outStart[out]!; k < last; k++) onMatch(this.outIds[k]!, begin, i + 1);
      }
    }
  }
}

/** Multiplicative hash: the high bits are the well-mixed ones, so slots take them (`>>> shift`). */
function hashSlot(node: number, unit: number): number {
  return Math.imul(Math.imul(node, 0x9e3779b1) ^ unit, 0x85ebca6b) >>> 0;
}
