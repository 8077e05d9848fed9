import type { RegistryEntry, RightNotification, RightRevision, RightWrite } from '../../model/index.js';
import {
  DuplicateRightError,
  RevisionConflictError,
  type RightsQuery,
  type RightsRepository,
} from '../repositories.js';
import {
  RIGHT_SELECT,
  nextRevisionOf,
  toEntry,
  toNotification,
  toRevision,
  type NotificationRow,
  type RevisionRow,
  type RightRow,
} from '../rightRows.js';
import type { PgConn } from './pgDatabase.js';

/*
 * The rights registry on PostgreSQL: the same rows and rules as SqliteRightsRepository. A write names the
 * revision it was based on; SQLite's single writer made "read the revision, then write the next" atomic. Here
 * the right's row is read `FOR UPDATE`, so a concurrent write of the same right waits and then reads the
 * revision the first one wrote, and fails with the conflict. A right that does not exist yet is inserted with
 * `ON CONFLICT (right_id) DO NOTHING`: of two first writes of one right, the second finds the first's row and
 * fails with the conflict too (not with a duplicate-number error). Ids and dates are compared and ordered
 * COLLATE "C" (SQLite's byte order, whatever the database's locale).
 */

/** The partial unique index on live duplicate keys (migration 0100). */
const DUP_KEY_INDEX = 'rights_dup_key';

function whereOf(query: Pick<RightsQuery, 'ownerAccountId' | 'status' | 'kind'>): {
  sql: string;
  values: unknown[];
} {
  const parts: string[] = [];
  const values: unknown[] = [];
  const add = (column: string, value: unknown) => {
    values.push(value);
    parts.push(`${column} = $${values.length}`);
  };
  if (query.ownerAccountId !== undefined) add('r.owner_account', query.ownerAccountId);
  if (query.status !== undefined) add('r.status', query.status);
  if (query.kind !== undefined) add('r.kind', query.kind);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', values };
}

/** A live duplicate number refused by the unique index, as the repository's error. */
function duplicateOf(err: unknown, rightId: string): unknown {
  const e = err as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === DUP_KEY_INDEX ? new DuplicateRightError(rightId) : err;
}

export class PgRightsRepository implements RightsRepository {
  constructor(private readonly conn: PgConn) {}

