import type { RegistryEntry, RightNotification, RightRevision, RightWrite } from '../model/index.js';
import type { Db } from './database.js';
import { DuplicateRightError, type RightsQuery, type RightsRepository } from './repositories.js';
import {
  RIGHT_SELECT,
  nextRevisionOf,
  toEntry,
  toNotification,
  toRevision,
  type NotificationRow,
  type RevisionRow,
  type RightRow,
} from './rightRows.js';

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
    this.findStmt = db.prepare<[string], RightRow>(`${RIGHT_SELECT} WHERE r.right_id = ?`);
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
        `${RIGHT_SELECT} ${whereOf(query)} ORDER BY r.right_id LIMIT @limit OFFSET @offset`,
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
      .map(toRevision);
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
        `${RIGHT_SELECT} WHERE r.status = 'active' AND r.expires_on IS NOT NULL AND r.expires_on < ? ORDER BY r.right_id`,
      )
      .all(date)
      .map(toEntry);
  }

  private readonly applyTx = (writes: RightWrite[]): void =>
    this.db
      .transaction(() => {
        for (const w of writes) this.applyOne(w);
      })
      .immediate();

  private applyOne(w: RightWrite): void {
    const row = this.findStmt.get(w.rightId);
    const { revision, active, pending, expiresOn } = nextRevisionOf(w, row);
    const params = {
      rightId: w.rightId,
      kind: w.kind,
      owner: w.ownerAccountId,
      status: w.status,
      revision,
      active,
      pending,
      expiresOn,
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
      .map(toNotification);
  }

  async markNotificationsRead(accountId: string, ids: number[], at: string): Promise<number> {
    const stmt = this.db.prepare(
      'UPDATE right_notifications SET read_at = ? WHERE account_id = ? AND pk = ? AND read_at IS NULL',
    );
    return this.db.transaction(() => ids.reduce((n, id) => n + stmt.run(at, accountId, id).changes, 0))();
  }
}
