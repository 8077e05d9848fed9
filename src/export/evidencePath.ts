import type { Readable, Transform } from 'node:stream';
import { hashTap, type BlobStore } from '../store/blobStore.js';

/** Passes the bytes through and fails at the end unless they hash to `expected` with `bytes` bytes. */
export function checkedEvidence(expected: string, bytes: number, name: string): Transform {
  return hashTap((got) =>
    got.sha256 === expected && got.bytes === bytes
      ? null
      : new Error(`证据文件与记录的哈希不符 (evidence file does not match its recorded SHA-256): ${name}`),
  ).tap;
}

/**
 * The evidence bytes as captured, from the store's blob store (`store.blobs`): the data directory, or
 * PostgreSQL when the store is — so an export on one machine opens what a worker captured on another. A
 * missing blob fails the stream with an error naming its hash; bytes differing from the recorded SHA-256 and
 * size fail it at its end.
 */
export function openCheckedStoredEvidence(
  blobs: BlobStore,
  expected: { sha256: string; bytes: number; name: string },
): Readable {
  const source = blobs.open(expected.sha256);
  const check = checkedEvidence(expected.sha256, expected.bytes, expected.name);
  source.once('error', (err) => check.destroy(err));
  return source.pipe(check);
}
