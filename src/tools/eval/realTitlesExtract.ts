import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../../common/packageRoot.js';
import {
  decodeBodyDetailed,
  extractSearchPage,
  loadSiteProfiles,
  type SiteProfile,
} from '../../extract/index.js';

/*
 * Every listing title on the real captured search pages (tests/fixtures/real-pages/), read with the shipped
 * site profiles exactly as the crawler would. The committed tests/match/fixtures/real-titles/titles.jsonl is
 * this list; a test checks that the two still agree. A tool: it reads test fixtures from a source checkout.
 */

export const REAL_PAGES_DIR = packagePath('tests', 'fixtures', 'real-pages');
export const REAL_TITLES_DIR = packagePath('tests', 'match', 'fixtures', 'real-titles');

export interface RealTitle {
  /** `<page stem>#<rank>` (rank from 1, in page order): stable as long as the pages and profiles are. */
  id: string;
  site: string;
  /** The page, relative to tests/fixtures/real-pages/. */
  file: string;
  url: string;
  title: string;
}

interface PageRef {
  site: string;
  file: string;
  url: string;
}

interface ManifestEntry {
  site: string;
  file: string;
  wayback_url: string;
}

/** The aql-serps pages (their original URL is the Wayback URL without the archive prefix), then the others. */
export function realPages(): PageRef[] {
  const manifest = JSON.parse(
    readFileSync(join(REAL_PAGES_DIR, 'aql-serps', 'manifest.json'), 'utf8'),
  ) as ManifestEntry[];
  const aql = manifest.map((m) => ({
    site: m.site,
    file: `aql-serps/${m.file}`,
    url: m.wayback_url.replace(/^https?:\/\/web\.archive\.org\/web\/\d+[a-z_]*\//, ''),
  }));
  return [
    ...aql,
    ...['10b22925-aa3f-46c4-8c6a-228d2863fa05.html', 'd741e464-92aa-494f-84cc-88986b441d54.html'].map(
      (f) => ({ site: 'amazon', file: `amznscrp/${f}`, url: 'https://www.amazon.de/s?k=plastikfrei' }),
    ),
    {
      site: 'amazon',
      file: 'parsy/amazon_de_search.html',
      url: 'https://www.amazon.de/-/en/s?k=katzenfutter',
    },
    { site: 'ebay', file: 'parsy/ebay_de.html', url: 'https://www.ebay.de/sch/i.html?_nkw=apple' },
  ];
}

function stem(file: string): string {
  return file.replace(/^.*\//, '').replace(/\.html$/, '');
}

/** Extracts every titled item of every real page, in page order, whitespace collapsed. */
export function extractRealTitles(): RealTitle[] {
  const profiles = loadSiteProfiles(packagePath('rules', 'sites'));
  const out: RealTitle[] = [];
  for (const page of realPages()) {
    const profile: SiteProfile | undefined = profiles.get(page.site);
    if (!profile) throw new Error(`no site profile "${page.site}" for ${page.file}`);
    const bytes = new Uint8Array(readFileSync(join(REAL_PAGES_DIR, page.file)));
    const text = decodeBodyDetailed(bytes, undefined, { charset: profile.charset }).text;
    const items = extractSearchPage(profile, text, page.url).items;
    items.forEach((item, i) => {
      const title = (item.title ?? '').replace(/\s+/g, ' ').trim();
      if (title === '') return;
      out.push({ id: `${stem(page.file)}#${i + 1}`, site: page.site, file: page.file, url: item.url, title });
    });
  }
  return out;
}
