import { PassThrough, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { buildLeadPackage, type LeadPackage, type LeadPackageDeps } from './leadPackage.js';

/*
 * A ZIP of one or many lead packages, streamed: a lead is read and its entries handed to yazl, and the next
 * lead is read only after the last of those entries has been consumed, so memory holds one lead at a time
 * (plus yazl's central directory, a few hundred bytes an entry) however many leads are exported. The bytes
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

function addLead(zip: ZipFile, pkg: LeadPackage): Promise<void> {
  const mtime = dosTime(pkg.fixedTime);
  let left = pkg.entries.length;
  return new Promise<void>((resolve, reject) => {
    if (left === 0) resolve();
    for (const entry of pkg.entries) {
      zip.addReadStreamLazy(
        entry.path,
        { mtime, mode: FILE_MODE, compress: true, forceDosTimestamp: true, size: entry.bytes },
        (cb) => {
          const stream = entry.open();
          stream.once('error', reject);
          stream.once('end', () => {
            if (--left === 0) resolve();
          });
          cb(null, stream);
        },
      );
    }
  });
}

/** Distinct ids in ascending order: the same set of leads gives the same archive. */
export function orderedIds(ids: readonly number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

/**
 * Writes the ZIP of `leadIds` to `out` (a file, an HTTP response). Rejects, and destroys `out`, on the first
 * problem: an unknown lead (checked before anything is written), an unreadable or altered evidence file.
 */
export async function exportLeadPackages(
  deps: LeadPackageDeps,
  leadIds: readonly number[],
  out: Writable,
): Promise<ExportSummary> {
  const ids = orderedIds(leadIds);
  for (const id of ids) {
    if (!(await deps.store.leads.get(id))) {
      out.destroy();
      throw new UnknownLeadError(id);
    }
  }
  const zip = new ZipFile();
  const written = pipeline(zip.outputStream as Readable, out);
  const failed = new Promise<never>((_, reject) => {
    zip.once('error', reject);
    written.catch(reject);
  });
  failed.catch(() => undefined);
  const summary: ExportSummary = { leads: 0, files: 0, digests: [] };
  try {
    for (const id of ids) {
      const pkg = await Promise.race([buildLeadPackage(deps, id), failed]);
      if (!pkg) throw new UnknownLeadError(id);
      await Promise.race([addLead(zip, pkg), failed]);
      summary.leads++;
      summary.files += pkg.entries.length;
      summary.digests.push({ leadId: pkg.leadId, folder: pkg.folder, digest: pkg.digest });
    }
    zip.end();
    await Promise.race([written, failed]);
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
  for (const id of ids) if (!(await deps.store.leads.get(id))) throw new UnknownLeadError(id);
  const stream = new PassThrough();
  const done = exportLeadPackages(deps, ids, stream);
  done.catch(() => undefined);
  return { stream, done };
}
