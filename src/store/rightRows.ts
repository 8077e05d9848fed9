import type { RegistryEntry, Right, RightNotification, RightRevision, RightWrite } from '../model/index.js';
import { RevisionConflictError } from './repositories.js';

/*
 * Rows of the rights registry (rights, their revisions and notifications) and their domain objects, and the
 * revision a write makes: one mapping and one rule for the SQLite and PostgreSQL stores.
 */

export interface RightRow {
  pk: number;
  right_id: string;
  kind: RegistryEntry['kind'];
  owner_account: string;
  status: RegistryEntry['status'];
  revision: number;
  active_revision: number | null;
  pending_revision: number | null;
  expires_on: string | null;
  dup_key: string | null;
  created_at: string;
  updated_at: string;
  active_data: string | null;
  pending_data: string | null;
}

export interface RevisionRow {
  right_id: string;
  revision: number;
  action: RightRevision['action'];
  status: RightRevision['status'];
  data: string;
  actor_role: RightRevision['actor']['role'];
  actor_account: string;
  at: string;
  reason: string | null;
}

export interface NotificationRow {
  pk: number;
  account_id: string;
  right_id: string;
  kind: RightNotification['kind'];
  message: string;
  created_at: string;
  read_at: string | null;
}

/** A right with the data of its revision in force and of its pending one; a caller adds its WHERE / ORDER BY. */
export const RIGHT_SELECT = `SELECT r.*, a.data AS active_data, p.data AS pending_data
  FROM rights r
  LEFT JOIN right_revisions a ON a.right_pk = r.pk AND a.revision = r.active_revision
  LEFT JOIN right_revisions p ON p.right_pk = r.pk AND p.revision = r.pending_revision`;

export function toEntry(row: RightRow): RegistryEntry {
  return {
    id: row.right_id,
    kind: row.kind,
    ownerAccountId: row.owner_account,
    status: row.status,
    revision: row.revision,
    inForce: row.active_data === null ? null : (JSON.parse(row.active_data) as Right),
    pending: row.pending_data === null ? null : (JSON.parse(row.pending_data) as Right),
    expiresOn: row.expires_on,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const toRevision = (v: RevisionRow): RightRevision => ({
  rightId: v.right_id,
  revision: v.revision,
  action: v.action,
  status: v.status,
  data: JSON.parse(v.data) as Right,
  actor: { role: v.actor_role, accountId: v.actor_account },
  at: v.at,
  reason: v.reason,
});

export const toNotification = (n: NotificationRow): RightNotification => ({
  id: n.pk,
  accountId: n.account_id,
  rightId: n.right_id,
  kind: n.kind,
  message: n.message,
  createdAt: n.created_at,
  readAt: n.read_at,
});

/** What a write stores on the right's row: its new revision and the revisions in force and pending. */
export interface NextRevision {
  revision: number;
  active: number | null;
  pending: number | null;
  expiresOn: string | null;
}

/**
 * The revision `w` makes of the right stored as `row` (undefined: not stored yet). Throws the conflict when the
 * write was based on another revision than the stored one.
 */
export function nextRevisionOf(w: RightWrite, row: RightRow | undefined): NextRevision {
  const current = row?.revision ?? 0;
  if (current !== w.baseRevision) throw new RevisionConflictError(w.rightId, w.baseRevision, current);
  const revision = current + 1;
  const pick = (how: 'this' | 'keep' | 'clear', kept: number | null | undefined) =>
    how === 'this' ? revision : how === 'clear' ? null : (kept ?? null);
  return {
    revision,
    active: pick(w.inForce, row?.active_revision),
    pending: pick(w.pending, row?.pending_revision),
    expiresOn: w.expiresOn === undefined ? (row?.expires_on ?? null) : w.expiresOn,
  };
}
