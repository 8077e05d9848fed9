import { PassThrough, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { buildLeadPackage, type LeadPackageDeps, type PackageEntry } from './leadPackage.js';
import { holdYoungGeneration } from './youngGeneration.js';
import { compactDirectory, directorySize } from './zipDirectory.js';

/*
 * A ZIP of one or many lead packages, streamed: a lead is read and its entries handed to yazl, and the next
 * lead is read only after the last of those entries has been consumed, so memory holds one lead at a time
 * (plus yazl's central directory, compacted after each lead to ~0.4 KB an entry: zipDirectory.ts) however many
 * leads are exported, and V8's young generation is held at its size meanwhile (youngGeneration.ts). The bytes
 * depend only on the leads' state: leads in id order, entries sorted, each lead's entries dated by its last
 * audit entry, fixed modes, DOS timestamps only (the Info-ZIP UTC field would not change the outcome, but the
 * DOS one is local-time: it is given the China wall-clock time so no machine's time zone enters).
 */

export interface ExportSummary {
  leads: number;
  files: number;
  /** Lead id → its manifest digest, in the order written. */
  digests: Array<{ leadId: number; folder: string; digest: string }>;
}

/** A lead asked for that does not exist (nothing was written). */
export class UnknownLeadError extends Error {
  constructor(readonly leadId: number) {
    super(`lead: 线索 ${leadId} 不存在 (no such lead)`);
  }
}

const FILE_MODE = 0o100644;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** A Date whose local fields are the China wall-clock time of `iso`: the DOS timestamp reads the same anywhere. */
export function dosTime(iso: string): Date {
  const c = new Date(Date.parse(iso) + CHINA_OFFSET_MS);
  return new Date(
    c.getUTCFullYear(),
    c.getUTCMonth(),
    c.getUTCDate(),
    c.getUTCHours(),
    c.getUTCMinutes(),
    c.getUTCSeconds(),
  );
}

/** Calls `done` after `count` calls (one per entry of a lead). */
function countdown(count: number, done: () => void): () => void {
  let left = count;
  return () => {
    if (--left === 0) done();
  };
}

/**
 * The function yazl calls to open an entry. yazl keeps it until the archive ends, so it is made here, at
 * module level, closing over nothing but its arguments (a closure made inside addLead would share addLead's
 * scope and keep every lead's package alive), and it forgets the entry once opened.
 */
function lazyStream(
  entry: PackageEntry,
  ended: () => void,
  fail: (err: Error) => void,
): (cb: (err: Error | null, stream: Readable) => void) => void {
  let slot: { entry: PackageEntry; ended: () => void; fail: (err: Error) => void } | null = {
    entry,
    ended,
    fail,
  };
  return (cb) => {
    const held = slot as NonNullable<typeof slot>;
    slot = null;
    const stream = held.entry.open();
    stream.once('error', held.fail);
    stream.once('end', held.ended);
    cb(null, stream);
  };
}

/** Already-compressed formats are stored, not deflated again: no gain, and deflate's buffers for nothing. */
const STORED_AS_IS = /\.(png|jpe?g|gif|webp|gz|zip|pdf)$/i;

function addLead(zip: ZipFile, entries: readonly PackageEntry[], fixedTime: string): Promise<void> {
  const mtime = dosTime(fixedTime);
  return new Promise<void>((resolve, reject) => {
    if (entries.length === 0) return resolve();
    const ended = countdown(entries.length, resolve);
    for (const entry of entries) {
      const options = {
        mtime,
        mode: FILE_MODE,
        compress: !STORED_AS_IS.test(entry.path),
        forceDosTimestamp: true,
        size: entry.bytes,
      };
      zip.addReadStreamLazy(entry.path, options, lazyStream(entry, ended, reject));
    }
  });
}

/** Distinct ids in ascending order: the same set of leads gives the same archive. */
export function orderedIds(ids: readonly number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

export interface ExportOptions {
  /** Called after each lead is written (progress for the CLI or a web job; the bench samples memory here). */
  onLead?: (done: number, total: number) => void;
}

/**
 * Waits for one promise at a time, or for the archive's first failure, whichever comes first. (Racing each
 * wait against one long-lived "failed" promise would leave a reaction on it per wait, holding every lead's
 * package until the export ends: memory growing with the number of leads.)
 */
function failureGate(): { wait<T>(p: Promise<T>): Promise<T>; fail(err: unknown): void } {
  let failure: unknown = null;
  let abort: ((err: unknown) => void) | null = null;
  return {
    wait<T>(p: Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (failure !== null) return reject(failure as Error);
        const mine = reject;
        abort = mine;
        p.then(resolve, reject).finally(() => {
          // Only this wait's hook: the next wait may already have set its own.
          if (abort === mine) abort = null;
        });
      });
    },
    fail(err: unknown): void {
      failure ??= err;
      abort?.(err);
    },
  };
}

