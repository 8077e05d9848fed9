// Copies non-TypeScript assets that live beside the sources (SQL migrations, browser scripts) into dist/.
import { cpSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, dirname, extname } from 'node:path';

const ASSET_EXTENSIONS = new Set(['.sql', '.js', '.css', '.html', '.json']);

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (ASSET_EXTENSIONS.has(extname(name))) {
      const target = join('dist', path.slice('src/'.length));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
    }
  }
}
walk('src');
