import { createHash } from 'node:crypto';
import { openCheckedStoredEvidence } from '../evidencePath.js';
import type { BlobStore } from '../../store/blobStore.js';
import { Readable } from 'node:stream';
import type { Evidence } from '../../model/index.js';
import { lastEntryTime } from './auditExcerpt.js';
import {
  bothZones,
  leadMaterial,
  type LeadMaterial,
  type PackageStore,
  type ProofOfRightLookup,
} from './leadMaterial.js';
import {
  DIGEST_FILE,
  digestFileText,
  leadManifest,
  manifestDigest,
  MANIFEST_FILE,
  type LeadManifest,
  type ManifestFile,
  type PackageEnvironment,
} from './manifest.js';
import { leadFolderName, safeArchivePath } from './safePath.js';

/*
 * One lead's package as a list of entries, each with its hash and size known beforehand and its bytes opened
 * only when the ZIP writer reaches it: evidence is streamed from the data directory (gunzipped) and checked
 * against its recorded SHA-256 on the way, so a damaged artefact stops the export instead of being packaged.
 */

/** What H-pdf's renderer receives: the lead's material and the manifest so far (evidence and lead.json). */
export interface PackageDocumentsInput {
  folder: string;
  material: LeadMaterial;
  manifest: LeadManifest;
}

export type RenderDocuments = (
  input: PackageDocumentsInput,
) => Promise<Array<{ path: string; bytes: Buffer }>>;

export interface LeadPackageDeps {
  store: PackageStore;
  environment: PackageEnvironment;
  proofOfRight?: ProofOfRightLookup;
  renderDocuments?: RenderDocuments;
}

export interface PackageEntry {
  /** Full path in the archive (`lead-000001-…/evidence/….png`). */
  path: string;
  sha256: string;
  bytes: number;
  open: () => Readable;
}

export interface LeadPackage {
  leadId: number;
  folder: string;
  /** The fixed entry time: the lead's last audit entry (else its last update). */
  fixedTime: string;
  manifest: LeadManifest;
  digest: string;
  /** Sorted by path. */
  entries: PackageEntry[];
}

const EXTENSIONS: Record<string, string> = {
  html: '.html',
  screenshot: '.png',
  headers: '.headers.json',
  manifest: '.manifest.json',
  warc: '.warc',
  image: '.img',
};

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Passes bytes through, failing at the end if they are not the recorded ones. */

function evidenceEntry(
  blobs: BlobStore,
  folder: string,
  e: Evidence,
): { entry: PackageEntry; file: ManifestFile } {
  const path = `evidence/${e.sha256}${EXTENSIONS[e.kind] ?? ''}`;
  const t = bothZones(e.capturedAt);
  return {
    entry: {
      path: `${folder}/${path}`,
      sha256: e.sha256,
      bytes: e.bytes,
      // By hash from the store's blobs (the data directory, or PostgreSQL), never by the stored path.
      open: () => openCheckedStoredEvidence(blobs, { sha256: e.sha256, bytes: e.bytes, name: e.path }),
    },
    file: {
      path,
      sha256: e.sha256,
      bytes: e.bytes,
      kind: e.kind,
      contentType: e.contentType,
      listingId: e.listingId,
      url: e.url,
      capturedAtUtc: t.utc,
      capturedAtShanghai: t.shanghai,
      source: e.path,
    },
  };
}

function bufferEntry(folder: string, path: string, bytes: Buffer): PackageEntry {
  return {
    path: `${folder}/${path}`,
    sha256: sha256(bytes),
    bytes: bytes.length,
    open: () => Readable.from([bytes]),
  };
}

function jsonBytes(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
}

function described(path: string, bytes: Buffer, kind: string, contentType: string): ManifestFile {
  return { path, sha256: sha256(bytes), bytes: bytes.length, kind, contentType };
}

/** The package of one lead, or null when it does not exist. Nothing is read from evidence files yet. */
export async function buildLeadPackage(deps: LeadPackageDeps, leadId: number): Promise<LeadPackage | null> {
  const m = await leadMaterial(deps.store, leadId, deps.proofOfRight);
  if (!m) return null;
  const folder = leadFolderName(m.lead.id, m.lead.sellerName);
  const fixedTime = lastEntryTime(m.audit) ?? m.lead.updatedAt;
  const entries: PackageEntry[] = [];
  const files: ManifestFile[] = [];
  const seen = new Set<string>();
  for (const e of m.evidence) {
    const { entry, file } = evidenceEntry(deps.store.blobs, folder, e);
    if (seen.has(file.path)) continue;
    seen.add(file.path);
    entries.push(entry);
    files.push(file);
  }
  const leadJson = jsonBytes({
    lead: m.lead,
    findings: m.findings,
    listings: m.listings,
    transitions: m.transitions,
    notices: m.notices,
  });
  entries.push(bufferEntry(folder, 'lead.json', leadJson));
  files.push(described('lead.json', leadJson, 'lead', 'application/json'));

  let documents: LeadManifest['documents'] = {
    status: 'absent',
    note: '未生成摘要与提取笔录 (no summary or extraction record renderer configured)',
    paths: [],
  };
  if (deps.renderDocuments) {
    const draft = leadManifest(m, folder, fixedTime, deps.environment, files, documents);
    const rendered = await deps.renderDocuments({ folder, material: m, manifest: draft });
    const paths: string[] = [];
    for (const doc of rendered) {
      const path = safeArchivePath(doc.path);
      if (seen.has(path) || path === MANIFEST_FILE || path === DIGEST_FILE || path === 'lead.json') {
        throw new Error(`摘要文件路径重复 (rendered document path clashes): ${path}`);
      }
      seen.add(path);
      paths.push(path);
      entries.push(bufferEntry(folder, path, doc.bytes));
      files.push(described(path, doc.bytes, 'document', contentTypeOf(path)));
    }
    documents = {
      status: 'rendered',
      note: '摘要与提取笔录 (summary and extraction record)',
      paths: paths.sort(),
    };
  }

  const manifest = leadManifest(m, folder, fixedTime, deps.environment, files, documents);
  const digest = manifestDigest(manifest);
  entries.push(bufferEntry(folder, MANIFEST_FILE, jsonBytes(manifest)));
  entries.push(bufferEntry(folder, DIGEST_FILE, Buffer.from(digestFileText(digest), 'utf8')));
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { leadId: m.lead.id, folder, fixedTime, manifest, digest, entries };
}

function contentTypeOf(path: string): string {
  if (path.endsWith('.html')) return 'text/html; charset=utf-8';
  if (path.endsWith('.pdf')) return 'application/pdf';
  if (path.endsWith('.json')) return 'application/json';
  return 'application/octet-stream';
}
