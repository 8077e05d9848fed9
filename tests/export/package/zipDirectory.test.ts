import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import { compactDirectory, directorySize } from '../../../src/export/package/zipDirectory.js';

/*
 * compactDirectory touches yazl's private entry fields (pinned yazl 3.3.1): these tests fail, rather than the
 * export's memory quietly growing again, if an upgrade changes them; and they check the archive's bytes do
 * not change.
 */

interface Internals {
  utf8FileName: Buffer;
  state: number;
  doFileDataPump: unknown;
}

const NAMES = [
  'lead-000001-卖家1 店/evidence/a.html',
  'lead-000001-卖家1 店/lead.json',
  'lead-000001-卖家1 店/x.png',
];
const MTIME = new Date(2026, 10, 1, 8, 0, 0);

function internals(zip: ZipFile): Internals[] {
  return (zip as unknown as { entries: Internals[] }).entries;
}

function collect(zip: ZipFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  return new Promise((resolve, reject) => {
    (zip.outputStream as Readable).pipe(sink).once('finish', () => resolve(Buffer.concat(chunks)));
    zip.once('error', reject);
  });
}

/** Adds NAMES with small bodies; resolves once every body stream has ended (as addLead waits). */
function addAll(zip: ZipFile): Promise<void> {
  let left = NAMES.length;
  return new Promise((resolve) => {
    for (const [i, name] of NAMES.entries()) {
      zip.addReadStreamLazy(name, { mtime: MTIME, forceDosTimestamp: true, mode: 0o100644 }, (cb) => {
        const body = Readable.from([Buffer.from(`body ${i} `.repeat(50))]);
        body.once('end', () => {
          if (--left === 0) resolve();
        });
        cb(null, body);
      });
    }
  });
}

async function archive(
  compact: boolean,
): Promise<{ bytes: Buffer; entries: Internals[]; compacted: number }> {
  const zip = new ZipFile();
  const bytes = collect(zip);
  const first = directorySize(zip);
  await addAll(zip);
  const compacted = compact ? compactDirectory(zip, first) : 0;
  const entries = [...internals(zip)];
  zip.end();
  return { bytes: await bytes, entries, compacted };
}

describe('compactDirectory (yazl 3.3.1 internals)', () => {
  it("copies one lead's names into one exact-size buffer and drops the used openers", async () => {
    const { entries, compacted } = await archive(true);
    expect(compacted).toBe(3);
    const total = NAMES.reduce((n, s) => n + Buffer.byteLength(s), 0);
    const backing = entries[0]?.utf8FileName.buffer;
    for (const [i, e] of entries.entries()) {
      expect(e.utf8FileName.toString('utf8')).toBe(NAMES[i]);
      expect(e.utf8FileName.buffer).toBe(backing);
      expect(e.doFileDataPump).toBeNull();
    }
    expect(backing?.byteLength).toBe(total);
  });

  it('writes the same bytes as an archive left alone', async () => {
    const [plain, compacted] = [await archive(false), await archive(true)];
    expect(plain.compacted).toBe(0);
    expect(compacted.bytes.equals(plain.bytes)).toBe(true);
  });

  it('keeps the opener of an entry yazl has not started, and the archive still completes', async () => {
    const zip = new ZipFile();
    const bytes = collect(zip);
    const first = new PassThrough();
    zip.addReadStreamLazy('a.txt', { mtime: MTIME }, (cb) => cb(null, first));
    zip.addReadStreamLazy('b.txt', { mtime: MTIME }, (cb) => cb(null, Readable.from([Buffer.from('b')])));
    // a.txt is being written and b.txt waits its turn: only a.txt's opener has been used.
    expect(compactDirectory(zip, 0)).toBe(2);
    const [a, b] = internals(zip);
    expect(a?.doFileDataPump).toBeNull();
    expect(typeof b?.doFileDataPump).toBe('function');
    first.end(Buffer.from('a'));
    zip.end();
    expect((await bytes).includes(Buffer.from('b.txt'))).toBe(true);
  });

  it('does nothing to an object that is not a yazl archive as expected', () => {
    const notZip = { entries: [{ name: 'x' }] } as unknown as ZipFile;
    expect(compactDirectory(notZip, 0)).toBe(0);
    expect(compactDirectory({} as unknown as ZipFile, 0)).toBe(0);
    expect(directorySize({} as unknown as ZipFile)).toBe(0);
  });
});
