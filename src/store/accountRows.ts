import type { LoginFailure, Session, StoredLoginAttempt, User, UserRole } from './accountRepository.js';

/* Rows of the account tables and their domain objects: one mapping for the SQLite and PostgreSQL stores. */

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: UserRole;
  holder_id: string | null;
  must_change_password: number;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionRow {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: number;
  expires_at: number;
  address: string | null;
  user_agent: string | null;
}

export interface AttemptRow {
  id: number;
  username: string;
  address: string;
  ok: number;
  reason: LoginFailure | null;
  at: number;
}

export const USER_COLUMNS =
  'id, username, display_name, role, holder_id, must_change_password, disabled_at, created_at, updated_at';

export const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  holderId: r.holder_id,
  mustChangePassword: r.must_change_password === 1,
  disabledAt: r.disabled_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const iso = (ms: number) => new Date(ms).toISOString();

export const toSession = (r: SessionRow): Session => ({
  tokenHash: r.token_hash,
  userId: r.user_id,
  csrfToken: r.csrf_token,
  createdAt: r.created_at,
  lastSeenAt: iso(r.last_seen_at),
  expiresAt: iso(r.expires_at),
  address: r.address,
  userAgent: r.user_agent,
});

export const toAttempt = (r: AttemptRow): StoredLoginAttempt => ({
  id: r.id,
  username: r.username,
  address: r.address,
  ok: r.ok === 1,
  reason: r.reason,
  at: iso(r.at),
});

/** What the audit log says about a user: never the password hash. */
export const auditDetail = (u: User) => ({ username: u.username, role: u.role, holderId: u.holderId });
