import type { Db } from './database.js';
import { ProofError, type NewProof, type Proof, type ProofRepository } from './proofRepository.js';
import { toProof, type ProofRow } from './proofRows.js';
import { auditInTx } from './workflowAudit.js';
import type { WorkflowActor } from './workflowRepositories.js';

export class SqliteProofRepository implements ProofRepository {
  constructor(private readonly db: Db) {}

  async record(
    proof: NewProof,
    rightIds: readonly string[],
    who: WorkflowActor,
  ): Promise<{ proof: Proof; isNew: boolean }> {
    return this.db
      .transaction(() => {
        const inserted = this.db
          .prepare(
            `INSERT INTO proofs (holder_id, sha256, media_type, size, file_name, uploaded_by, uploaded_at)
             VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (holder_id, sha256) DO NOTHING`,
          )
          .run(proof.holderId, proof.sha256, proof.mediaType, proof.size, proof.fileName, who.actor, who.at);
        const row = this.db
          .prepare<[string, string], ProofRow>('SELECT * FROM proofs WHERE holder_id = ? AND sha256 = ?')
          .get(proof.holderId, proof.sha256)!;
        this.attachInTx(proof.holderId, row.id, rightIds, who);
        auditInTx(
          this.db,
          who,
          'proof.upload',
          { type: 'proof', id: row.id },
          {
            holderId: proof.holderId,
            sha256: proof.sha256,
            mediaType: proof.mediaType,
            size: proof.size,
            fileName: proof.fileName,
            rights: [...rightIds],
            alreadyStored: inserted.changes === 0,
          },
        );
        return { proof: toProof(row), isNew: inserted.changes > 0 };
      })
      .immediate();
  }

  async attach(
    holderId: string,
    proofId: number,
    rightIds: readonly string[],
    who: WorkflowActor,
  ): Promise<void> {
    this.db
      .transaction(() => {
        this.attachInTx(holderId, proofId, rightIds, who);
        auditInTx(
          this.db,
          who,
          'proof.attach',
          { type: 'proof', id: proofId },
          { holderId, rights: [...rightIds] },
        );
      })
      .immediate();
  }

  /** Both the proof and every right must be the holder's own; anything else is not found (nothing written). */
  private attachInTx(
    holderId: string,
    proofId: number,
    rightIds: readonly string[],
    who: WorkflowActor,
  ): void {
    const owner = this.db.prepare('SELECT holder_id FROM proofs WHERE id = ?').pluck().get(proofId);
    if (owner !== holderId) throw ProofError.proofNotFound(proofId);
    const rightOwner = this.db.prepare('SELECT owner_account FROM rights WHERE right_id = ?').pluck();
    const upsert = this.db.prepare(
      `INSERT INTO right_proofs (right_id, proof_id, attached_by, attached_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (right_id) DO UPDATE SET proof_id = excluded.proof_id, attached_by = excluded.attached_by,
         attached_at = excluded.attached_at`,
    );
    for (const rightId of new Set(rightIds)) {
      if (rightOwner.get(rightId) !== holderId) {
        throw ProofError.rightNotFound(rightId);
      }
      upsert.run(rightId, proofId, who.actor, who.at);
    }
  }

  async get(id: number): Promise<Proof | null> {
    const row = this.db.prepare<[number], ProofRow>('SELECT * FROM proofs WHERE id = ?').get(id);
    return row ? toProof(row) : null;
  }

  async forHolder(holderId: string): Promise<Proof[]> {
    return this.db
      .prepare<[string], ProofRow>(
        'SELECT * FROM proofs WHERE holder_id = ? ORDER BY uploaded_at DESC, id DESC',
      )
      .all(holderId)
      .map(toProof);
  }

  async forRight(rightId: string): Promise<Proof | null> {
    const row = this.db
      .prepare<[string], ProofRow>(
        'SELECT p.* FROM right_proofs rp JOIN proofs p ON p.id = rp.proof_id WHERE rp.right_id = ?',
      )
      .get(rightId);
    return row ? toProof(row) : null;
  }

  async rightsOf(proofId: number): Promise<string[]> {
    return this.db
      .prepare('SELECT right_id FROM right_proofs WHERE proof_id = ? ORDER BY right_id')
      .pluck()
      .all(proofId)
      .map(String);
  }
}
