import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Proof, ProofMediaType, Store, WorkflowActor } from '../store/index.js';

/*
 * Proof of right, uploaded once and reused (as Alibaba IPP records a right once): a rights holder uploads the
 * registration certificate (PDF, PNG or JPEG, told by its first bytes, never its name); the bytes are stored
 * under `<data-dir>/proofs/<sha256>` (written to a temporary file, then renamed, so a reader never sees half a
 * file; the same bytes are stored once) and recorded with an audit entry. Every notice for a right the proof is
 * attached to carries its SHA-256 and file name.
 *
 * A proof is attached to rights one by one, not to all the holder's rights: a certificate proves one
 * registration, and a notice must not carry another mark's certificate.
 */

/** What a notice carries of the proof (src/workflow/noticeBody.ts `proofOfRight`). */
export interface ProofRef {
  sha256: string;
  fileName: string;
  mediaType: ProofMediaType;
  size: number;
}

/** A problem with an upload, named by the form field it belongs beside. */
export interface UploadProblem {
  field: 'file' | 'rights';
  message: string;
}

const SIGNATURES: [ProofMediaType, number[]][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
];

/** The media type the bytes are, by their magic number; null for anything else. */
export function sniffProofType(bytes: Uint8Array): ProofMediaType | null {
  for (const [type, magic] of SIGNATURES) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return type;
  }
  return null;
}

const EXTENSION: Record<ProofMediaType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

/** The uploaded name as shown and offered for download: last path part, no control or quoting characters. */
export function sanitiseFileName(name: string, type: ProofMediaType): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f"'<>|:*?;`$\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 120);
  return base || `proof.${EXTENSION[type]}`;
}

const megabytes = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** Checks an upload; on success its media type. */
export function checkProofUpload(
  bytes: Uint8Array,
  maxBytes: number,
): { ok: true; mediaType: ProofMediaType } | { ok: false; problem: UploadProblem } {
  const fail = (message: string) => ({ ok: false as const, problem: { field: 'file' as const, message } });
  if (bytes.length === 0) return fail('文件为空，请选择注册证书文件 (the file is empty)');
  if (bytes.length > maxBytes) {
    return fail(`文件过大：最大 ${megabytes(maxBytes)} (the file is larger than ${maxBytes} bytes)`);
  }
  const mediaType = sniffProofType(bytes);
  if (!mediaType) return fail('文件类型不支持：只接受 PDF、PNG 或 JPEG (only PDF, PNG or JPEG files)');
  return { ok: true, mediaType };
}

/** Where a proof's bytes live; null for anything that is not a SHA-256 in hex (a path is never built from input). */
export function proofFilePath(dataDir: string, sha256: string): string | null {
  return /^[0-9a-f]{64}$/.test(sha256) ? join(dataDir, 'proofs', sha256) : null;
}

/** Stores the bytes under their SHA-256 (once); returns the hash. */
export function storeProofBytes(dataDir: string, bytes: Uint8Array): string {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const target = proofFilePath(dataDir, sha256)!;
  if (existsSync(target)) return sha256;
  mkdirSync(join(dataDir, 'proofs'), { recursive: true });
  const temp = join(dataDir, 'proofs', `.upload-${randomBytes(8).toString('hex')}`);
  try {
    writeFileSync(temp, bytes, { flag: 'wx' });
    renameSync(temp, target);
  } finally {
    rmSync(temp, { force: true });
  }
  return sha256;
}

export interface ProofUpload {
  holderId: string;
  fileName: string;
  bytes: Uint8Array;
  /** The holder's rights to attach it to (may be empty: attach later). */
  rightIds: readonly string[];
}

/**
 * Checks, stores and records an upload. The file is written before the row: a failed transaction leaves at most
 * an unreferenced content-addressed file, which the next upload of the same bytes reuses.
 */
export async function uploadProof(
  deps: { store: Pick<Store, 'proofs' | 'dataDir'>; maxBytes: number },
  upload: ProofUpload,
  who: WorkflowActor,
): Promise<{ ok: true; proof: Proof; isNew: boolean } | { ok: false; problem: UploadProblem }> {
  const check = checkProofUpload(upload.bytes, deps.maxBytes);
  if (!check.ok) return check;
  const sha256 = storeProofBytes(deps.store.dataDir, upload.bytes);
  const result = await deps.store.proofs.record(
    {
      holderId: upload.holderId,
      sha256,
      mediaType: check.mediaType,
      size: upload.bytes.length,
      fileName: sanitiseFileName(upload.fileName, check.mediaType),
    },
    upload.rightIds,
    who,
  );
  return { ok: true, ...result };
}

/** The proof a right's notices carry (for WorkflowDeps.proofOf). */
export function proofLookup(store: Pick<Store, 'proofs'>): (rightId: string) => Promise<ProofRef | null> {
  return async (rightId) => {
    const proof = await store.proofs.forRight(rightId);
    return proof
      ? { sha256: proof.sha256, fileName: proof.fileName, mediaType: proof.mediaType, size: proof.size }
      : null;
  };
}
