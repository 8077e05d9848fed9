import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeBody } from '../extract/index.js';
import type { Evidence } from '../model/index.js';

/*
 * Evidence files under the data directory, read for display: never outside it (a stored path is data, and
 * data may be hostile), and only as much as a page shows. Captured HTML is stored gzipped in the page's own
 * charset; it is decoded the way the crawler decoded it.
 */

const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** The absolute path of an evidence file, or null when its stored path leaves the data directory. */
export function evidencePath(dataDir: string, evidence: Pick<Evidence, 'path'>): string | null {
  const root = resolve(dataDir);
  const file = resolve(root, evidence.path);
  const rel = relative(root, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? null : file;
}

/** The evidence file's stored bytes, uncompressed; null when missing, outside the data directory or too big. */
export function readEvidenceBytes(dataDir: string, evidence: Pick<Evidence, 'path'>): Buffer | null {
  const file = evidencePath(dataDir, evidence);
  if (!file) return null;
  try {
    if (statSync(file).size > MAX_FILE_BYTES) return null;
    const bytes = readFileSync(file);
    return file.endsWith('.gz') ? gunzipSync(bytes, { maxOutputLength: MAX_FILE_BYTES * 4 }) : bytes;
  } catch {
    return null;
  }
}

/** The first `limit` characters of a text evidence file, decoded, or null when it cannot be read. */
export function readEvidenceText(
  dataDir: string,
  evidence: Pick<Evidence, 'path' | 'contentType'>,
  limit: number,
): string | null {
  const bytes = readEvidenceBytes(dataDir, evidence);
  return bytes ? decodeBody(new Uint8Array(bytes), evidence.contentType).slice(0, limit) : null;
}
