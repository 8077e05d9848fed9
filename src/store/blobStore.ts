import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { MarkwatchError } from '../common/errors.js';

/*
 * Evidence bytes, content-addressed: a blob is named by the SHA-256 of its bytes and never changes, so any
 * machine that knows the hash can open it, a second put of the same content stores nothing, and a reader can
 * check what it got. Two implementations: the local data directory (default; the layout evidence has always
 * had, evidence/ab/cd/<sha256>[.gz]) and PostgreSQL (config `store.kind = postgres`), so that evidence captured
 * by a worker on one machine is exported on another.
 */

export interface PutOptions {
  /**
   * Keep the bytes gzip-compressed at rest (captured HTML). Only the storage changes: the hash, the size and
   * what `open` returns are those of the bytes put. The local store marks it with the `.gz` suffix.
   */
  compress?: boolean;
}

export interface StoredBlob {
  /** Hex SHA-256 of the bytes put (before any compression). */
  sha256: string;
  /** Their length. */
  bytes: number;
  /**
   * The blob's name relative to the data directory, evidence/ab/cd/<sha256>[.gz]: what an evidence record
   * keeps as its `path` (the same on both stores, so a copied database and its records agree).
   */
  path: string;
}

export interface BlobStore {
  /** Which implementation, for messages: `local` or `postgres`. */
  readonly kind: 'local' | 'postgres';
  /**
   * Stores the bytes (a buffer, or a stream read once) under their SHA-256; the same content is kept once.
   * A buffer is hashed up front and written without a copy: it must not change until the promise settles.
   */
  put(data: Uint8Array | Readable, options?: PutOptions): Promise<StoredBlob>;
  /**
   * The bytes as put (uncompressed). A missing blob fails the stream with a `blob.missing` error naming the
   * hash; the stream is returned at once, so an export can open lazily.
   */
  open(sha256: string): Readable;
  has(sha256: string): Promise<boolean>;
  /** Hash, size and name of a stored blob, or null. */
  stat(sha256: string): Promise<StoredBlob | null>;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Refuses anything but a lower-case hex SHA-256: a hash from a record is data, never a path. */
export function checkSha256(sha256: string): string {
  if (!SHA256.test(sha256)) {
    throw new MarkwatchError(
      'blob.bad_hash',
      `不是 SHA-256 十六进制串：「${sha256.slice(0, 80)}」 (not a hex SHA-256)`,
    );
  }
  return sha256;
}

export function missingBlob(sha256: string, where: string): MarkwatchError {
  return new MarkwatchError(
    'blob.missing',
    `证据 ${sha256} 不存在于 ${where} (blob ${sha256} not found in ${where})`,
  );
}

/** evidence/ab/cd/<sha256>[.gz]: a blob's name, relative to the data directory. */
export function blobPath(sha256: string, compressed: boolean): string {
  return `evidence/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${compressed ? `${sha256}.gz` : sha256}`;
}

/** Hex SHA-256 of bytes (a string is hashed as UTF-8). */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Counts and hashes the bytes passing through; `result` is read once they have all passed. `atEnd`, if given,
 * gets that result when the input ends, and an error it returns fails the stream.
 */
export function hashTap(atEnd?: (got: { sha256: string; bytes: number }) => Error | null): {
  tap: Transform;
  result: () => { sha256: string; bytes: number };
} {
  const hash = createHash('sha256');
  let bytes = 0;
  let got: { sha256: string; bytes: number } | undefined;
  const result = () => (got ??= { sha256: hash.digest('hex'), bytes });
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      done(atEnd?.(result()) ?? null);
    },
  });
  return { tap, result };
}
