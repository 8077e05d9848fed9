import { createHash } from 'node:crypto';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGunzip, createGzip, gzip } from 'node:zlib';
import { MarkwatchError } from '../../common/errors.js';
import {
  blobPath,
  checkSha256,
  missingBlob,
  type BlobStore,
  type PutOptions,
  type StoredBlob,
} from '../blobStore.js';
import type { PgConn } from './pgDatabase.js';

/*
 * Evidence blobs in PostgreSQL (config `store.kind = postgres`): what a worker on one machine captures, the
 * export on another opens. The bytes are large objects (see migrations/0610_blobs.sql for why not BYTEA),
 * written and read in SLICE-sized pieces, so memory stays bounded whatever the blob's size. No object store
 * (S3) is needed: the database every machine already reaches holds the evidence, and is backed up with it.
 *
 * Large objects belong to the role that created them: workers and the export should log in as the same role
 * (or the others be granted SELECT ON LARGE OBJECT); docs/evidence-store.md says so.
 */

/** Bytes per lo_put / lo_get round trip. */
const SLICE = 256 * 1024;
/** A buffer up to this size is put in one statement (it is in memory already); a larger one is streamed. */
const ONE_STATEMENT_BYTES = 4 * SLICE;

const gzipAsync = promisify(gzip);

interface BlobRow {
  bytes: number;
  compressed: number;
  stored_bytes: number;
  loid: number;
}

export class PgBlobStore implements BlobStore {
  readonly kind = 'postgres' as const;

  constructor(private readonly conn: PgConn) {}

  private async row(sha256: string): Promise<BlobRow | null> {
    const { rows } = await this.conn.query<BlobRow>(
      'SELECT bytes, compressed, stored_bytes, loid FROM blobs WHERE sha256 = $1',
      [checkSha256(sha256)],
    );
    return rows[0] ?? null;
  }

  async put(data: Uint8Array | Readable, options: PutOptions = {}): Promise<StoredBlob> {
    const compress = options.compress === true;
    if (!(data instanceof Readable)) {
      // A buffer's hash is known before writing: an existing blob is not written again.
      const sha256 = createHash('sha256').update(data).digest('hex');
      if (data.length <= ONE_STATEMENT_BYTES) return this.putSmall(sha256, data, compress);
      const found = await this.stat(sha256);
      if (found) return found;
    }
    let started = false;
    return this.conn.tx(async (c) => {
      // The transaction may be re-run after a deadlock; a stream can be read only once.
      if (started && data instanceof Readable) {
        throw new MarkwatchError(
          'blob.retry',
          '证据流已读过，无法重试写入 (a blob stream cannot be put twice)',
        );
      }
      started = true;
      const source = data instanceof Readable ? data : Readable.from(Buffer.from(data));
      const { rows } = await c.query<{ loid: number }>('SELECT lo_create(0) AS loid');
      const loid = rows[0]!.loid;
      const hash = createHash('sha256');
      let bytes = 0;
      let stored = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      await pipeline(
        source,
        tap,
        compress ? createGzip() : new PassThrough(),
        async (chunks: AsyncIterable<Buffer>) => {
          let pending: Buffer[] = [];
          let size = 0;
          const flush = async () => {
            if (size === 0) return;
            await c.query('SELECT lo_put($1, $2, $3)', [loid, stored, Buffer.concat(pending, size)]);
            stored += size;
            pending = [];
            size = 0;
          };
          for await (const chunk of chunks) {
            pending.push(chunk);
            size += chunk.length;
            if (size >= SLICE) await flush();
          }
          await flush();
        },
      );
      const sha256 = hash.digest('hex');
      // ON CONFLICT: a second machine putting the same content at the same moment waits for the first's
      // commit, then inserts nothing and drops its own copy — the blob is stored once, and both puts succeed.
      const inserted = await c.query(
        `INSERT INTO blobs (sha256, bytes, compressed, stored_bytes, loid) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (sha256) DO NOTHING`,
        [sha256, bytes, compress ? 1 : 0, stored, loid],
      );
      if (inserted.rowCount === 1) return { sha256, bytes, path: blobPath(sha256, compress) };
      await c.query('SELECT lo_unlink($1)', [loid]);
      const existing = await c.query<BlobRow>('SELECT bytes, compressed FROM blobs WHERE sha256 = $1', [
        sha256,
      ]);
      return { sha256, bytes, path: blobPath(sha256, existing.rows[0]?.compressed === 1) };
    });
  }

  /** A buffer small enough for one statement: markwatch_put_blob (migration 0630), one round trip. */
  private async putSmall(sha256: string, data: Uint8Array, compress: boolean): Promise<StoredBlob> {
    const stored = compress ? await gzipAsync(data) : Buffer.from(data.buffer, data.byteOffset, data.length);
    const { rows } = await this.conn.query<{ compressed: number }>(
      'SELECT markwatch_put_blob($1, $2, $3, $4) AS compressed',
      [sha256, data.length, compress ? 1 : 0, stored],
    );
    return { sha256, bytes: data.length, path: blobPath(sha256, rows[0]!.compressed === 1) };
  }

  open(sha256: string): Readable {
    const out = new PassThrough();
    const start = async () => {
      const row = await this.row(sha256);
      if (!row) throw missingBlob(sha256, 'PostgreSQL blobs');
      const conn = this.conn;
      async function* slices(): AsyncGenerator<Buffer> {
        for (let at = 0; at < row!.stored_bytes; at += SLICE) {
          const { rows } = await conn.query<{ data: Buffer }>('SELECT lo_get($1, $2, $3) AS data', [
            row!.loid,
            at,
            Math.min(SLICE, row!.stored_bytes - at),
          ]);
          yield rows[0]!.data;
        }
      }
      await pipeline(Readable.from(slices()), row.compressed === 1 ? createGunzip() : new PassThrough(), out);
    };
    start().catch((err: unknown) => out.destroy(err as Error));
    return out;
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.row(sha256)) !== null;
  }

  async stat(sha256: string): Promise<StoredBlob | null> {
    const row = await this.row(sha256);
    return row ? { sha256, bytes: row.bytes, path: blobPath(sha256, row.compressed === 1) } : null;
  }
}
