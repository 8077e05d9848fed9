import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { blobPath, sha256Hex } from '../store/blobStore.js';
import { gzipSync } from 'node:zlib';

export interface StoredArtefact {
  /** Hex SHA-256 of the artefact's bytes (before compression). */
  sha256: string;
  /** Relative to the data directory: evidence/ab/cd/<sha256>[.gz]. */
  path: string;
  /** Length of the artefact (before compression). */
  bytes: number;
}

export { sha256Hex };

/**
 * Synchronous and local only, for tools that seed a SQLite data directory; the crawler writes through
 * `store.blobs` (src/store/blobStore.ts), which is PostgreSQL when the store is.
 *
 * Stores bytes content-addressed under <dataDir>/evidence/ab/cd/<sha256> (gzip-compressed with a `.gz`
 * suffix when asked). The same content is written once; a write goes to a temporary file first and is
 * renamed into place, so a crash never leaves a half-written artefact under its hash.
 */
export function storeArtefact(dataDir: string, bytes: Uint8Array, compress: boolean): StoredArtefact {
  const sha256 = sha256Hex(bytes);
  const path = blobPath(sha256, compress);
  const file = join(dataDir, path);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, compress ? gzipSync(bytes) : bytes);
    renameSync(tmp, file);
  }
  return { sha256, path, bytes: bytes.length };
}
