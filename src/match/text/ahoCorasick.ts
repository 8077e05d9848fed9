/*
 * Aho–Corasick over UTF-16 code units with integer pattern IDs. Replaces @monyone/aho-corasick in the scan
 * path: its `matchInText` reads the text as one-character strings (a fresh string per CJK character) and
 * returns keyword strings, which measured ~31k titles/s for the exact pass alone on the bench data (docs/
 * matching.md "Index"); this one walks char codes, calls back with pattern IDs and allocates nothing per title.
 *
 * Layout: the root has a dense 64K transition table; other nodes keep their first child inline and further
 * children in a Map (most trie nodes of names have one child). Failure links are resolved on the fly; output
 * links chain the nodes whose patterns end there.
 */

const NONE = -1;

export class CodeUnitAutomaton {
  private readonly rootNext = new Int32Array(0x10000).fill(NONE);
  private childUnit: Int32Array;
  private childNode: Int32Array;
  private more: (Map<number, number> | undefined)[] = [];
  private fail: Int32Array;
  /** Nearest node on the failure chain (or this node) that ends a pattern; NONE if none. */
  private outLink: Int32Array;
  /** Pattern IDs ending exactly at a node. */
  /** Pattern IDs ending exactly at a node, while building (a Map: end nodes are sparse). */
  private outputs = new Map<number, number[]>();
  /** The same, flattened for the scan: IDs of node k are outIds[outStart[k] .. outStart[k + 1]). */
  private outStart = new Int32Array(0);
  private outIds = new Int32Array(0);
  private depth: Int32Array;
  private nodes = 1;
  readonly patternCount: number;
  /** Non-root transitions compiled into one open-addressing table: (node, unit) → next. */
  private hashNode = new Int32Array(0);
  private hashUnit = new Uint16Array(0);
  private hashNext = new Int32Array(0);
  private hashMask = 0;
  private hashShift = 32;

  constructor(patterns: readonly string[]) {
    let capacity = 1024;
    this.childUnit = new Int32Array(capacity).fill(NONE);
    this.childNode = new Int32Array(capacity).fill(NONE);
    this.depth = new Int32Array(capacity);
    const grow = () => {
      capacity *= 2;
      const resize = (a: Int32Array, fill: number) => {
        const b = new Int32Array(capacity).fill(fill);
        b.set(a);
        return b;
      };
      this.childUnit = resize(this.childUnit, NONE);
      this.childNode = resize(this.childNode, NONE);
      this.depth = resize(this.depth, 0);
    };

    patterns.forEach((pattern, id) => {
      let node = 0;
      for (let i = 0; i < pattern.length; i++) {
        const unit = pattern.charCodeAt(i);
        let next = this.child(node, unit);
        if (next === NONE) {
          if (this.nodes >= capacity) grow();
          next = this.nodes++;
          this.depth[next] = i + 1;
          this.setChild(node, unit, next);
        }
        node = next;
      }
      const ids = this.outputs.get(node);
      if (ids) ids.push(id);
      else this.outputs.set(node, [id]);
    });
    this.patternCount = patterns.length;
    this.fail = new Int32Array(this.nodes);
    this.outLink = new Int32Array(this.nodes).fill(NONE);
    this.buildFailureLinks();
    this.compileTransitions();
    this.flattenOutputs();
  }

  private flattenOutputs(): void {
    this.outStart = new Int32Array(this.nodes + 1);
    let total = 0;
    for (let node = 0; node < this.nodes; node++) {
      this.outStart[node] = total;
      total += this.outputs.get(node)?.length ?? 0;
    }
    this.outStart[this.nodes] = total;
    this.outIds = new Int32Array(total);
    for (const [node, ids] of this.outputs) this.outIds.set(ids, this.outStart[node]!);
    this.outputs = new Map();
  }

  private compileTransitions(): void {
    let edges = 0;
    for (let node = 1; node < this.nodes; node++) {
      if (this.childUnit[node] !== NONE) edges++;
      edges += this.more[node]?.size ?? 0;
    }
    let size = 16;
    while (size < edges * 2) size *= 2;
    this.hashNode = new Int32Array(size).fill(NONE);
    this.hashUnit = new Uint16Array(size);
    this.hashNext = new Int32Array(size);
    this.hashMask = size - 1;
    this.hashShift = 32 - Math.log2(size);
    for (let node = 1; node < this.nodes; node++) {
      for (const [unit, next] of this.children(node)) {
        let slot = hashSlot(node, unit) >>> this.hashShift;
        while (this.hashNode[slot] !== NONE) slot = (slot + 1) & this.hashMask;
        this.hashNode[slot] = node;
        this.hashUnit[slot] = unit;
        this.hashNext[slot] = next;
      }
    }
    // The build-time structures are no longer needed.
    this.more = [];
    this.childUnit = new Int32Array(0);
    this.childNode = new Int32Array(0);
  }

  /** Transition from a compiled automaton. */
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

  private child(node: number, unit: number): number {
    if (node === 0) return this.rootNext[unit]!;
    if (this.childUnit[node] === unit) return this.childNode[node]!;
    return this.more[node]?.get(unit) ?? NONE;
  }

  private setChild(node: number, unit: number, next: number): void {
    if (node === 0) this.rootNext[unit] = next;
    else if (this.childUnit[node] === NONE) {
      this.childUnit[node] = unit;
      this.childNode[node] = next;
    } else (this.more[node] ??= new Map()).set(unit, next);
  }

  private *children(node: number): Generator<[number, number]> {
    if (node === 0) {
      for (let u = 0; u < 0x10000; u++) if (this.rootNext[u] !== NONE) yield [u, this.rootNext[u]!];
      return;
    }
    if (this.childUnit[node] !== NONE) yield [this.childUnit[node]!, this.childNode[node]!];
    const more = this.more[node];
    if (more) yield* more.entries();
  }

  private buildFailureLinks(): void {
    const queue = new Int32Array(this.nodes);
    let head = 0;
    let tail = 0;
    for (const [, next] of this.children(0)) {
      this.fail[next] = 0;
      this.outLink[next] = this.outputs.has(next) ? next : NONE;
      queue[tail++] = next;
    }
    while (head < tail) {
      const node = queue[head++]!;
      for (const [unit, next] of this.children(node)) {
        let f = this.fail[node]!;
        let target = this.child(f, unit);
        while (target === NONE && f !== 0) {
          f = this.fail[f]!;
          target = this.child(f, unit);
        }
        this.fail[next] = target === NONE || target === next ? 0 : target;
        this.outLink[next] = this.outputs.has(next) ? next : this.outLink[this.fail[next]!]!;
        queue[tail++] = next;
      }
    }
  }

  get nodeCount(): number {
    return this.nodes;
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
