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
  appendAuditInTx(db, {
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
