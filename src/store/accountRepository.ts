import { MarkwatchError } from '../common/errors.js';
import type { WorkflowActor } from './workflowRepositories.js';

/*
 * Web accounts (issue 15): users with a role, their sessions and the login attempts the rate limit counts.
 * Password hashing, session tokens and the limit itself live in src/web/auth; this layer only stores what it
 * is given. A change to a user appends its audit entry in the same transaction (never the password hash).
 */

export const USER_ROLES = ['admin', 'officer', 'rights_holder'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const USER_ROLE_LABELS: Record<UserRole, string> = {
  admin: '管理员 (admin)',
  officer: '执法人员 (officer)',
  rights_holder: '权利人 (rights holder)',
};

/**
 * A refused account change or input. Codes: `account.duplicate`, `account.not_found`, `account.invalid`,
 * `account.password`. `field` names the input at fault (a form shows the message next to it).
 */
export class AccountError extends MarkwatchError {
  constructor(
    code: string,
    message: string,
    readonly field: string | null = null,
  ) {
    super(code, message);
  }

  static notFound(id: number): AccountError {
    return new AccountError('account.not_found', `没有编号为 ${id} 的用户 (no user with id ${id})`);
  }

  static usernameTaken(username: string): AccountError {
    return new AccountError(
      'account.duplicate',
      `用户名 "${username}" 已被使用 (username: "${username}" is taken)`,
      'username',
    );
  }
}

export interface User {
  id: number;
  /** Lower-case; unique without regard to case. */
  username: string;
  displayName: string;
  role: UserRole;
  /** The rights-registry account a rights holder acts as (rights.owner_account); null for staff. */
  holderId: string | null;
  mustChangePassword: boolean;
  /** ISO; null while the user may log in. */
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: UserRole;
  holderId: string | null;
  passwordHash: string;
  mustChangePassword: boolean;
}

export interface Session {
  /** Hex SHA-256 of the token; the token itself is never stored. */
  tokenHash: string;
  userId: number;
  csrfToken: string;
  /** ISO instants. */
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  address: string | null;
  userAgent: string | null;
}

export type LoginFailure = 'bad_credentials' | 'disabled' | 'rate_limited';

export interface LoginAttempt {
  username: string;
  /** The rate-limit key of the client address (src/web/auth/loginRateLimit.ts addressKey). */
  address: string;
  ok: boolean;
  /** Null when ok. */
  reason: LoginFailure | null;
  /** ISO instant. */
  at: string;
}

export interface StoredLoginAttempt extends LoginAttempt {
  id: number;
}

export interface RecentAttempts {
  /** Attempts at this username since the given time, oldest first. */
  byUsername: StoredLoginAttempt[];
  /** Attempts from this address since the given time, oldest first. */
  byAddress: StoredLoginAttempt[];
}

export interface AccountRepository {
  /** Stores a new user; a username already taken (in any case) is an AccountError `account.duplicate`. */
  createUser(user: NewUser, who: WorkflowActor): Promise<User>;
  getUser(id: number): Promise<User | null>;
  /** Without regard to case. */
  findByUsername(username: string): Promise<User | null>;
  /** The stored password hash, for verification only. */
  passwordHashOf(userId: number): Promise<string | null>;
  listUsers(): Promise<User[]>;
  /**
   * Replaces the password and sets must_change_password; every session of the user ends, except the one
   * named by `keepSessionHash` (a user changing their own password stays logged in there).
   */
  setPassword(
    userId: number,
    change: { passwordHash: string; mustChangePassword: boolean; keepSessionHash?: string },
    who: WorkflowActor,
  ): Promise<User>;
  /** Disables (ending every session) or enables the user; unchanged when already so. */
  setDisabled(userId: number, disabled: boolean, who: WorkflowActor): Promise<User>;

  createSession(session: Session): Promise<void>;
  findSession(tokenHash: string): Promise<Session | null>;
  touchSession(tokenHash: string, lastSeenAt: Date): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Sessions whose absolute end has passed or that were idle since before `idleSince`; how many. */
  purgeSessions(now: Date, idleSince: Date): Promise<number>;

  /** Stores an attempt; its id. */
  recordAttempt(attempt: LoginAttempt): Promise<number>;
  /** Sets the outcome of an attempt recorded before it was decided. */
  settleAttempt(id: number, outcome: { ok: boolean; reason: LoginFailure | null }): Promise<void>;
  recentAttempts(query: { username: string; address: string; since: Date }): Promise<RecentAttempts>;
  /** Forgets attempts before `before`; how many. */
  purgeAttempts(before: Date): Promise<number>;
}
