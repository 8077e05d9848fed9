import { randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import {
  blobPath,
  checkSha256,
  hashTap,
  missingBlob,
  sha256Hex,
  type BlobStore,
  type PutOptions,
  type StoredBlob,
} from './blobStore.js';

/*
 * The default blob store: files under <dataDir>/evidence/ab/cd/<sha256>, gzip-compressed with a `.gz` suffix
 * when asked — the layout evidence has always had, so existing data directories are read as they are. A put
 * streams into a temporary file in the evidence directory and renames it into place under its hash, so a crash
 * never leaves a half-written blob under a name, and two processes putting the same content both succeed.
 */

/** The bytes of a blob file, gunzipped when stored as .gz; the file's errors reach the stream returned. */
function readBlobFile(file: string, gzip: boolean): Readable {
  const raw = createReadStream(file);
  if (!gzip) return raw;
  const plain = createGunzip();
  // pipe() does not forward errors: a file failing mid-read must fail the reader, not the process.
  raw.once('error', (err) => plain.destroy(err));
  return raw.pipe(plain);
}

/** The uncompressed length of a gzip file we wrote (one member): ISIZE, the last four bytes. */
function gzipSize(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const tail = Buffer.alloc(4);
    readSync(fd, tail, 0, 4, Math.max(0, size - 4));
    return tail.readUInt32LE(0);
  } finally {
    closeSync(fd);
  }
}

export class LocalBlobStore implements BlobStore {
  readonly kind = 'local' as const;

  constructor(readonly dataDir: string) {}

  /** The existing file of a blob (plain or .gz), or null. */
  private find(sha256: string): { file: string; path: string; compressed: boolean } | null {
    for (const compressed of [false, true]) {
      const path = blobPath(sha256, compressed);
      const file = join(this.dataDir, path);
      if (existsSync(file)) return { file, path, compressed };
    }
    return null;
  }

  async put(data: Uint8Array | Readable, options: PutOptions = {}): Promise<StoredBlob> {
    const compress = options.compress === true;
    if (data instanceof Readable) return this.write(data, compress);
    // A buffer's hash is known before writing: an existing blob is not written again, and a new one is not
    // hashed twice.
    const sha256 = sha256Hex(data);
    const found = this.find(sha256);
    if (found) return { sha256, bytes: data.length, path: found.path };
    // A Buffer view of the bytes, not a copy (Readable.from would iterate a plain Uint8Array byte by byte).
    const source = Readable.from(Buffer.from(data.buffer, data.byteOffset, data.length));
    return this.write(source, compress, { sha256, bytes: data.length });
  }

  /**
   * Streams `source` into a temporary file and renames it into place under its hash — `known` when the caller
   * has it, else counted and hashed on the way. A blob stored meanwhile (another process) is kept, and the
   * temporary file removed.
   */
  private async write(
    source: Readable,
    compress: boolean,
    known?: { sha256: string; bytes: number },
  ): Promise<StoredBlob> {
    const dir = join(this.dataDir, 'evidence');
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `.put-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    const { tap, result } = known ? { tap: new PassThrough(), result: () => known } : hashTap();
    try {
      await pipeline(source, tap, compress ? createGzip() : new PassThrough(), createWriteStream(tmp));
      const { sha256, bytes } = result();
      const found = this.find(sha256);
      if (found) {
        rmSync(tmp, { force: true });
        return { sha256, bytes, path: found.path };
      }
      const path = blobPath(sha256, compress);
      const file = join(this.dataDir, path);
      mkdirSync(dirname(file), { recursive: true });
      renameSync(tmp, file);
      return { sha256, bytes, path };
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  }

  /** The bytes of a stored blob, or null when there is none (one lookup; a malformed hash throws). */
  openStored(sha256: string): Readable | null {
    const found = this.find(checkSha256(sha256));
    return found ? readBlobFile(found.file, found.compressed) : null;
  }

  open(sha256: string): Readable {
    let stored: Readable | null;
    try {
      stored = this.openStored(sha256);
    } catch (err) {
      return new PassThrough().destroy(err as Error);
    }
    return stored ?? new PassThrough().destroy(missingBlob(sha256, this.where));
  }

  async has(sha256: string): Promise<boolean> {
    return this.find(checkSha256(sha256)) !== null;
  }

  async stat(sha256: string): Promise<StoredBlob | null> {
    const found = this.find(checkSha256(sha256));
    if (!found) return null;
    const bytes = found.compressed ? gzipSize(found.file) : statSync(found.file).size;
    return { sha256, bytes, path: found.path };
  }

  private get where(): string {
    return join(this.dataDir, 'evidence');
  }
}
