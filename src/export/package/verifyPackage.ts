import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { verifyAuditExcerpt } from './auditExcerpt.js';
import {
  DIGEST_FILE,
  MANIFEST_FILE,
  manifestDigest,
  parseDigestFile,
  type ManifestFile,
} from './manifest.js';

/*
 * `markwatch verify FILE.zip`: reads the archive's directory, then per lead folder its manifest; recomputes the
 * manifest digest and every listed file's SHA-256 and size (streamed), names every file that is missing,
 * extra or different, and checks the audit-chain excerpt on its own. yauzl refuses traversal and absolute
 * entry names before anything is read.
 */

export interface VerifyProblem {
  /** The file concerned, as named in the archive. */
  file: string;
  message: string;
}

export interface PackageReport {
  ok: boolean;
  leads: number;
  files: number;
  problems: VerifyProblem[];
  digests: Array<{ folder: string; digest: string }>;
}

function openZip(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, zip) =>
      err ? reject(err) : resolve(zip),
    );
  });
}

function readEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (e: Entry) => {
      entries.push(e);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

function openEntry(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream)));
  });
}

async function hashEntry(zip: ZipFile, entry: Entry): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of await openEntry(zip, entry)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

async function readText(zip: ZipFile, entry: Entry): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await openEntry(zip, entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

interface ManifestShape {
  files?: ManifestFile[];
  custody?: { audit?: unknown };
}

async function verifyFolder(
  zip: ZipFile,
  folder: string,
  entries: Map<string, Entry>,
  report: PackageReport,
): Promise<void> {
  const problem = (file: string, message: string): void => void report.problems.push({ file, message });
  const manifestEntry = entries.get(`${folder}/${MANIFEST_FILE}`);
  const digestEntry = entries.get(`${folder}/${DIGEST_FILE}`);
  if (!manifestEntry) return problem(`${folder}/${MANIFEST_FILE}`, '缺少清单 (manifest missing)');
  let manifest: ManifestShape;
  try {
    manifest = JSON.parse(await readText(zip, manifestEntry)) as ManifestShape;
  } catch (err) {
    return problem(
      `${folder}/${MANIFEST_FILE}`,
      `清单无法解析 (manifest is not JSON): ${(err as Error).message}`,
    );
  }
  const digest = manifestDigest(manifest);
  const recorded = digestEntry ? parseDigestFile(await readText(zip, digestEntry)) : null;
  if (!digestEntry) problem(`${folder}/${DIGEST_FILE}`, '缺少清单摘要 (manifest digest missing)');
  else if (recorded !== digest) {
    problem(
      `${folder}/${MANIFEST_FILE}`,
      `清单摘要不符 (manifest digest mismatch): recorded ${recorded ?? '—'}, computed ${digest}`,
    );
  }
  report.digests.push({ folder, digest });
  const listed = new Set([MANIFEST_FILE, DIGEST_FILE]);
  for (const f of manifest.files ?? []) {
    const name = `${folder}/${f.path}`;
    listed.add(f.path);
    const entry = entries.get(name);
    if (!entry) {
      problem(name, '清单所列文件缺失 (file listed in the manifest is missing)');
      continue;
    }
    const got = await hashEntry(zip, entry);
    report.files++;
    if (got.sha256 !== f.sha256 || got.bytes !== f.bytes) {
      problem(
        name,
        `文件哈希不符 (SHA-256 mismatch): manifest ${f.sha256} (${f.bytes} bytes), file ${got.sha256} (${got.bytes} bytes)`,
      );
    }
  }
  for (const name of entries.keys()) {
    if (name.startsWith(`${folder}/`) && !listed.has(name.slice(folder.length + 1))) {
      problem(name, '清单未列出的多余文件 (extra file not in the manifest)');
    }
  }
  for (const message of verifyAuditExcerpt(manifest.custody?.audit))
    problem(`${folder}/${MANIFEST_FILE}`, message);
}

/** Verifies a package file; never throws for a bad package (only for an unreadable file). */
export async function verifyPackage(file: string): Promise<PackageReport> {
  const zip = await openZip(file);
  const report: PackageReport = { ok: false, leads: 0, files: 0, problems: [], digests: [] };
  try {
    const entries = new Map<string, Entry>();
    const folders = new Set<string>();
    for (const e of await readEntries(zip)) {
      if (e.fileName.endsWith('/')) continue;
      if (entries.has(e.fileName))
        report.problems.push({ file: e.fileName, message: '重复的文件名 (duplicate entry)' });
      entries.set(e.fileName, e);
      const slash = e.fileName.indexOf('/');
      if (slash < 0)
        report.problems.push({
          file: e.fileName,
          message: '线索目录之外的多余文件 (extra file outside any lead folder)',
        });
      else folders.add(e.fileName.slice(0, slash));
    }
    if (folders.size === 0)
      report.problems.push({ file, message: '包内没有线索 (no lead folder in the package)' });
    for (const folder of [...folders].sort()) {
      report.leads++;
      await verifyFolder(zip, folder, entries, report);
    }
  } finally {
    zip.close();
  }
  report.ok = report.problems.length === 0;
  return report;
}
