import type { RegistryEntry, Right, RightNotification, RightRevision, RightWrite } from '../model/index.js';
import type { Db } from './database.js';
import {
  DuplicateRightError,
  RevisionConflictError,
  type RightsQuery,
  type RightsRepository,
} from './repositories.js';

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

const SELECT = `SELECT r.*, a.data AS active_data, p.data AS pending_data
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

function whereOf(query: Pick<RightsQuery, 'ownerAccountId' | 'status' | 'kind'>): string {
  const parts: string[] = [];
  if (query.ownerAccountId !== undefined) parts.push('r.owner_account = @ownerAccountId');
  if (query.status !== undefined) parts.push('r.status = @status');
  if (query.kind !== undefined) parts.push('r.kind = @kind');
  return parts.length ? `WHERE ${parts.join(' AND ')}` : '';
}

export class SqliteRightsRepository implements RightsRepository {
  private readonly findStmt;
  private readonly insertRight;
  private readonly updateRight;
  private readonly insertRevision;
  private readonly insertNotification;

  constructor(private readonly db: Db) {
    this.findStmt = db.prepare<[string], RightRow>(`${SELECT} WHERE r.right_id = ?`);
    this.insertRight = db.prepare(
      `INSERT INTO rights (right_id, kind, owner_account, status, revision, active_revision, pending_revision,
                           expires_on, dup_key, created_at, updated_at)
       VALUES (@rightId, @kind, @owner, @status, @revision, @active, @pending, @expiresOn, @dupKey, @at, @at)`,
    );
    this.updateRight = db.prepare(
      `UPDATE rights SET kind = @kind, owner_account = @owner, status = @status, revision = @revision,
              active_revision = @active, pending_revision = @pending, expires_on = @expiresOn, dup_key = @dupKey,
              updated_at = @at
       WHERE pk = @pk`,
    );
    this.insertRevision = db.prepare(
      `INSERT INTO right_revisions (right_pk, revision, action, status, data, actor_role, actor_account, at, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertNotification = db.prepare(
      `INSERT INTO right_notifications (account_id, right_id, kind, message, created_at) VALUES (?, ?, ?, ?, ?)`,
    );
  }

  async get(rightId: string): Promise<RegistryEntry | null> {
    const row = this.findStmt.get(rightId);
    return row ? toEntry(row) : null;
  }

  async list(query: RightsQuery = {}): Promise<RegistryEntry[]> {
    return this.db
      .prepare<Record<string, unknown>, RightRow>(
        `${SELECT} ${whereOf(query)} ORDER BY r.right_id LIMIT @limit OFFSET @offset`,
      )
      .all({ ...query, limit: query.limit ?? -1, offset: query.offset ?? 0 })
      .map(toEntry);
  }

  async count(query: Pick<RightsQuery, 'ownerAccountId' | 'status' | 'kind'> = {}): Promise<number> {
    return Number(
      this.db
        .prepare(`SELECT count(*) FROM rights r ${whereOf(query)}`)
        .pluck()
        .get({ ...query }),
    );
  }

  async history(rightId: string): Promise<RightRevision[]> {
    return this.db
      .prepare<[string], RevisionRow>(
        `SELECT r.right_id, v.revision, v.action, v.status, v.data, v.actor_role, v.actor_account, v.at, v.reason
         FROM right_revisions v JOIN rights r ON r.pk = v.right_pk WHERE r.right_id = ? ORDER BY v.revision`,
      )
      .all(rightId)
      .map((v) => ({
        rightId: v.right_id,
        revision: v.revision,
        action: v.action,
        status: v.status,
        data: JSON.parse(v.data) as Right,
        actor: { role: v.actor_role, accountId: v.actor_account },
        at: v.at,
        reason: v.reason,
      }));
  }

  async findByDupKeys(keys: string[]): Promise<{ dupKey: string; rightId: string }[]> {
    if (keys.length === 0) return [];
    const stmt = this.db.prepare<[string], { dupKey: string; rightId: string }>(
      `SELECT dup_key AS dupKey, right_id AS rightId FROM rights
       WHERE dup_key = ? AND status IN ('pending', 'active', 'expired')`,
    );
    return [...new Set(keys)].flatMap((k) => stmt.all(k));
  }

  async dueForExpiry(date: string): Promise<RegistryEntry[]> {
    return this.db
      .prepare<[string], RightRow>(
        `${SELECT} WHERE r.status = 'active' AND r.expires_on IS NOT NULL AND r.expires_on < ? ORDER BY r.right_id`,
      )
      .all(date)
      .map(toEntry);
  }

  private readonly applyTx = (writes: RightWrite[]): void =>
    this.db.transaction(() => {
      for (const w of writes) this.applyOne(w);
    })();

  private applyOne(w: RightWrite): void {
    const row = this.findStmt.get(w.rightId);
    const current = row?.revision ?? 0;
    if (current !== w.baseRevision) throw new RevisionConflictError(w.rightId, w.baseRevision, current);
    const revision = current + 1;
    const pick = (how: 'this' | 'keep' | 'clear', kept: number | null | undefined) =>
      how === 'this' ? revision : how === 'clear' ? null : (kept ?? null);
    const params = {
      rightId: w.rightId,
      kind: w.kind,
      owner: w.ownerAccountId,
      status: w.status,
      revision,
      active: pick(w.inForce, row?.active_revision),
      pending: pick(w.pending, row?.pending_revision),
      expiresOn: w.expiresOn === undefined ? (row?.expires_on ?? null) : w.expiresOn,
      dupKey: w.dupKey,
      at: w.at,
    };
    let pk: number;
    try {
      if (row) {
        pk = row.pk;
        this.updateRight.run({ ...params, pk });
      } else {
        pk = Number(this.insertRight.run(params).lastInsertRowid);
      }
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
        throw new DuplicateRightError(w.rightId);
      throw err;
    }
    this.insertRevision.run(
      pk,
      revision,
      w.action,
      w.status,
      JSON.stringify(w.data),
      w.actor.role,
      w.actor.accountId,
      w.at,
      w.reason,
    );
    for (const n of w.notifications ?? [])
      this.insertNotification.run(n.accountId, w.rightId, n.kind, n.message, w.at);
  }

  async apply(writes: RightWrite[]): Promise<void> {
    if (writes.length > 0) this.applyTx(writes);
  }

  async notifications(
    accountId: string,
    options: { unreadOnly?: boolean } = {},
  ): Promise<RightNotification[]> {
    const unread = options.unreadOnly ? 'AND read_at IS NULL' : '';
    return this.db
      .prepare<[string], NotificationRow>(
        `SELECT * FROM right_notifications WHERE account_id = ? ${unread} ORDER BY pk`,
      )
      .all(accountId)
      .map((n) => ({
        id: n.pk,
        accountId: n.account_id,
        rightId: n.right_id,
        kind: n.kind,
        message: n.message,
        createdAt: n.created_at,
        readAt: n.read_at,
      }));
  }

  async markNotificationsRead(accountId: string, ids: number[], at: string): Promise<number> {
    const stmt = this.db.prepare(
      'UPDATE right_notifications SET read_at = ? WHERE account_id = ? AND pk = ? AND read_at IS NULL',
    );
    return this.db.transaction(() => ids.reduce((n, id) => n + stmt.run(at, accountId, id).changes, 0))();
  }
}
