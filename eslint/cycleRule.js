// `markwatch/no-cycle`: no import cycle among the files of src/, type-only imports included (a cycle of types
// is still two files that cannot be understood, changed or moved one without the other). The rule reads the
// other files' imports from disk with a scan of their `from '…'` / `import('…')` specifiers — enough for this
// code base's own ESM style — and caches them per file and modification time.
import { readFileSync, statSync } from 'node:fs';
import { importVisitor } from './importNodes.js';
import { inside, isRelative, resolveImport, SRC } from './paths.js';

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
const cache = new Map();

/** The src/ files that `file` imports, as read from disk. */
function importsOf(file) {
  let mtime;
  try {
    mtime = statSync(file).mtimeMs;
  } catch {
    return [];
  }
  const hit = cache.get(file);
  if (hit && hit.mtime === mtime) return hit.targets;
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
  const targets = new Set();
  for (const m of text.matchAll(SPECIFIER)) {
    if (!isRelative(m[1])) continue;
    const target = resolveImport(file, m[1]);
    if (inside(SRC, target) !== null) targets.add(target);
  }
  cache.set(file, { mtime, targets: [...targets] });
  return [...targets];
}

/** A path of imports from `start` to `goal` (both included), or null. */
function pathBetween(start, goal) {
  const parent = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const f = queue.shift();
    if (f === goal) {
      const path = [];
      for (let x = f; x !== null; x = parent.get(x)) path.unshift(x);
      return path;
    }
    for (const next of importsOf(f)) {
      if (!parent.has(next)) {
        parent.set(next, f);
        queue.push(next);
      }
    }
  }
  return null;
}

export const cycleRule = {
  meta: {
    type: 'problem',
    docs: { description: 'no import cycles among the files of src/' },
    schema: [],
    messages: {
      cycle:
        'import cycle: {{cycle}} — move what both need into a third file below them, or inject it ' +
        '(markwatch/no-cycle)',
    },
  },
  create(context) {
    const file = context.filename;
    if (inside(SRC, file) === null) return {};
    return importVisitor((specifier, node) => {
      if (!isRelative(specifier)) return;
      const target = resolveImport(file, specifier);
      if (target === file || inside(SRC, target) === null) return;
      const back = pathBetween(target, file);
      if (!back) return;
      const cycle = [file, ...back].map((f) => inside(SRC, f)).join(' → ');
      context.report({ node, messageId: 'cycle', data: { cycle } });
    });
  },
};
