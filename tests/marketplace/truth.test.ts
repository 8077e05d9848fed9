import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ListingSchema } from '../../src/model/index.js';
import { CASES } from '../../src/marketplace/catalog/cases.js';
import type { TruthEntry } from '../../src/marketplace/generator.js';
import { startMarketplace } from '../../src/marketplace/server.js';
import { scriptAssignment } from './helpers.js';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir();

/** What the live site shows for an item: title, price, seller id and location. */
async function shown(url: string, platform: string) {
  if (platform === 'shopa') {
    const res = await fetch(url);
    const $ = cheerio.load(iconv.decode(Buffer.from(await res.arrayBuffer()), 'gbk'));
    return {
      title: $('.sku-name').text(),
      price: Number($('.summary-price .price').text()),
      sellerId: $('a.shop-name').attr('data-seller-id'),
      location: $('.seller-location').text(),
    };
  }
  if (platform === 'shopb') {
    const html = await (await fetch(url)).text();
    const g = scriptAssignment(html, 'var g_config') as {
      sellerId: string;
      idata: { item: { title: string; price: string; location: string } };
    };
    return {
      title: g.idata.item.title,
      price: Number(g.idata.item.price),
      sellerId: g.sellerId,
      location: g.idata.item.location,
    };
  }
  const api = (await (await fetch(url.replace('/shopc/item/', '/shopc/api/item/'))).json()) as {
    item: { title: string; price: number; shop: { id: string }; location: string };
  };
  return {
    title: api.item.title,
    price: api.item.price,
    sellerId: api.item.shop.id,
    location: api.item.location,
  };
}

describe('ground truth', () => {
  it('markwatch marketplace --export-truth writes every planted case; every entry exists on the site as written', async () => {
    const file = join(tempDir(), 'truth.jsonl');
    const out = execFileSync(
      process.execPath,
      [
        'bin/markwatch.js',
        'marketplace',
        '--export-truth',
        file,
        '--seed',
        '11',
        '--listings',
        '1000',
        '--port',
        '8090',
      ],
      { encoding: 'utf8' },
    );
    expect(out).toMatch(/真值已写入/);
    const entries = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TruthEntry);
    // Every planted case, with the labels its spec gives.
    const byCase = new Map(entries.map((e) => [e.case, e]));
    for (const spec of CASES) {
      const entry = byCase.get(spec.id);
      // A variant may carry its own labels (each names its own right).
      const variant = spec.titles.find((t) => typeof t !== 'string' && t.title === entry?.listing.title);
      const expected = (typeof variant === 'object' ? variant.expected : undefined) ?? spec.expected;
      expect(entry?.expected, spec.id).toEqual(expected);
    }
    for (const e of entries) {
      ListingSchema.parse(e.listing);
      expect(e.listingId).toBe(e.listing.id);
      expect(e.platform).toBe(e.listing.platform);
    }

    const market = await startMarketplace({ port: 0, seed: 11, listings: 1000 });
    try {
      for (const e of entries) {
        const url = e.listing.url.replace('http://127.0.0.1:8090', market.baseUrl);
        const live = await shown(url, e.platform);
        expect(live, `${e.case} ${e.listingId}`).toEqual({
          title: e.listing.title,
          price: e.listing.price,
          sellerId: e.listing.seller.id,
          location: e.listing.seller.location,
        });
      }
      // And the planted listings are findable by searching the right's name on their platform.
      const tea = entries.find((x) => x.case === 'gi-mismatch-longjing');
      const hits = Array.from(market.catalog.search(tea?.platform as 'shopa', '西湖龙井'));
      expect(hits.map((i) => market.catalog.listingAt(i).listing.id)).toContain(tea?.listingId);
    } finally {
      await market.close();
    }
  });

  it('markwatch marketplace serves until Ctrl-C and then exits cleanly', async () => {
    const child = spawn(
      process.execPath,
      ['bin/markwatch.js', 'marketplace', '--port', '0', '--listings', '1000'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const m = /样例市场 \(sample marketplace\): (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${stdout}`)));
    });
    const robots = await (await fetch(`${url}/robots.txt`)).text();
    expect(robots).toContain('User-agent: *');
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
  });
});
