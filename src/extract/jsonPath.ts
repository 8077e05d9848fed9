/*
 * A deliberately small JSON path: `a.b[0].c`, `["key with spaces"]`, optional leading `$`. No filters, no
 * wildcards, no script expressions — profiles read data, they never run code.
 */

type Segment = string | number;

const TOKEN = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/y;

function parse(path: string): Segment[] | null {
  const body = path.startsWith('$') ? path.slice(1) : path;
  const out: Segment[] = [];
  let pos = 0;
  while (pos < body.length) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(body);
    if (!m) return null;
    if (m[1] !== undefined) {
      // A bare name must follow a dot unless it is the first segment.
      if (pos > 0 && body[pos] !== '.') return null;
      out.push(m[1]);
    } else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(`"${m[3] ?? ''}"`) as string);
    pos = TOKEN.lastIndex;
  }
  return out;
}

const cache = new Map<string, Segment[]>();

function segments(path: string): Segment[] {
  let segs = cache.get(path);
  if (!segs) {
    const parsed = parse(path);
    if (!parsed) throw new Error(`invalid JSON path "${path}"`);
    segs = parsed;
    if (cache.size < 10_000) cache.set(path, segs);
  }
  return segs;
}

export function isValidJsonPath(path: string): boolean {
  try {
    return parse(path) !== null;
  } catch {
    return false;
  }
}

/** The value at `path`, or undefined when any step is missing. Own properties only. */
export function readJsonPath(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const seg of segments(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    if (typeof seg === 'number') {
      if (!Array.isArray(node)) return undefined;
      node = node[seg];
    } else {
      if (!Object.prototype.hasOwnProperty.call(node, seg)) return undefined;
      node = (node as Record<string, unknown>)[seg];
    }
  }
  return node;
}