  async get(rightId: string): Promise<RegistryEntry | null> {
    const { rows } = await this.conn.query<RightRow>(`${RIGHT_SELECT} WHERE r.right_id = $1`, [rightId]);
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async list(query: RightsQuery = {}): Promise<RegistryEntry[]> {
    const w = whereOf(query);
    const n = w.values.length;
    const { rows } = await this.conn.query<RightRow>(
      `${RIGHT_SELECT} ${w.sql} ORDER BY r.right_id COLLATE "C" LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...w.values, query.limit ?? null, query.offset ?? 0],
    );
    return rows.map(toEntry);
  }

  async count(query: Pick<RightsQuery, 'ownerAccountId' | 'status' | 'kind'> = {}): Promise<number> {
    const w = whereOf(query);
    const { rows } = await this.conn.query<{ n: number }>(
      `SELECT count(*) AS n FROM rights r ${w.sql}`,
      w.values,
    );
    return rows[0]?.n ?? 0;
  }

  async history(rightId: string): Promise<RightRevision[]> {
    const { rows } = await this.conn.query<RevisionRow>(
      `SELECT r.right_id, v.revision, v.action, v.status, v.data, v.actor_role, v.actor_account, v.at, v.reason
       FROM right_revisions v JOIN rights r ON r.pk = v.right_pk WHERE r.right_id = $1 ORDER BY v.revision`,
      [rightId],
    );
    return rows.map(toRevision);
  }

  async findByDupKeys(keys: string[]): Promise<{ dupKey: string; rightId: string }[]> {
    if (keys.length === 0) return [];
    // In the order of the keys given, as SQLite's one query per key.
    const { rows } = await this.conn.query<{ dupKey: string; rightId: string }>(
      `SELECT r.dup_key AS "dupKey", r.right_id AS "rightId"
       FROM (SELECT key, min(n) AS n FROM unnest($1::text[]) WITH ORDINALITY AS k(key, n) GROUP BY key) k
       JOIN rights r ON r.dup_key = k.key AND r.status IN ('pending', 'active', 'expired')
       ORDER BY k.n, r.pk`,
      [keys],
    );
    return rows;
  }

  async dueForExpiry(date: string): Promise<RegistryEntry[]> {
    const { rows } = await this.conn.query<RightRow>(
      `${RIGHT_SELECT} WHERE r.status = 'active' AND r.expires_on IS NOT NULL AND r.expires_on COLLATE "C" < $1 ORDER BY r.right_id COLLATE "C"`,
      [date],
    );
    return rows.map(toEntry);
  }

  async apply(writes: RightWrite[]): Promise<void> {
    if (writes.length === 0) return;
    await this.conn.tx(async (c) => {
      for (const w of writes) await this.applyOne(c, w);
    });
  }

  private async applyOne(c: PgConn, w: RightWrite): Promise<void> {
    // The row stays locked until the batch commits: the revision compared is the one that is replaced.
    const found = await c.query<RightRow>(`${RIGHT_SELECT} WHERE r.right_id = $1 FOR UPDATE OF r`, [
      w.rightId,
    ]);
    const row = found.rows[0];
    const { revision, active, pending, expiresOn } = nextRevisionOf(w, row);
    const values = [w.kind, w.ownerAccountId, w.status, revision, active, pending, expiresOn, w.dupKey, w.at];
    let pk: number;
    try {
      if (row) {
        pk = row.pk;
        await c.query(
          `UPDATE rights SET kind = $1, owner_account = $2, status = $3, revision = $4, active_revision = $5,
                  pending_revision = $6, expires_on = $7, dup_key = $8, updated_at = $9
           WHERE pk = $10`,
          [...values, pk],
        );
      } else {
        const inserted = await c.query<{ pk: number }>(
          `INSERT INTO rights (kind, owner_account, status, revision, active_revision, pending_revision,
                               expires_on, dup_key, created_at, updated_at, right_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)
           ON CONFLICT (right_id) DO NOTHING RETURNING pk`,
          [...values, w.rightId],
        );
        if (!inserted.rows[0]) {
          // Another transaction created the right since it was read: this write was based on revision 0.
          const { rows } = await c.query<{ revision: number }>(
            'SELECT revision FROM rights WHERE right_id = $1',
            [w.rightId],
          );
          throw new RevisionConflictError(w.rightId, w.baseRevision, rows[0]?.revision ?? 0);
        }
        pk = inserted.rows[0].pk;
      }
    } catch (err) {
      throw duplicateOf(err, w.rightId);
    }
    await c.query(
      `INSERT INTO right_revisions (right_pk, revision, action, status, data, actor_role, actor_account, at, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        pk,
        revision,
        w.action,
        w.status,
        JSON.stringify(w.data),
        w.actor.role,
        w.actor.accountId,
        w.at,
        w.reason,
      ],
    );
    const notes = w.notifications ?? [];
    if (notes.length > 0) {
      await c.query(
        `INSERT INTO right_notifications (account_id, right_id, kind, message, created_at)
         SELECT a, $1, k, m, $2 FROM unnest($3::text[], $4::text[], $5::text[]) AS n(a, k, m)`,
        [
          w.rightId,
          w.at,
          notes.map((n) => n.accountId),
          notes.map((n) => n.kind),
          notes.map((n) => n.message),
        ],
      );
    }
  }

  async notifications(
    accountId: string,
    options: { unreadOnly?: boolean } = {},
  ): Promise<RightNotification[]> {
    const unread = options.unreadOnly ? 'AND read_at IS NULL' : '';
    const { rows } = await this.conn.query<NotificationRow>(
      `SELECT * FROM right_notifications WHERE account_id = $1 ${unread} ORDER BY pk`,
      [accountId],
    );
    return rows.map(toNotification);
  }

  async markNotificationsRead(accountId: string, ids: number[], at: string): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.conn.query(
      `UPDATE right_notifications SET read_at = $1 WHERE account_id = $2 AND pk = ANY($3::bigint[])
         AND read_at IS NULL`,
      [at, accountId, ids],
    );
    return result.rowCount ?? 0;
  }
}
