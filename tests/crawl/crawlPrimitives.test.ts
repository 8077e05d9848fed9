import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../src/crawl/backoff.js';
import { detectBlock } from '../../src/crawl/blockDetection.js';
import { MarkwatchError } from '../../src/common/errors.js';
import { classify, CrawlError, dispositionOf } from '../../src/crawl/errors.js';
import { ExtractError, ListingOfflineError } from '../../src/extract/index.js';
import { LeaseLostError } from '../../src/store/index.js';
import { sha256Hex, storeArtefact } from '../../src/crawl/evidenceFiles.js';
import { blobPath } from '../../src/store/blobStore.js';
import { SessionPool } from '../../src/crawl/session.js';
import { base32, WarcWriter } from '../../src/crawl/warc.js';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir();

describe('back-off and Retry-After', () => {
  it('grows exponentially with jitter inside [ceiling/2, ceiling], capped', () => {
    const opts = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelay(1, opts, () => 0)).toBe(50);
    expect(backoffDelay(1, opts, () => 1)).toBe(100);
    expect(backoffDelay(3, opts, () => 1)).toBe(400);
    expect(backoffDelay(10, opts, () => 1)).toBe(1000);
    expect(backoffDelay(10, opts, () => 0)).toBe(500);
  });

  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-23T04:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 04:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('999999', now)).toBe(3_600_000);
  });
});

