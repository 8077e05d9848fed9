import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadSiteProfile,
  loadSiteProfiles,
  parseSiteProfile,
  profileForUrl,
  SiteProfileError,
} from '../../src/extract/index.js';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir('markwatch-sites-');

const FILE = 'rules/sites/shopb.json';

/** A minimal valid profile to break one field at a time. */
function base(): Record<string, unknown> {
  return {
    platform: 'shopb',
    hosts: ['127.0.0.1'],
    search: {
      urlTemplate: '{base}/search?q={q}&page={page}',
      items: { css: 'li.item', link: { css: 'a', attr: 'href' } },
      pagination: { param: 'page' },
    },
    itemId: { fromUrl: '/item/(\\w+)' },
  };
}

function errorOf(raw: unknown, file = FILE): SiteProfileError {
  try {
    parseSiteProfile(raw, file);
  } catch (err) {
    if (err instanceof SiteProfileError) return err;
    throw err;
  }
  throw new Error('expected a SiteProfileError');
}

describe('site profile schema', () => {
  it('accepts a minimal profile and fills the defaults', () => {
    const p = parseSiteProfile(base(), FILE);
    expect(p.render).toEqual({ mode: 'http' });
    expect(p.charset).toBe('auto');
    expect(p.robots).toEqual({ respect: true, userAgent: 'markwatch' });
    expect(p.rateLimit).toMatchObject({ minDelayMs: 1000, concurrency: 2 });
    expect(p.search.pagination).toMatchObject({ firstPage: 1, step: 1, maxPages: 20 });
  });

  it('names the file and the field of a bad JSON path', () => {
    const raw = base();
    (raw.search as Record<string, unknown>).items = { jsonPath: 'mods..auctions', link: { jsonPath: 'url' } };
    const err = errorOf(raw);
    expect(err.message).toMatch(
      /^rules\/sites\/shopb\.json: field "search\.items\.jsonPath": invalid JSON path/,
    );
    expect(err).toMatchObject({ file: FILE, field: 'search.items.jsonPath' });
  });

  it('names nested fields inside alternatives and arrays', () => {
    const raw = base();
    (raw.search as Record<string, unknown>).items = [
      { css: 'li.item', link: { css: 'a', attr: 'href' } },
      { css: 'li.old', link: { css: 'a', attr: 'href' }, title: { css: 'h3', regex: '([unclosed' } },
    ];
    const err = errorOf(raw);
    expect(err.field).toBe('search.items[1].title.regex');
    expect(err.message).toContain('invalid regular expression');
  });

  it('rejects an invalid CSS selector, naming it', () => {
    const raw = base();
    (raw.search as Record<string, unknown>).items = { css: 'li[[', link: { css: 'a', attr: 'href' } };
    const err = errorOf(raw);
    expect(err.field).toBe('search.items.css');
    expect(err.message).toContain('invalid CSS selector "li[["');
  });

  it('rejects unknown fields (typos) by name', () => {
    const raw = { ...base(), ratelimit: { minDelayMs: 5 } };
    const err = errorOf(raw);
    expect(err.field).toBe('ratelimit');
    expect(err.message).toContain('unknown field');
  });

  it('requires {q} in the search URL template', () => {
    const raw = base();
    (raw.search as Record<string, unknown>).urlTemplate = '{base}/search?page={page}';
    expect(errorOf(raw).message).toBe(
      'rules/sites/shopb.json: field "search.urlTemplate": the search URL template must contain {q}',
    );
  });

  it('checks browser render steps', () => {
    const raw = {
      ...base(),
      render: { mode: 'browser', search: [{ waitFor: '.list' }, { click: '.more', times: 0 }] },
    };
    const err = errorOf(raw);
    expect(err.field).toBe('render.search[1].times');
  });

  it('requires a page parameter or a next link', () => {
    const raw = base();
    (raw.search as Record<string, unknown>).pagination = { maxPages: 3 };
    expect(errorOf(raw).field).toBe('search.pagination');
  });

  it('a field rule needs a source', () => {
    const raw = base();
    (raw.search as Record<string, unknown>).items = { css: 'li', link: { attr: 'href' } };
    expect(errorOf(raw).field).toMatch(/^search\.items\.link/);
  });
});

describe('loadSiteProfiles', () => {
  it('loads every shipped profile (the package directory by default)', () => {
    const profiles = loadSiteProfiles();
    for (const id of ['shopa', 'jd', 'amazon', 'ebay', 'aliexpress', 'etsy'])
      expect(profiles.has(id)).toBe(true);
    for (const [id, p] of profiles) expect(p.platform).toBe(id);
  });

  it('names the file for broken JSON and for a platform that does not match the file name', () => {
    const dir = join(tempDir(), 'sites');
    mkdirSync(dir);
    writeFileSync(join(dir, 'broken.json'), '{ "platform": "broken", ');
    expect(() => loadSiteProfiles(dir)).toThrow(/broken\.json: .*JSON/);
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ ...base(), platform: 'other' }));
    expect(() => loadSiteProfile(join(dir, 'broken.json'))).toThrow(
      /broken\.json: field "platform": "other" must equal the file name "broken"/,
    );
  });

  it('adding a platform is adding a file', () => {
    const dir = join(tempDir(), 'sites');
    mkdirSync(dir);
    writeFileSync(join(dir, 'shopb.json'), JSON.stringify(base()));
    writeFileSync(
      join(dir, 'shopz.json'),
      JSON.stringify({ ...base(), platform: 'shopz', hosts: ['*.shopz.example'] }),
    );
    const profiles = loadSiteProfiles(dir);
    expect([...profiles.keys()]).toEqual(['shopb', 'shopz']);
    expect(profileForUrl(profiles.values(), 'https://m.shopz.example/item/1')?.platform).toBe('shopz');
    expect(profileForUrl(profiles.values(), 'https://elsewhere.example/')).toBeNull();
  });
});
