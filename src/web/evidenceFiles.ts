import { decodeBody } from '../extract/index.js';
import type { Evidence } from '../model/index.js';
import type { BlobStore } from '../store/blobStore.js';

/*
 * Evidence bytes read for display, from the store's blob store (the data directory, or PostgreSQL when several
 * machines share the store): by the recorded SHA-256, never by a stored path (data may be hostile), and only
 * as much as a page shows. Captured HTML is decoded the way the crawler decoded it.
 */

const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** The evidence's bytes as captured; null when missing, unreadable or bigger than a page shows. */
export async function readEvidenceBytes(
  blobs: BlobStore,
  evidence: Pick<Evidence, 'sha256' | 'bytes'>,
): Promise<Buffer | null> {
  if (evidence.bytes > MAX_FILE_BYTES) return null;
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of blobs.open(evidence.sha256)) {
      total += (chunk as Buffer).length;
      if (total > MAX_FILE_BYTES) return null;
      chunks.push(chunk as Buffer);
    }
  } catch {
    return null;
  }
  return Buffer.concat(chunks);
}

/** The first `limit` characters of a text evidence file, decoded, or null when it cannot be read. */
export async function readEvidenceText(
  blobs: BlobStore,
  evidence: Pick<Evidence, 'sha256' | 'bytes' | 'contentType'>,
  limit: number,
): Promise<string | null> {
  const bytes = await readEvidenceBytes(blobs, evidence);
  return bytes ? decodeBody(new Uint8Array(bytes), evidence.contentType).slice(0, limit) : null;
}
