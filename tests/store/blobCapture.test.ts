import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { expect, it } from 'vitest';
import { captureEvidence } from '../../src/crawl/evidenceCapture.js';
import type { FetchedPage } from '../../src/crawl/fetchTypes.js';
import type { Politeness } from '../../src/crawl/politeness.js';
import { openCheckedStoredEvidence } from '../../src/export/evidencePath.js';
import type { Listing } from '../../src/model/index.js';
import type { FrontierEntry, Store } from '../../src/store/index.js';
import { openPgStore } from '../../src/store/pg/pgStore.js';
import { describeStores } from '../helpers/pgStore.js';

const listing: Listing = {
  id: 'L1',
  platform: 'shopa',
  url: 'https://shop.example/item/L1',
  title: '耐克 运动鞋 高仿',
  price: 99,
  sales: 10,
  seller: { id: 's1', name: 's1 店', regionCode: '330106' },
  capturedAt: '2026-12-04T02:00:00.000Z',
};

const page: FetchedPage = {
  url: listing.url,
  finalUrl: listing.url,
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: Buffer.from(`<html><title>${listing.title}</title>${'<p>商品详情</p>'.repeat(5000)}</html>`, 'utf8'),
  text: '',
  fetchedAt: '2026-12-04T02:00:00.000Z',
  close: async () => undefined,
};

const entry = { id: 7, url: listing.url, domain: 'shop.example' } as FrontierEntry;

function capture(store: Store) {
  return captureEvidence(
    {
      store,
      politeness: {} as Politeness, // only asked before a browser screenshot, which an HTTP page has not
      signal: new AbortController().signal,
      runPk: 1,
      crawler: { name: 'markwatch', version: 'test', userAgent: 'test' },
    },
    entry,
    page,
    listing,
    [],
  );
}

describeStores('evidence captured on one machine, exported on another', (open, kind, opened) => {
  it('the capture writes through the store’s blob store and another process opens it, checked', async () => {
    const worker = await open();
    const artefacts = await capture(worker);
    expect(artefacts.map((a) => a.kind)).toEqual(['html', 'headers', 'manifest']);
    expect(artefacts[0]!.path).toBe(
      `evidence/${artefacts[0]!.sha256.slice(0, 2)}/${artefacts[0]!.sha256.slice(2, 4)}/${artefacts[0]!.sha256}.gz`,
    );
    const o = opened().at(-1)!;
    // SQLite: the same data directory, the layout it always had. PostgreSQL: a second store with a data
    // directory of its own — another machine — and no evidence file on this one.
    const otherDir = mkdtempSync(join(tmpdir(), 'markwatch-export-'));
    const exporter = kind === 'postgres' ? await openPgStore(o.url!, otherDir, { poolSize: 2 }) : worker;
    try {
      for (const a of artefacts) {
        expect(existsSync(join(o.dataDir, a.path))).toBe(kind === 'sqlite');
        const bytes = await buffer(openCheckedStoredEvidence(exporter.blobs, { ...a, name: a.path }));
        expect(bytes.length).toBe(a.bytes);
      }
      const html = await buffer(exporter.blobs.open(artefacts[0]!.sha256));
      expect(html.equals(page.body)).toBe(true);
    } finally {
      if (exporter !== worker) await exporter.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
