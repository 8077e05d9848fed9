import { ProofError, type NewProof, type Proof, type ProofRepository } from '../proofRepository.js';
import { toProof, type ProofRow } from '../proofRows.js';
import type { WorkflowActor } from '../workflowRepositories.js';
import { pgAuditInTx } from './pgAudit.js';
import type { PgConn } from './pgDatabase.js';

/*
 * Rights holders' proof files on PostgreSQL. A proof is stored once per holder and content (INSERT … ON
 * CONFLICT DO NOTHING RETURNING: of two machines storing the same file, one inserts and the other finds it),
 * and attached to a right by an upsert, so no step reads before it writes.
 */

export class PgProofRepository implements ProofRepository {
  constructor(private readonly conn: PgConn) {}

  record(
    proof: NewProof,
    rightIds: readonly string[],
    who: WorkflowActor,
  ): Promise<{ proof: Proof; isNew: boolean }> {
    return this.conn.tx(async (c) => {
      const inserted = await c.query<ProofRow>(
        `INSERT INTO proofs (holder_id, sha256, media_type, size, file_name, uploaded_by, uploaded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (holder_id, sha256) DO NOTHING RETURNING *`,
        [proof.holderId, proof.sha256, proof.mediaType, proof.size, proof.fileName, who.actor, who.at],
      );
      const row =
        inserted.rows[0] ??
        (
          await c.query<ProofRow>('SELECT * FROM proofs WHERE holder_id = $1 AND sha256 = $2', [
            proof.holderId,
            proof.sha256,
          ])
        ).rows[0]!;
      await attachInTx(c, proof.holderId, row.id, rightIds, who);
      await pgAuditInTx(
        c,
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
          alreadyStored: inserted.rows.length === 0,
        },
      );
      return { proof: toProof(row), isNew: inserted.rows.length > 0 };
    });
  }

  attach(holderId: string, proofId: number, rightIds: readonly string[], who: WorkflowActor): Promise<void> {
    return this.conn.tx(async (c) => {
      await attachInTx(c, holderId, proofId, rightIds, who);
      await pgAuditInTx(
        c,
        who,
        'proof.attach',
        { type: 'proof', id: proofId },
        { holderId, rights: [...rightIds] },
      );
    });
  }

  async get(id: number): Promise<Proof | null> {
    const { rows } = await this.conn.query<ProofRow>('SELECT * FROM proofs WHERE id = $1', [id]);
    return rows[0] ? toProof(rows[0]) : null;
  }

  async forHolder(holderId: string): Promise<Proof[]> {
    const { rows } = await this.conn.query<ProofRow>(
      'SELECT * FROM proofs WHERE holder_id = $1 ORDER BY uploaded_at DESC, id DESC',
      [holderId],
    );
    return rows.map(toProof);
  }

  async forRight(rightId: string): Promise<Proof | null> {
    const { rows } = await this.conn.query<ProofRow>(
      'SELECT p.* FROM right_proofs rp JOIN proofs p ON p.id = rp.proof_id WHERE rp.right_id = $1',
      [rightId],
    );
    return rows[0] ? toProof(rows[0]) : null;
  }

  async rightsOf(proofId: number): Promise<string[]> {
    const { rows } = await this.conn.query<{ right_id: string }>(
      'SELECT right_id FROM right_proofs WHERE proof_id = $1 ORDER BY right_id',
      [proofId],
    );
    return rows.map((r) => r.right_id);
  }
}

/** Both the proof and every right must be the holder's own; anything else is not found (nothing written). */
async function attachInTx(
  c: PgConn,
  holderId: string,
  proofId: number,
  rightIds: readonly string[],
  who: WorkflowActor,
): Promise<void> {
  const owner = await c.query<{ holder_id: string }>('SELECT holder_id FROM proofs WHERE id = $1', [proofId]);
  if (owner.rows[0]?.holder_id !== holderId) throw ProofError.proofNotFound(proofId);
  for (const rightId of new Set(rightIds)) {
    const right = await c.query<{ owner_account: string | null }>(
      'SELECT owner_account FROM rights WHERE right_id = $1',
      [rightId],
    );
    if (right.rows[0]?.owner_account !== holderId) {
      throw ProofError.rightNotFound(rightId);
    }
    await c.query(
      `INSERT INTO right_proofs (right_id, proof_id, attached_by, attached_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (right_id) DO UPDATE SET proof_id = excluded.proof_id, attached_by = excluded.attached_by,
         attached_at = excluded.attached_at`,
      [rightId, proofId, who.actor, who.at],
    );
  }
}
