import type { Proof } from './proofRepository.js';

/* A row of the proofs table and its domain object: one mapping for the SQLite and PostgreSQL stores. */

export interface ProofRow {
  id: number;
  holder_id: string;
  sha256: string;
  media_type: Proof['mediaType'];
  size: number;
  file_name: string;
  uploaded_by: string;
  uploaded_at: string;
}

export const toProof = (r: ProofRow): Proof => ({
  id: r.id,
  holderId: r.holder_id,
  sha256: r.sha256,
  mediaType: r.media_type,
  size: r.size,
  fileName: r.file_name,
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at,
});
