import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve } from 'node:path';
import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { MarkwatchError } from '../common/errors.js';
import type { Evidence } from '../model/index.js';
import type { BlobStore } from '../store/blobStore.js';

/**
 * The file of an evidence record under the data directory. The stored path comes from the database; one that
 * leaves the data directory (`../`, an absolute path) is refused rather than read into an export.
 */
export function evidenceFileIn(dataDir: string, e: Pick<Evidence, 'id' | 'path'>): string {
  const root = resolve(dataDir);
  const file = resolve(root, e.path);
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new MarkwatchError(
      'export.evidence',
      `证据 ${e.id} 的路径「${e.path}」不在数据目录内 (evidence path leaves the data directory)`,
    );
  }
  return file;
}

/** Passes the bytes through and fails at the end unless they hash to `expected` with `bytes` bytes. */
export function checkedEvidence(expected: string, bytes: number, name: string): Transform {
  const hash = createHash('sha256');
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      seen += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      const got = hash.digest('hex');
      done(
        got === expected && seen === bytes
          ? null
          : new Error(
              `证据文件与记录的哈希不符 (evidence file does not match its recorded SHA-256): ${name}`,
            ),
      );
    },
  });
}

/**
 * The evidence bytes as captured, from the store's blob store (`store.blobs`): the data directory, or
 * PostgreSQL when the store is — so an export on one machine opens what a worker captured on another. A
 * missing blob fails the stream with an error naming its hash.
 */
export function openStoredEvidence(blobs: BlobStore, e: Pick<Evidence, 'sha256'>): Readable {
  return blobs.open(e.sha256);
}

/** `openStoredEvidence`, checked against the recorded SHA-256 and size: the stream fails at its end on a difference. */
export function openCheckedStoredEvidence(
  blobs: BlobStore,
  expected: { sha256: string; bytes: number; name: string },
): Readable {
  return checked(openStoredEvidence(blobs, expected), expected);
}

function checked(source: Readable, expected: { sha256: string; bytes: number; name: string }): Readable {
  const check = checkedEvidence(expected.sha256, expected.bytes, expected.name);
  source.once('error', (err) => check.destroy(err));
  return source.pipe(check);
}

/**
 * The bytes of an evidence FILE under the data directory (gunzipped when stored as .gz); the file's errors
 * reach the stream returned. Local only: exports should open through the blob store (`openStoredEvidence`).
 */
export function openEvidence(file: string, gzip: boolean): Readable {
  const raw = createReadStream(file);
  if (!gzip) return raw;
  const plain = createGunzip();
  // pipe() does not forward errors: a missing file must fail the export, not the process.
  raw.once('error', (err) => plain.destroy(err));
  return raw.pipe(plain);
}

/** `openEvidence`, checked against the recorded SHA-256 and size: the stream fails at its end on a difference. */
export function openCheckedEvidence(
  file: string,
  gzip: boolean,
  expected: { sha256: string; bytes: number; name: string },
): Readable {
  return checked(openEvidence(file, gzip), expected);
}
