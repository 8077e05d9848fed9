import { MarkwatchError } from '../common/errors.js';
import type { WorkflowActor } from './workflowRepositories.js';

/*
 * Proofs of right (issue 15): a registration certificate a rights holder uploads once and every notice for the
 * rights it is attached to carries (its SHA-256 and file name). The Proof shape lives here, the lowest layer
 * that stores it; the bytes are a content-addressed file under the data directory (src/workflow/proofOfRight.ts).
 */

export const PROOF_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type ProofMediaType = (typeof PROOF_MEDIA_TYPES)[number];

export interface Proof {
  id: number;
  /** The rights-registry account that owns it (rights.owner_account). */
  holderId: string;
  /** Hex SHA-256 of the file's bytes; also its file name under `<data-dir>/proofs/`. */
  sha256: string;
  mediaType: ProofMediaType;
  size: number;
  /** The uploaded file's name, sanitised (no path, no control characters). */
  fileName: string;
  uploadedBy: string;
  uploadedAt: string;
}

export type NewProof = Pick<Proof, 'holderId' | 'sha256' | 'mediaType' | 'size' | 'fileName'>;

/** A refused proof change. Codes: `proof.not_found` (proof or right missing, or not the holder's own). */
export class ProofError extends MarkwatchError {
  static proofNotFound(proofId: number): ProofError {
    return new ProofError('proof.not_found', `证明文件 ${proofId} 不存在 (proof not found)`);
  }

  static rightNotFound(rightId: string): ProofError {
    return new ProofError('proof.not_found', `权利 ${rightId} 不存在 (right "${rightId}" not found)`);
  }
}

export interface ProofRepository {
  /**
   * Records an upload and attaches it to `rightIds` (each must be the holder's own right), with its audit
   * entry, in one transaction. The same bytes uploaded again by the same holder reuse the row (isNew false).
   */
  record(
    proof: NewProof,
    rightIds: readonly string[],
    who: WorkflowActor,
  ): Promise<{ proof: Proof; isNew: boolean }>;
  /** Attaches the holder's proof to the holder's rights (replacing their earlier proof), audited. */
  attach(holderId: string, proofId: number, rightIds: readonly string[], who: WorkflowActor): Promise<void>;
  get(id: number): Promise<Proof | null>;
  /** The holder's proofs, newest first. */
  forHolder(holderId: string): Promise<Proof[]>;
  /** The proof a right's notices carry, or null. */
  forRight(rightId: string): Promise<Proof | null>;
  /** The rights a proof is attached to. */
  rightsOf(proofId: number): Promise<string[]>;
}
