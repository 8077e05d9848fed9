import {
  AccountError,
  type AccountRepository,
  type LoginAttempt,
  type LoginFailure,
  type NewUser,
  type RecentAttempts,
  type Session,
  type User,
} from './accountRepository.js';
import type { Db } from './database.js';
import { auditInTx } from './workflowAudit.js';
import type { WorkflowActor } from './workflowRepositories.js';

import {
  USER_COLUMNS,
  auditDetail,
  toAttempt,
  toSession,
  toUser,
  type AttemptRow,
  type SessionRow,
  type UserRow,
} from './accountRows.js';

export class SqliteAccountRepository implements AccountRepository {
  constructor(private readonly db: Db) {}

  private userRow(id: number): User | null {
    const row = this.db.prepare<[number], UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(id);
    return row ? toUser(row) : null;
  }

  private mustExist(id: number): User {
    const user = this.userRow(id);
    if (!user) throw AccountError.notFound(id);
    return user;
  }

  async createUser(input: NewUser, who: WorkflowActor): Promise<User> {
    return this.db
      .transaction(() => {
        const taken = this.db
          .prepare('SELECT 1 FROM users WHERE username = ? COLLATE NOCASE')
          .get(input.username);
        if (taken) {
          throw AccountError.usernameTaken(input.username);
        }
        const { lastInsertRowid } = this.db
          .prepare(
            `INSERT INTO users (username, display_name, role, holder_id, password_hash, must_change_password,
                                created_at, updated_at)
             VALUES (@username, @displayName, @role, @holderId, @passwordHash, @mustChange, @at, @at)`,
          )
          .run({ ...input, mustChange: input.mustChangePassword ? 1 : 0, at: who.at });
        const user = this.mustExist(Number(lastInsertRowid));
        auditInTx(this.db, who, 'user.add', { type: 'user', id: user.id }, auditDetail(user));
        return user;
      })
      .immediate();
  }

  async getUser(id: number): Promise<User | null> {
    return this.userRow(id);
  }

  async findByUsername(username: string): Promise<User | null> {
    const row = this.db
      .prepare<[string], UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE username = ? COLLATE NOCASE`)
      .get(username);
    return row ? toUser(row) : null;
  }

  async passwordHashOf(userId: number): Promise<string | null> {
    const hash = this.db
      .prepare<[number], string>('SELECT password_hash FROM users WHERE id = ?')
      .pluck()
      .get(userId);
    return hash ?? null;
  }

  async listUsers(): Promise<User[]> {
    return this.db
      .prepare<[], UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY username`)
      .all()
      .map(toUser);
  }

  async setPassword(
    userId: number,
    change: { passwordHash: string; mustChangePassword: boolean; keepSessionHash?: string },
    who: WorkflowActor,
  ): Promise<User> {
    return this.db
      .transaction(() => {
        this.mustExist(userId);
        this.db
          .prepare(
            'UPDATE users SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE id = ?',
          )
          .run(change.passwordHash, change.mustChangePassword ? 1 : 0, who.at, userId);
        const ended = this.db
          .prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?')
          .run(userId, change.keepSessionHash ?? null).changes;
        const user = this.mustExist(userId);
        const action = change.mustChangePassword ? 'user.reset' : 'user.password';
        auditInTx(
          this.db,
          who,
          action,
          { type: 'user', id: userId },
          { ...auditDetail(user), sessionsEnded: ended },
        );
        return user;
      })
      .immediate();
  }

  async setDisabled(userId: number, disabled: boolean, who: WorkflowActor): Promise<User> {
    return this.db
      .transaction(() => {
        const before = this.mustExist(userId);
        if ((before.disabledAt !== null) === disabled) return before;
        this.db
          .prepare('UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?')
          .run(disabled ? who.at : null, who.at, userId);
        const ended = disabled
          ? this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId).changes
          : 0;
        const user = this.mustExist(userId);
        const action = disabled ? 'user.disable' : 'user.enable';
        auditInTx(
          this.db,
          who,
          action,
          { type: 'user', id: userId },
          { ...auditDetail(user), sessionsEnded: ended },
        );
        return user;
      })
      .immediate();
  }

  async createSession(s: Session): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, address, user_agent)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        s.tokenHash,
        s.userId,
        s.csrfToken,
        s.createdAt,
        Date.parse(s.lastSeenAt),
        Date.parse(s.expiresAt),
        s.address,
        s.userAgent,
      );
  }

  async findSession(tokenHash: string): Promise<Session | null> {
    const row = this.db
      .prepare<[string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?')
      .get(tokenHash);
    return row ? toSession(row) : null;
  }

  async touchSession(tokenHash: string, lastSeenAt: Date): Promise<void> {
    this.db
      .prepare('UPDATE sessions SET last_seen_at = max(last_seen_at, ?) WHERE token_hash = ?')
      .run(lastSeenAt.getTime(), tokenHash);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
  }

  async purgeSessions(now: Date, idleSince: Date): Promise<number> {
    return this.db
      .prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?')
      .run(now.getTime(), idleSince.getTime()).changes;
  }

  async recordAttempt(a: LoginAttempt): Promise<number> {
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO login_attempts (username, address, ok, reason, at) VALUES (?, ?, ?, ?, ?)')
      .run(a.username, a.address, a.ok ? 1 : 0, a.reason, Date.parse(a.at));
    return Number(lastInsertRowid);
  }

  async settleAttempt(id: number, outcome: { ok: boolean; reason: LoginFailure | null }): Promise<void> {
    this.db
      .prepare('UPDATE login_attempts SET ok = ?, reason = ? WHERE id = ?')
      .run(outcome.ok ? 1 : 0, outcome.reason, id);
  }

  async recentAttempts(query: { username: string; address: string; since: Date }): Promise<RecentAttempts> {
    const since = query.since.getTime();
    const select = (column: 'username' | 'address', value: string) =>
      this.db
        .prepare<[string, number], AttemptRow>(
          `SELECT id, username, address, ok, reason, at FROM login_attempts
           WHERE ${column} = ? AND at >= ? ORDER BY at, id`,
        )
        .all(value, since)
        .map(toAttempt);
    return { byUsername: select('username', query.username), byAddress: select('address', query.address) };
  }

  async purgeAttempts(before: Date): Promise<number> {
    return this.db.prepare('DELETE FROM login_attempts WHERE at < ?').run(before.getTime()).changes;
  }
}
