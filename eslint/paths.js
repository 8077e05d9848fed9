// Where files sit in the repository, for the local rules: the repository root is the folder above eslint/,
// whatever directory ESLint was started in.
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const SRC = resolve(ROOT, 'src');

/** `a/b/c.ts` with forward slashes, relative to `base`; null when `file` is not inside `base`. */
export function inside(base, file) {
  const rel = relative(base, file);
  if (rel === '' || rel.startsWith('..') || resolve(base, rel) !== resolve(file)) return null;
  return rel.split(sep).join('/');
}

/**
 * The top-level folder of src/ that holds `file` (`crawl` for src/crawl/engine.ts), or null outside src/. A file
 * directly in src/ is its own "folder" (`x.ts`): it is in no layer, so it can neither import nor be imported
 * past the table (else a re-export there would be a way round it).
 */
export function srcFolder(file) {
  const rel = inside(SRC, file);
  if (rel === null) return null;
  return rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : rel;
}

/** The relative specifiers (`./x.js`, `../y/z.js`) are the only ones that can reach another folder of src/. */
export function isRelative(specifier) {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
}

/**
 * The source file a relative specifier names. NodeNext imports say `.js` for a `.ts` source; a specifier that
 * names no existing file resolves to its plain path (its folder is all the layer rule needs).
 */
export function resolveImport(fromFile, specifier) {
  const target = resolve(dirname(fromFile), specifier);
  const candidates = [
    target,
    target.replace(/\.js$/, '.ts'),
    target.replace(/\.js$/, '.tsx'),
    target.replace(/\.mjs$/, '.mts'),
    `${target}.ts`,
    resolve(target, 'index.ts'),
  ];
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return c;
  return target;
}
