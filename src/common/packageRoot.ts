import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/*
 * The package root (the folder with package.json, rules/ and data/), computed once. This file sits at
 * src/common/ in the sources and at dist/common/ in the build, two levels below the root in both.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A path inside the package, from root-relative segments: `packagePath('rules', 'sites')`. */
export function packagePath(...segments: string[]): string {
  return join(PACKAGE_ROOT, ...segments);
}
