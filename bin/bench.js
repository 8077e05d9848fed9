#!/usr/bin/env node
// `npm run bench -- <name> [args]`: runs the named benchmark from dist/ (built by `npm run bench`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BENCHES = {
  match: '../dist/tools/bench/match/match.js',
  crawl: '../dist/tools/bench/crawl/crawl.js',
  scale: '../dist/tools/bench/scale/scale.js',
  marketplace: '../dist/tools/bench/marketplace/rss.js',
  export: '../dist/tools/bench/exportBench.js',
};

const [name, ...args] = process.argv.slice(2);
const target = name ? BENCHES[name] : undefined;
if (!target) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [args]\n`);
  process.exit(2);
}
const url = new URL(target, import.meta.url);
if (!existsSync(fileURLToPath(url))) {
  process.stderr.write(`bench ${name}: ${fileURLToPath(url)} not built (not yet available)\n`);
  process.exit(2);
}
process.argv = [process.argv[0], fileURLToPath(url), ...args];
await import(url.href);
