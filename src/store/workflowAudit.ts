import { actorAuditInput } from './auditRows.js';
import type { Db } from './database.js';
import { appendAuditInTx } from './sqliteAudit.js';
import type { WorkflowActor } from './workflowRepositories.js';

/** Appends the audit entry of a workflow change inside the caller's transaction. */
export function auditInTx(
  db: Db,
  who: WorkflowActor,
  action: string,
  subject: { type: string; id: string | number },
  detail: Record<string, unknown>,
): void {
  appendAuditInTx(db, actorAuditInput(who, action, subject, detail));
}
