import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGunzip, createGzip, gzip } from 'node:zlib';
import { MarkwatchError } from '../../common/errors.js';
import {
  blobPath,
  checkSha256,
  hashTap,
  missingBlob,
  sha256Hex,
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

  private async row(sha256: string, conn: PgConn = this.conn): Promise<BlobRow | null> {
    const { rows } = await conn.query<BlobRow>(
      'SELECT bytes, compressed, stored_bytes, loid FROM blobs WHERE sha256 = $1',
      [checkSha256(sha256)],
    );
    return rows[0] ?? null;
  }

  async put(data: Uint8Array | Readable, options: PutOptions = {}): Promise<StoredBlob> {
    const compress = options.compress === true;
    if (data instanceof Readable) return this.putStreamed(data, compress);
    // A buffer's hash is known before writing: an existing blob is not written again, and a new one is not
    // hashed twice.
    const sha256 = sha256Hex(data);
    if (data.length <= ONE_STATEMENT_BYTES) return this.putSmall(sha256, data, compress);
    const found = await this.stat(sha256);
    if (found) return found;
    const view = Buffer.from(data.buffer, data.byteOffset, data.length);
    // In SLICE-sized pieces, as the comment on ONE_STATEMENT_BYTES says; a fresh stream for each attempt.
    const slices = () =>
      Readable.from(
        (function* () {
          for (let at = 0; at < view.length; at += SLICE) yield view.subarray(at, at + SLICE);
        })(),
      );
    return this.putStreamed(slices, compress, { sha256, bytes: data.length });
  }

  /**
   * Streams the bytes into a new large object (one lo_put once SLICE bytes are pending) and records it under
   * their hash: `known` when the caller has it, else counted and hashed on the way. `data` is a stream (read
   * once) or makes a fresh one for each attempt of the transaction.
   */
  private async putStreamed(
    data: Readable | (() => Readable),
    compress: boolean,
    known?: { sha256: string; bytes: number },
  ): Promise<StoredBlob> {
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
      const source = data instanceof Readable ? data : data();
      const { rows } = await c.query<{ loid: number }>('SELECT lo_create(0) AS loid');
      const loid = rows[0]!.loid;
      const { tap, result } = known ? { tap: new PassThrough(), result: () => known } : hashTap();
      let stored = 0;
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
      const { sha256, bytes } = result();
      // ON CONFLICT: a second machine putting the same content at the same moment waits for the first's
      // commit, then inserts nothing and drops its own copy — the blob is stored once, and both puts succeed.
      const inserted = await c.query(
        `INSERT INTO blobs (sha256, bytes, compressed, stored_bytes, loid) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (sha256) DO NOTHING`,
        [sha256, bytes, compress ? 1 : 0, stored, loid],
      );
      if (inserted.rowCount === 1) return { sha256, bytes, path: blobPath(sha256, compress) };
      await c.query('SELECT lo_unlink($1)', [loid]);
      const existing = await this.row(sha256, c);
      return { sha256, bytes, path: blobPath(sha256, existing?.compressed === 1) };
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
