import { AUDIT_CHAIN_LOCK, appendPgAudit, pgAuditInTx } from './pgAudit.js';
import type { PgConn } from './pgDatabase.js';

/*
 * The audit side of a workflow change on PostgreSQL: the change's entry is appended in the change's own
 * transaction through the audit repository's appendPgAudit, under the chain's one advisory lock.
 */

/** The audit chain's advisory lock: the same key as the audit repository's, so every appender queues on it. */
export const AUDIT_APPEND_LOCK = AUDIT_CHAIN_LOCK;

/**
 * Takes the audit chain's lock for the rest of the transaction. A workflow change takes it FIRST, before any row
 * lock: every workflow transaction appends to the one chain anyway, so they are serialised by it, and taking it
 * first means no transaction holds a lead row while waiting for the chain (which would deadlock against one that
 * holds the chain and waits for the row).
 */
export async function lockAuditChain(c: PgConn): Promise<void> {
  await c.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
}

export { appendPgAudit };
/** The PostgreSQL twin of workflowAudit.ts's auditInTx: a workflow change's entry, in its transaction. */
export const auditInPgTx = pgAuditInTx;
