import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { storeArtefact } from '../../src/crawl/evidenceFiles.js';
import { openCheckedStoredEvidence } from '../../src/export/evidencePath.js';
import { LocalBlobStore } from '../../src/store/localBlobStore.js';
import { openPgStore } from '../../src/store/pg/pgStore.js';
import { describeStores } from '../helpers/pgStore.js';
import { useTempDir } from '../helpers/tempDir.js';

/** Deterministic, incompressible-looking bytes: SHA-256 in counter mode. */
function bytesOf(size: number, seed: string): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0, block = 0; i < size; block++) {
    const h = createHash('sha256').update(`${seed}:${block}`).digest();
    i += h.copy(out, i);
  }
  return out;
}

/** The same bytes as a stream of 64 KiB chunks, produced lazily. */
function streamOf(bytes: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += 65_536) yield bytes.subarray(at, at + 65_536);
    })(),
  );
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Files under the evidence directory, temporary ones included. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

describeStores('blob store', (open, kind, opened) => {
  /** Rows of `blobs` and large objects (PostgreSQL), or files (local): what is really stored. */
  async function storedCount(): Promise<number> {
    const o = opened().at(-1)!;
    if (kind === 'sqlite') return filesUnder(join(o.dataDir, 'evidence')).length;
    const c = new pg.Client({ connectionString: o.url! });
    await c.connect();
    try {
      const { rows } = await c.query<{ b: string; lo: string }>(
        'SELECT (SELECT count(*) FROM blobs) AS b, (SELECT count(*) FROM pg_largeobject_metadata) AS lo',
      );
      expect(rows[0]!.lo).toBe(rows[0]!.b); // no large object without its row
      return Number(rows[0]!.b);
    } finally {
      await c.end();
    }
  }

  it('round-trips a 5 MB blob streamed in and out, plain and compressed', async () => {
    const { blobs } = await open();
    const big = bytesOf(5 * 1024 * 1024, 'big');
    const put = await blobs.put(streamOf(big));
    expect(put).toEqual({
      sha256: sha(big),
      bytes: big.length,
      path: `evidence/${sha(big).slice(0, 2)}/${sha(big).slice(2, 4)}/${sha(big)}`,
    });
    expect((await buffer(blobs.open(put.sha256))).equals(big)).toBe(true);
    expect(await blobs.stat(put.sha256)).toEqual(put);

    const html = Buffer.from('<html>商标 '.repeat(200_000), 'utf8');
    const gz = await blobs.put(streamOf(html), { compress: true });
    expect(gz).toMatchObject({ sha256: sha(html), bytes: html.length });
    expect(gz.path.endsWith('.gz')).toBe(true);
    expect((await buffer(blobs.open(gz.sha256))).equals(html)).toBe(true);
    expect(await blobs.stat(gz.sha256)).toEqual(gz);
    expect(await storedCount()).toBe(2);
  });

  // A buffer's hash is known before writing, so it is written without a second hash; over 1 MiB PostgreSQL
  // takes it in slices. A view at an offset into a larger buffer must store exactly the viewed bytes.
  it('round-trips a 3 MB buffer given as a view into a larger one, plain and compressed', async () => {
    const { blobs } = await open();
    const backing = bytesOf(3 * 1024 * 1024 + 4096, 'view');
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 1000, 3 * 1024 * 1024);
    const plain = await blobs.put(view);
    expect(plain).toMatchObject({ sha256: sha(view), bytes: view.length });
    expect((await buffer(blobs.open(plain.sha256))).equals(view)).toBe(true);
    expect(await blobs.stat(plain.sha256)).toEqual(plain);
    expect(await blobs.put(streamOf(Buffer.from(view)))).toEqual(plain);

    const text = Buffer.from('<li>商标 同款 '.repeat(150_000), 'utf8');
    const gz = await blobs.put(new Uint8Array(text.buffer, text.byteOffset, text.length), { compress: true });
    expect(gz).toMatchObject({ sha256: sha(text), bytes: text.length });
    expect(gz.path.endsWith('.gz')).toBe(true);
    expect((await buffer(blobs.open(gz.sha256))).equals(text)).toBe(true);
    expect(await blobs.put(text, { compress: true })).toEqual(gz);
    expect(await storedCount()).toBe(2);
  });

  it('a second put of the same content stores nothing more and answers the same', async () => {
    const { blobs } = await open();
    const bytes = bytesOf(300_000, 'same');
    const first = await blobs.put(bytes, { compress: true });
    expect(await blobs.put(bytes, { compress: true })).toEqual(first);
    // A stream's hash is known only at its end: written, found present, dropped.
    expect(await blobs.put(streamOf(bytes), { compress: true })).toEqual(first);
    expect(await blobs.put(streamOf(bytes))).toEqual(first); // the first copy's form is kept
    expect(await storedCount()).toBe(1);
  });

  it('two puts of the same content at once both succeed and store it once', async () => {
    const { blobs } = await open();
    const o = opened().at(-1)!;
    // A second connection pool (PostgreSQL) or a second store on the same directory: another machine.
    const other = kind === 'postgres' ? await openPgStore(o.url!, o.dataDir, { poolSize: 2 }) : null;
    const second = other ? other.blobs : new LocalBlobStore(o.dataDir);
    try {
      const bytes = bytesOf(1_000_000, 'race');
      const [a, b] = await Promise.all([blobs.put(streamOf(bytes)), second.put(streamOf(bytes))]);
      expect(a).toEqual(b);
      expect(await storedCount()).toBe(1);
      expect((await buffer(second.open(a.sha256))).equals(bytes)).toBe(true);
    } finally {
      await other?.close();
    }
  });

  it('a missing blob is an error naming its hash; a hash that is not one is refused', async () => {
    const { blobs } = await open();
    const missing = sha(Buffer.from('never stored'));
    expect(await blobs.has(missing)).toBe(false);
    expect(await blobs.stat(missing)).toBeNull();
    await expect(buffer(blobs.open(missing))).rejects.toThrow(missing);
    await expect(buffer(blobs.open('../../etc/passwd'))).rejects.toThrow(/SHA-256/);
    await expect(blobs.has('../x')).rejects.toThrow(/SHA-256/);
  });

  it('the export opens evidence through it and refuses bytes that are not the recorded ones', async () => {
    const { blobs } = await open();
    const bytes = Buffer.from('{"manifest":true}', 'utf8');
    const put = await blobs.put(bytes);
    expect(await blobs.has(put.sha256)).toBe(true);
    const ok = openCheckedStoredEvidence(blobs, { ...put, name: 'manifest.json' });
    expect((await buffer(ok)).equals(bytes)).toBe(true);
    const wrongSize = openCheckedStoredEvidence(blobs, {
      ...put,
      bytes: put.bytes + 1,
      name: 'manifest.json',
    });
    await expect(buffer(wrongSize)).rejects.toThrow(/manifest\.json/);
  });
});

describe('local blob store and existing data directories', () => {
  const tempDir = useTempDir();
  it('opens evidence written before the blob store, in the same layout, and writes the same names', async () => {
    const dir = tempDir();
    const html = Buffer.from('<html>旧证据</html>', 'utf8');
    const old = storeArtefact(dir, html, true);
    const blobs = new LocalBlobStore(dir);
    expect(await blobs.stat(old.sha256)).toEqual(old);
    expect((await buffer(blobs.open(old.sha256))).equals(html)).toBe(true);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    expect(await blobs.put(png)).toEqual(storeArtefact(tempDir(), png, false));
  });
});
