import { existsSync, readdirSync, readFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { writeFileAtomically, writeStreamAtomically } from '../../../src/export/referral/atomicWrite.js';
import { useTempDir } from '../../helpers/tempDir.js';

describe('atomic export writes', () => {
  const tempDir = useTempDir();

  it('renames a completed stream into place and leaves nothing else', async () => {
    const dir = tempDir();
    const file = join(dir, 'out.zip');
    const n = await writeStreamAtomically(file, async (out) => {
      out.end('完整内容');
      await finished(out);
      return 7;
    });
    expect(n).toBe(7);
    expect(readFileSync(file, 'utf8')).toBe('完整内容');
    expect(readdirSync(dir)).toEqual(['out.zip']);
  });

  // A failure before the stream has opened its file used to leave the temporary file behind, created after
  // the clean-up had run.
  it('leaves no file when the writer fails before the stream has opened', async () => {
    const dir = tempDir();
    const file = join(dir, 'out.zip');
    let stream: Writable | undefined;
    await expect(
      writeStreamAtomically(file, (out) => {
        stream = out;
        return Promise.reject(new Error('线索 9 不存在 (not found)'));
      }),
    ).rejects.toThrow(/线索 9 不存在/);
    // Closed before the promise settles, so the file it opened is gone and no descriptor is left open.
    expect((stream as WriteStream).closed).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves no file when the writer fails half-way, with the stream still open', async () => {
    const dir = tempDir();
    let stream: Writable | undefined;
    const file = join(dir, 'out.zip');
    await expect(
      writeStreamAtomically(file, async (out) => {
        stream = out;
        out.write('一半');
        await new Promise((resolve) => out.once('open', resolve));
        throw new Error('证据被篡改 (altered)');
      }),
    ).rejects.toThrow(/altered/);
    expect((stream as WriteStream).closed).toBe(true);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes a whole file atomically', () => {
    const dir = tempDir();
    const file = join(dir, 'letter.pdf');
    writeFileAtomically(file, 'pdf');
    expect(readdirSync(dir)).toEqual(['letter.pdf']);
  });
});