/** Runs `work` with V8's young generation held (youngGeneration.ts), released however it ends. */
async function holdingYoungGeneration<T>(work: () => Promise<T>): Promise<T> {
  const release = holdYoungGeneration();
  try {
    return await work();
  } finally {
    release();
  }
}

/**
 * Writes the ZIP of `leadIds` to `out` (a file, an HTTP response). Rejects, and destroys `out`, on the first
 * problem: an unknown lead (checked before anything is written), an unreadable or altered evidence file.
 */
export async function exportLeadPackages(
  deps: LeadPackageDeps,
  leadIds: readonly number[],
  out: Writable,
  options: ExportOptions = {},
): Promise<ExportSummary> {
  // Held from the start: checking thousands of ids is enough survivors for V8 to double its young generation.
  return await holdingYoungGeneration(async () => {
    const ids = orderedIds(leadIds);
    const unknown = (await deps.store.leads.missing(ids))[0];
    if (unknown !== undefined) {
      out.destroy();
      throw new UnknownLeadError(unknown);
    }
    return await writeZip(deps, ids, out, options);
  });
}

/** The ZIP of `ids` (distinct, ascending, every one a known lead: the caller checked) to `out`. */
async function writeZip(
  deps: LeadPackageDeps,
  ids: number[],
  out: Writable,
  options: ExportOptions,
): Promise<ExportSummary> {
  const zip = new ZipFile();
  const gate = failureGate();
  const written = pipeline(zip.outputStream as Readable, out);
  written.catch((err: unknown) => gate.fail(err));
  zip.once('error', (err: Error) => gate.fail(err));
  const summary: ExportSummary = { leads: 0, files: 0, digests: [] };
  try {
    for (const id of ids) {
      const pkg = await gate.wait(buildLeadPackage(deps, id));
      if (!pkg) throw new UnknownLeadError(id);
      const first = directorySize(zip);
      await gate.wait(addLead(zip, pkg.entries, pkg.fixedTime));
      compactDirectory(zip, first);
      summary.leads++;
      summary.files += pkg.entries.length;
      summary.digests.push({ leadId: pkg.leadId, folder: pkg.folder, digest: pkg.digest });
      options.onLead?.(summary.leads, ids.length);
    }
    zip.end();
    await gate.wait(written);
  } catch (err) {
    // pipeline() passes the destruction on to `out`, with the error, to its listeners.
    (zip.outputStream as Readable).destroy(err as Error);
    await written.catch(() => undefined);
    throw err;
  }
  return summary;
}

/**
 * For the web app: checks the ids (UnknownLeadError → 404 before any byte is sent), then returns the ZIP as a
 * stream to pipe into the response (`Readable.toWeb(stream)` for a fetch Response) and the summary promise.
 * An error later destroys the stream, so the client sees a broken download, never a short "complete" one.
 */
export async function leadPackagesStream(
  deps: LeadPackageDeps,
  leadIds: readonly number[],
): Promise<{ stream: Readable; done: Promise<ExportSummary> }> {
  const ids = orderedIds(leadIds);
  const unknown = (await deps.store.leads.missing(ids))[0];
  if (unknown !== undefined) throw new UnknownLeadError(unknown);
  const stream = new PassThrough();
  // Checked just above, so not again: the young generation is held, as by exportLeadPackages, while it writes.
  const done = holdingYoungGeneration(() => writeZip(deps, ids, stream, {}));
  done.catch(() => undefined);
  return { stream, done };
}
