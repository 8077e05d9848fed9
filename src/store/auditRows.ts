import {
  canonicalDetail,
  type AuditEntry,
  type AuditEntryInput,
  type AuditRow,
} from '../common/auditChain.js';
import type { WorkflowActor } from './workflowRepositories.js';

/*
 * A stored audit_log row as the entry that was written, for both stores (SQLite and PostgreSQL keep the same
 * columns).
 */

export interface AuditDbRow {
  seq: number;
  at: string;
  actor: string;
  role: string;
  os_user: string;
  action: string;
  subject_type: string;
  subject_id: string;
  detail_json: string;
  prev_hash: string;
  hash: string;
}

export const AUDIT_COLUMNS =
  'seq, at, actor, role, os_user, action, subject_type, subject_id, detail_json, prev_hash, hash';

/** A stored row as the entry that was written, or why it cannot be that entry. */
export function auditRowOf(r: AuditDbRow): AuditRow {
  let detail: unknown;
  try {
    detail = JSON.parse(r.detail_json);
  } catch {
    detail = undefined;
  }
  const isObject = typeof detail === 'object' && detail !== null && !Array.isArray(detail);
  // append writes the canonical text; any other text (even re-spaced) was written by something else.
  if (!isObject || canonicalDetail(detail as Record<string, unknown>) !== r.detail_json) {
    return {
      seq: r.seq,
      prevHash: r.prev_hash,
      hash: r.hash,
      unreadable: 'detail_json is not the canonical JSON that was written',
    };
  }
  return { ...fields(r), detail: detail as Record<string, unknown>, prevHash: r.prev_hash, hash: r.hash };
}

/** For listing: an unreadable row keeps its raw detail text in view. */
export function auditEntryOf(r: AuditDbRow): AuditEntry {
  const row = auditRowOf(r);
  if (!('unreadable' in row)) return row;
  return { ...row, ...fields(r), detail: { unreadableDetailJson: r.detail_json } };
}

function fields(r: AuditDbRow) {
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    role: r.role,
    osUser: r.os_user,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
  };
}

/** The audit entry of a change made by `who` (a workflow, account or settings change), for either store. */
export function actorAuditInput(
  who: WorkflowActor,
  action: string,
  subject: { type: string; id: string | number },
  detail: Record<string, unknown>,
): AuditEntryInput {
  return {
    at: who.at,
    actor: who.actor,
    role: who.role,
    osUser: who.osUser,
    action,
    subjectType: subject.type,
    subjectId: String(subject.id),
    detail,
  };
}
