import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cheerio from 'cheerio';

/** Real captured pages, copied into the repo with their licences: see tests/fixtures/real-pages/README.md. */
export const REAL_PAGES = fileURLToPath(new URL('../fixtures/real-pages', import.meta.url));

export interface AqlPage {
  site: string;
  stem: string;
  file: string;
  bytes: Uint8Array;
  /** The page's original URL (the Wayback capture URL without the archive prefix). */
  url: string;
  expected: { query: string; results: { rank: number; title: string; url: string }[] };
}

interface ManifestEntry {
  site: string;
  file: string;
  expected: string;
  wayback_url: string;
}

export function originalUrl(waybackUrl: string): string {
  return waybackUrl.replace(/^https?:\/\/web\.archive\.org\/web\/\d+[a-z_]*\//, '');
}

export function aqlPages(site: string): AqlPage[] {
  const dir = join(REAL_PAGES, 'aql-serps');
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ManifestEntry[];
  return manifest
    .filter((m) => m.site === site)
    .map((m) => ({
      site: m.site,
      stem: m.file.replace(/^.*\//, '').replace(/\.html$/, ''),
      file: join(dir, m.file),
      bytes: new Uint8Array(readFileSync(join(dir, m.file))),
      url: originalUrl(m.wayback_url),
      expected: JSON.parse(readFileSync(join(dir, m.expected), 'utf8')) as AqlPage['expected'],
    }));
}

/**
 * The expected titles are the parser's inner HTML (`<em>情商</em>`, `&gt;`); compare their text, with
 * whitespace collapsed.
 */
export function expectedTitleText(title: string): string {
  return cheerio.load(title, null, false).root().text().replace(/\s+/g, ' ').trim();
}

export function normSpace(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}
