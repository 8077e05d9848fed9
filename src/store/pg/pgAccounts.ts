import {
  AccountError,
  type AccountRepository,
  type LoginAttempt,
  type LoginFailure,
  type NewUser,
  type RecentAttempts,
  type Session,
  type User,
} from '../accountRepository.js';
import type { WorkflowActor } from '../workflowRepositories.js';
import { pgAuditInTx } from './pgAudit.js';
import type { PgConn } from './pgDatabase.js';

/*
 * Web accounts on PostgreSQL. User names are unique without regard to case through the unique index on
 * lower(username) (0500_accounts.sql): a new user is one INSERT … ON CONFLICT DO NOTHING, so two machines
 * adding the same name cannot both succeed. A change to a user locks its row (UPDATE, or SELECT … FOR UPDATE
 * where it compares first) and appends its audit entry in the same transaction.
 */

import {
  USER_COLUMNS,
  auditDetail,
  toAttempt,
  toSession,
  toUser,
  type AttemptRow,
  type SessionRow,
  type UserRow,
} from '../accountRows.js';

export class PgAccountRepository implements AccountRepository {
  constructor(private readonly conn: PgConn) {}

  createUser(input: NewUser, who: WorkflowActor): Promise<User> {
    return this.conn.tx(async (c) => {
      const { rows } = await c.query<UserRow>(
        `INSERT INTO users (username, display_name, role, holder_id, password_hash, must_change_password,
                            created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT DO NOTHING RETURNING ${USER_COLUMNS}`,
        [
          input.username,
          input.displayName,
          input.role,
          input.holderId,
          input.passwordHash,
          input.mustChangePassword ? 1 : 0,
          who.at,
        ],
      );
      if (!rows[0]) {
        throw AccountError.usernameTaken(input.username);
      }
      const user = toUser(rows[0]);
      await pgAuditInTx(c, who, 'user.add', { type: 'user', id: user.id }, auditDetail(user));
      return user;
    });
  }

  async getUser(id: number): Promise<User | null> {
    const { rows } = await this.conn.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findByUsername(username: string): Promise<User | null> {
    const { rows } = await this.conn.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users WHERE lower(username) = lower($1)`,
      [username],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async passwordHashOf(userId: number): Promise<string | null> {
    const { rows } = await this.conn.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE id = $1',
      [userId],
    );
    return rows[0]?.password_hash ?? null;
  }

  async listUsers(): Promise<User[]> {
    // SQLite orders by the NOCASE column; names are stored lower-case, so lower() only matters for old rows.
    const { rows } = await this.conn.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users ORDER BY lower(username)`,
    );
    return rows.map(toUser);
  }

  setPassword(
    userId: number,
    change: { passwordHash: string; mustChangePassword: boolean; keepSessionHash?: string },
    who: WorkflowActor,
  ): Promise<User> {
    return this.conn.tx(async (c) => {
      const { rows } = await c.query<UserRow>(
        `UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4
         RETURNING ${USER_COLUMNS}`,
        [change.passwordHash, change.mustChangePassword ? 1 : 0, who.at, userId],
      );
      if (!rows[0]) throw AccountError.notFound(userId);
      const ended = await c.query(
        'DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2',
        [userId, change.keepSessionHash ?? null],
      );
      const user = toUser(rows[0]);
      const action = change.mustChangePassword ? 'user.reset' : 'user.password';
      await pgAuditInTx(
        c,
        who,
        action,
        { type: 'user', id: userId },
        {
          ...auditDetail(user),
          sessionsEnded: ended.rowCount ?? 0,
        },
      );
      return user;
    });
  }

  setDisabled(userId: number, disabled: boolean, who: WorkflowActor): Promise<User> {
    return this.conn.tx(async (c) => {
      // The row lock makes "already so?" and the change one step: two admins disabling at once audit once.
      const locked = await c.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1 FOR UPDATE`, [
        userId,
      ]);
      if (!locked.rows[0]) throw AccountError.notFound(userId);
      const before = toUser(locked.rows[0]);
      if ((before.disabledAt !== null) === disabled) return before;
      const { rows } = await c.query<UserRow>(
        `UPDATE users SET disabled_at = $1, updated_at = $2 WHERE id = $3 RETURNING ${USER_COLUMNS}`,
        [disabled ? who.at : null, who.at, userId],
      );
      const ended = disabled
        ? ((await c.query('DELETE FROM sessions WHERE user_id = $1', [userId])).rowCount ?? 0)
        : 0;
      const user = toUser(rows[0]!);
      const action = disabled ? 'user.disable' : 'user.enable';
      await pgAuditInTx(
        c,
        who,
        action,
        { type: 'user', id: userId },
        { ...auditDetail(user), sessionsEnded: ended },
      );
      return user;
    });
  }

  async createSession(s: Session): Promise<void> {
    await this.conn.query(
      `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, address, user_agent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        s.tokenHash,
        s.userId,
        s.csrfToken,
        s.createdAt,
        Date.parse(s.lastSeenAt),
        Date.parse(s.expiresAt),
        s.address,
        s.userAgent,
      ],
    );
  }

  async findSession(tokenHash: string): Promise<Session | null> {
    const { rows } = await this.conn.query<SessionRow>('SELECT * FROM sessions WHERE token_hash = $1', [
      tokenHash,
    ]);
    return rows[0] ? toSession(rows[0]) : null;
  }

  async touchSession(tokenHash: string, lastSeenAt: Date): Promise<void> {
    // greatest(): a slower request that arrives late never moves the time back.
    await this.conn.query(
      'UPDATE sessions SET last_seen_at = greatest(last_seen_at, $1) WHERE token_hash = $2',
      [lastSeenAt.getTime(), tokenHash],
    );
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.conn.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async purgeSessions(now: Date, idleSince: Date): Promise<number> {
    const r = await this.conn.query('DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2', [
      now.getTime(),
      idleSince.getTime(),
    ]);
    return r.rowCount ?? 0;
  }

  async recordAttempt(a: LoginAttempt): Promise<number> {
    const { rows } = await this.conn.query<{ id: number }>(
      'INSERT INTO login_attempts (username, address, ok, reason, at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [a.username, a.address, a.ok ? 1 : 0, a.reason, Date.parse(a.at)],
    );
    return rows[0]!.id;
  }

  async settleAttempt(id: number, outcome: { ok: boolean; reason: LoginFailure | null }): Promise<void> {
    await this.conn.query('UPDATE login_attempts SET ok = $1, reason = $2 WHERE id = $3', [
      outcome.ok ? 1 : 0,
      outcome.reason,
      id,
    ]);
  }

  async recentAttempts(query: { username: string; address: string; since: Date }): Promise<RecentAttempts> {
    const select = async (column: 'username' | 'address', value: string) =>
      (
        await this.conn.query<AttemptRow>(
          `SELECT id, username, address, ok, reason, at FROM login_attempts
           WHERE ${column} = $1 AND at >= $2 ORDER BY at, id`,
          [value, query.since.getTime()],
        )
      ).rows.map(toAttempt);
    return {
      byUsername: await select('username', query.username),
      byAddress: await select('address', query.address),
    };
  }

  async purgeAttempts(before: Date): Promise<number> {
    const r = await this.conn.query('DELETE FROM login_attempts WHERE at < $1', [before.getTime()]);
    return r.rowCount ?? 0;
  }
}
