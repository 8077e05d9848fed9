import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { MarkwatchError } from '../common/errors.js';
import type { Evidence } from '../model/index.js';

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
