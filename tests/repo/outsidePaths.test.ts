import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/common/packageRoot.js';

/*
 * A clone must work on its own: no code, test, script, rule or data file may name a path outside the
 * repository (the workplace's shared folder, a home directory, an absolute build path). System paths of
 * Debian packages the set-up script installs (/usr/bin/chromium, /usr/share/unicode) are allowed.
 */
const ROOTS = ['src', 'tests', 'scripts', 'bin', 'rules', 'data', '.ci'];
/** Copied third-party material, kept byte for byte. */
const SKIP = ['tests/fixtures/real-pages', 'data/reference/sources', 'data/confusion/pycorrector'];
const OUTSIDE = /\/work\/|\.\.\/shared\b|\/home\/[a-z]|\/root\/|\/tmp\/bash_jobs/;
const TEXT = /\.(ts|tsx|js|mjs|cjs|json|jsonl|sh|md|txt|tsv|csv|sql|yaml|yml)$|^run$/;

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const rel = relative(PACKAGE_ROOT, path);
    if (SKIP.some((s) => rel === s || rel.startsWith(s + '/'))) continue;
    if (statSync(path).isDirectory()) yield* files(path);
    else if (TEXT.test(name)) yield path;
  }
}

describe('the repository stands on its own', () => {
  it('names no path outside the repository', () => {
    const scanned: string[] = [];
    const offenders: string[] = [];
    for (const root of ROOTS) {
      for (const file of files(join(PACKAGE_ROOT, root))) {
        scanned.push(file);
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            // This file names the patterns it looks for.
            if (file.endsWith('outsidePaths.test.ts')) return;
            if (OUTSIDE.test(line))
              offenders.push(`${relative(PACKAGE_ROOT, file)}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    expect(scanned.length).toBeGreaterThan(100);
    expect(offenders).toEqual([]);
  });
});
