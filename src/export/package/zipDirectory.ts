import type { ZipFile } from 'yazl';

/*
 * yazl keeps every entry until `end()` writes the central directory: that is the one thing a streamed ZIP of
 * many leads must hold (name, CRC, sizes, offset per entry). As yazl 3.3.1 holds it, each entry also keeps
 * what it needed only to start writing the entry, and the name in a way that costs far more than its bytes:
 *
 * - the name is `Buffer.from(path)`, a slice of Node's shared 8 KB allocation pool, so the names keep whole
 *   pool blocks alive, together with whatever short-lived buffers were cut from the same blocks (headers,
 *   lead.json, digests): measured 4.1 MB of pool blocks for 7,000 entries (1,000 leads) holding 0.6 MB of names;
 * - `doFileDataPump`, the closure that opens the entry's stream, and with it the path string, the options and
 *   our opener, ~0.3 KB an entry, although it is called once, before the entry's data is written.
 *
 * `compactDirectory` is called once a lead's entries have all been opened: it copies that lead's names into
 * one buffer of exactly their size (one allocation a lead, outside the pool) and drops the openers. The bytes
 * written do not change (the same names; an opener is never called again once its entry has started). These
 * are yazl's private fields, so the version is pinned in package.json and tests/export/package/zipDirectory
 * checks that the compaction still takes hold; on an entry that does not look as expected it does nothing.
 */

/** The private fields of a yazl 3.3.1 entry that this module touches. */
interface EntryInternals {
  utf8FileName: Buffer;
  state: number;
  doFileDataPump: (() => void) | null;
}

/** yazl's Entry.FILE_DATA_IN_PROGRESS: the opener has been called. */
const DATA_STARTED = 2;

function entriesOf(zip: ZipFile): unknown[] | null {
  const entries = (zip as unknown as { entries?: unknown }).entries;
  return Array.isArray(entries) ? entries : null;
}

function isEntry(e: unknown): e is EntryInternals {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as Partial<EntryInternals>;
  return Buffer.isBuffer(x.utf8FileName) && typeof x.state === 'number' && 'doFileDataPump' in x;
}

/** How many entries yazl holds (the index the next lead's entries start at). */
export function directorySize(zip: ZipFile): number {
  return entriesOf(zip)?.length ?? 0;
}

/**
 * Compacts the entries from index `from` on (one lead's): their names into one exact-size buffer, and the
 * openers of those already started dropped. Returns how many entries were compacted.
 */
export function compactDirectory(zip: ZipFile, from: number): number {
  const entries = entriesOf(zip);
  if (!entries) return 0;
  const mine = entries.slice(from).filter(isEntry);
  if (mine.length === 0) return 0;
  const names = Buffer.allocUnsafeSlow(mine.reduce((n, e) => n + e.utf8FileName.length, 0));
  let at = 0;
  for (const e of mine) {
    const length = e.utf8FileName.copy(names, at);
    e.utf8FileName = names.subarray(at, at + length);
    at += length;
    if (e.state >= DATA_STARTED) e.doFileDataPump = null;
  }
  return mine.length;
}
