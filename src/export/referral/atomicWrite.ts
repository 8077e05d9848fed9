import { createWriteStream, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

/*
 * An export is written beside its target and renamed into place when complete, so a failure (altered
 * evidence, a full disk) never leaves a half-written file under the name the officer asked for.
 */

function temporary(file: string): string {
  return `${file}.${process.pid}.partial`;
}

/** Runs `write` on a stream to a temporary file, then renames it to `file`; removes it on failure. */
export async function writeStreamAtomically<T>(
  file: string,
  write: (out: Writable) => Promise<T>,
): Promise<T> {
  const tmp = temporary(file);
  const out = createWriteStream(tmp);
  try {
    const result = await write(out);
    renameSync(tmp, file);
    return result;
  } catch (err) {
    // The stream opens its file asynchronously and may still be writing: close it before removing the file,
    // or a failure that comes first leaves the temporary file behind.
    out.destroy();
    await finished(out).catch(() => undefined);
    rmSync(tmp, { force: true });
    throw err;
  }
}

export function writeFileAtomically(file: string, body: string | Uint8Array): void {
  const tmp = temporary(file);
  try {
    writeFileSync(tmp, body);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
