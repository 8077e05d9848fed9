import { createHash, randomBytes } from 'node:crypto';
import type { CookieOptions } from 'hono/utils/cookie';
import type { AccountRepository, Session, User } from '../../store/accountRepository.js';

/*
 * Database sessions behind a cookie. The cookie holds a random token; the database holds only its SHA-256,
 * so a copy of the database lets nobody log in. A session ends after 12 hours without a request (sliding) and
 * 7 days after login in any case; a disabled user's sessions end at once.
 */

export const SESSION_COOKIE = 'mw_session';

export const SESSION_DEFAULTS = {
  idleTimeoutMs: 12 * 60 * 60 * 1000,
  absoluteTimeoutMs: 7 * 24 * 60 * 60 * 1000,
  /** last_seen_at is written at most this often, not on every request. */
  touchIntervalMs: 60 * 1000,
  /** Stored user agents are cut to this length. */
  maxUserAgentLength: 256,
};

export type SessionOptions = typeof SESSION_DEFAULTS;

export interface NewSession {
  /** For the cookie only; never stored. */
  token: string;
  /** For a hidden form field or the X-CSRF-Token header (csrf.ts). */
  csrfToken: string;
  expiresAt: string;
}

export interface ResolvedSession {
  user: User;
  session: Session;
}

/** Hex SHA-256 of a session token: the key it is stored under. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const randomToken = () => randomBytes(32).toString('base64url');

/** Starts a session for `user` (who has just logged in). */
export async function createSession(
  accounts: AccountRepository,
  user: User,
  context: { address: string | null; userAgent: string | null; now: Date },
  options: Partial<SessionOptions> = {},
): Promise<NewSession> {
  const o = { ...SESSION_DEFAULTS, ...options };
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(context.now.getTime() + o.absoluteTimeoutMs).toISOString();
  await accounts.createSession({
    tokenHash: hashSessionToken(token),
    userId: user.id,
    csrfToken,
    createdAt: context.now.toISOString(),
    lastSeenAt: context.now.toISOString(),
    expiresAt,
    address: context.address,
    userAgent: context.userAgent?.slice(0, o.maxUserAgentLength) ?? null,
  });
  return { token, csrfToken, expiresAt };
}

/**
 * The user and session a cookie's token stands for, or null when there is none, it has expired (idle or
 * absolute) or the user is disabled; an ended session is deleted. Marks the session as seen.
 */
export async function resolveSession(
  accounts: AccountRepository,
  token: string | undefined | null,
  now: Date,
  options: Partial<SessionOptions> = {},
): Promise<ResolvedSession | null> {
  if (!token) return null;
  const o = { ...SESSION_DEFAULTS, ...options };
  const tokenHash = hashSessionToken(token);
  const session = await accounts.findSession(tokenHash);
  if (!session) return null;
  const idleMs = now.getTime() - Date.parse(session.lastSeenAt);
  const user =
    now.getTime() < Date.parse(session.expiresAt) && idleMs < o.idleTimeoutMs
      ? await accounts.getUser(session.userId)
      : null;
  if (!user || user.disabledAt !== null) {
    await accounts.deleteSession(tokenHash);
    return null;
  }
  if (idleMs >= o.touchIntervalMs) {
    await accounts.touchSession(tokenHash, now);
    return { user, session: { ...session, lastSeenAt: now.toISOString() } };
  }
  return { user, session };
}

/** Ends the session of `token` (logout). */
export async function revokeSession(accounts: AccountRepository, token: string): Promise<void> {
  await accounts.deleteSession(hashSessionToken(token));
}

/** Deletes every session that has ended; for a periodic job. */
export async function purgeEndedSessions(
  accounts: AccountRepository,
  now: Date,
  options: Partial<SessionOptions> = {},
): Promise<number> {
  const o = { ...SESSION_DEFAULTS, ...options };
  return accounts.purgeSessions(now, new Date(now.getTime() - o.idleTimeoutMs));
}

/**
 * The attributes of the `mw_session` cookie, for Hono's setCookie: HttpOnly (no script reads it),
 * SameSite=Strict (no other site's page sends it), Path=/, and Max-Age the session's absolute lifetime (the
 * server ends it sooner when idle). `secure`: set it when the request came over https (directly or through a
 * reverse proxy that says so), so the cookie is never sent in clear.
 */
export function cookieAttributes(options: {
  secure: boolean;
  maxAgeSeconds?: number;
}): CookieOptions & { httpOnly: true; sameSite: 'Strict'; path: '/' } {
  return {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    maxAge: options.maxAgeSeconds ?? Math.floor(SESSION_DEFAULTS.absoluteTimeoutMs / 1000),
    secure: options.secure,
  };
}