describe('error classes', () => {
  it('classifies network, timeout, parse and unknown errors; unknown ones are internal', () => {
    expect(classify(Object.assign(new Error('x'), { code: 'ECONNRESET' })).errorClass).toBe('network');
    expect(classify(Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' })).errorClass).toBe(
      'timeout',
    );
    expect(classify(Object.assign(new Error('x'), { name: 'TimeoutError' })).errorClass).toBe('timeout');
    // By class, not by name: an Error merely named like ours is not one of ours.
    expect(
      classify(new ExtractError('http://h/item/1', 'shopa', 'item.fields.title', 'not found')).errorClass,
    ).toBe('parse');
    expect(classify(new ListingOfflineError('http://h/item/1', 'shopa')).errorClass).toBe('offline');
    expect(classify(new LeaseLostError(7)).errorClass).toBe('lease_lost');
    expect(classify(Object.assign(new Error('x'), { name: 'ExtractError' })).errorClass).toBe('internal');
    expect(new CrawlError('http_5xx', 'x')).toBeInstanceOf(MarkwatchError);
    expect(new CrawlError('http_5xx', 'x').code).toBe('crawl.http_5xx');
    expect(classify(new Error('boom')).errorClass).toBe('internal');
    expect(classify('not even an error').errorClass).toBe('internal');
    const e = new CrawlError('http_429', 'slow down', 429, 2000);
    expect(classify(e)).toBe(e);
  });

  it('separates retries from session rotations', () => {
    expect(dispositionOf('http_5xx')).toBe('retry');
    expect(dispositionOf('truncated')).toBe('retry');
    expect(dispositionOf('blocked')).toBe('rotate_session');
    expect(dispositionOf('http_4xx')).toBe('give_up');
    expect(dispositionOf('parse')).toBe('give_up');
  });
});

describe('block detection', () => {
  const block = { statusCodes: [403], selectors: ['#captcha'], text: ['访问过于频繁'] };
  it('recognises block pages by status, selector and text', () => {
    expect(detectBlock(block, 403, '<html></html>')?.reason).toBe('status 403');
    expect(detectBlock(block, 200, '<div id="captcha"></div>')?.reason).toBe('selector #captcha');
    expect(detectBlock(block, 200, '<p>您访问过于频繁</p>')?.reason).toMatch(/text/);
    expect(detectBlock(block, 200, '<p>正常页面</p>')).toBeNull();
    expect(detectBlock(undefined, 403, '')).not.toBeNull();
    expect(detectBlock({ ...block, statusCodes: [429] }, 429, '')).toBeNull();
  });
});

describe('sessions', () => {
  it('retires blocked sessions and rotates to fresh ones, within the pool size', () => {
    const pool = new SessionPool({ poolSize: 2 });
    const a = pool.pick('h');
    const b = pool.pick('h');
    expect(a.id).not.toBe(b.id);
    expect(pool.size('h')).toBe(2);
    a.retire();
    const c = pool.pick('h');
    expect(c.id).not.toBe(a.id);
    expect(pool.size('h')).toBe(2);
    b.markBad();
    b.markBad();
    b.markBad();
    expect(b.usable).toBe(false);
    c.storeCookies(['sid=42; Path=/; HttpOnly', 'lang=zh']);
    expect(c.cookieHeader()).toBe('sid=42; lang=zh');
  });
});

describe('evidence files', () => {
  it('stores content-addressed artefacts once, gzip when asked, hash of the original bytes', () => {
    const dir = tempDir();
    const bytes = Buffer.from('<html>耐克</html>');
    const a = storeArtefact(dir, bytes, true);
    expect(a.sha256).toBe(sha256Hex(bytes));
    expect(a.path).toBe(blobPath(a.sha256, true));
    expect(a.path).toMatch(
      new RegExp(`^evidence/${a.sha256.slice(0, 2)}/${a.sha256.slice(2, 4)}/${a.sha256}\\.gz$`),
    );
    expect(gunzipSync(readFileSync(join(dir, a.path)))).toEqual(bytes);
    expect(storeArtefact(dir, bytes, true)).toEqual(a);
    const raw = storeArtefact(dir, Buffer.from([1, 2, 3]), false);
    expect(readFileSync(join(dir, raw.path))).toEqual(Buffer.from([1, 2, 3]));
  });
});

/** Splits a .warc.gz into its records (one gzip member each). */
function readWarc(file: string): { headers: Record<string, string>; block: Buffer }[] {
  const all = gunzipSync(readFileSync(file));
  const records: { headers: Record<string, string>; block: Buffer }[] = [];
  let at = 0;
  while (at < all.length) {
    const headEnd = all.indexOf('\r\n\r\n', at);
    const lines = all.subarray(at, headEnd).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('WARC/1.1');
    const headers = Object.fromEntries(
      lines.slice(1).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
    );
    const length = Number(headers['Content-Length']);
    const block = all.subarray(headEnd + 4, headEnd + 4 + length);
    records.push({ headers, block });
    at = headEnd + 4 + length + 4;
  }
  return records;
}

describe('WARC writer', () => {
  it('writes warcinfo and response records with dates, URIs, ids and digests that verify', () => {
    const file = join(tempDir(), 'warc', 'run-1.warc.gz');
    const w = new WarcWriter(file, 'test/1');
    const body = Buffer.from('<html>冰墩墩</html>');
    const id = w.writeResponse({
      url: 'http://127.0.0.1:1/shopa/item/1',
      fetchedAt: '2026-11-23T04:00:00.123Z',
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'x-evil': 'a\r\nWARC-Type: forged' },
      body,
    });
    new WarcWriter(file, 'test/1'); // reopening (a resumed run) appends, no second warcinfo
    const records = readWarc(file);
    expect(records.map((r) => r.headers['WARC-Type'])).toEqual(['warcinfo', 'response']);
    const r = records[1]!;
    expect(r.headers['WARC-Record-ID']).toBe(id);
    expect(id).toMatch(/^<urn:uuid:[0-9a-f-]{36}>$/);
    expect(r.headers['WARC-Date']).toBe('2026-11-23T04:00:00Z');
    expect(r.headers['WARC-Target-URI']).toBe('http://127.0.0.1:1/shopa/item/1');
    const payload = r.block.subarray(r.block.indexOf('\r\n\r\n') + 4);
    expect(payload).toEqual(body);
    const digest = (b: Buffer) => `sha256:${base32(createHash('sha256').update(b).digest())}`;
    expect(r.headers['WARC-Payload-Digest']).toBe(digest(body));
    expect(r.headers['WARC-Block-Digest']).toBe(digest(r.block));
    expect(r.block.toString('utf8')).not.toMatch(/\r\nWARC-Type: forged/);
  });

  it('encodes base32 per RFC 4648', () => {
    expect(base32(Buffer.from('foobar'))).toBe('MZXW6YTBOI======');
  });
});
