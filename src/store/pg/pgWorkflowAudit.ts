import {
  canonicalDetail,
  chainEntry,
  type AuditEntry,
  type AuditEntryInput,
} from '../../common/auditChain.js';
import type { WorkflowActor } from '../workflowRepositories.js';
import type { PgConn } from './pgDatabase.js';

/*
 * The audit entry of a workflow change, appended in the change's own transaction on PostgreSQL. Writers on
 * several machines must append one link at a time: pg_advisory_xact_lock(AUDIT_APPEND_LOCK) is taken before the
 * last link is read and held until the transaction ends, so the next writer reads this link (the audit_log
 * trigger refuses any row that is not the next link, so a writer that skipped the lock fails, it cannot fork).
 */

/** Every appender of audit_log on PostgreSQL must take this advisory lock (shared with the audit repository). */
export const AUDIT_APPEND_LOCK = 0x6d77_4175; // 'mwAu'

/**
 * Takes the audit chain's lock for the rest of the transaction. A workflow change takes it FIRST, before any row
 * lock: every workflow transaction appends to the one chain anyway, so they are serialised by it, and taking it
 * first means no transaction holds a lead row while waiting for the chain (which would deadlock against one that
 * holds the chain and waits for the row).
 */
export async function lockAuditChain(c: PgConn): Promise<void> {
  await c.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
}

/** Appends one entry inside `conn`'s transaction (opening one when `conn` is the pool). */
export function appendPgAudit(conn: PgConn, input: AuditEntryInput): Promise<AuditEntry> {
  return conn.tx(async (c) => {
    await lockAuditChain(c);
    const { rows } = await c.query<{ seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    const entry = chainEntry(rows[0] ?? null, input);
    await c.query(
      `INSERT INTO audit_log (seq, at, actor, role, os_user, action, subject_type, subject_id, detail_json,
                              prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        entry.seq,
        entry.at,
        entry.actor,
        entry.role,
        entry.osUser,
        entry.action,
        entry.subjectType,
        entry.subjectId,
        canonicalDetail(entry.detail),
        entry.prevHash,
        entry.hash,
      ],
    );
    return entry;
  });
}

/** The PostgreSQL twin of workflowAudit.ts's auditInTx: a workflow change's entry, in its transaction. */
export async function auditInPgTx(
  conn: PgConn,
  who: WorkflowActor,
  action: string,
  subject: { type: string; id: string | number },
  detail: Record<string, unknown>,
): Promise<void> {
  await appendPgAudit(conn, {
    at: who.at,
    actor: who.actor,
    role: who.role,
    osUser: who.osUser,
    action,
    subjectType: subject.type,
    subjectId: String(subject.id),
    detail,
  });
}
