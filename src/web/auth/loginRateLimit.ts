import { isIPv4, isIPv6 } from 'node:net';
import type { LoginAttempt } from '../../store/accountRepository.js';

/*
 * The login rate limit, as a pure decision over the recent attempts: per account (against guessing one
 * user's password from many addresses) and per client address (against trying many users from one). A
 * lock lifts by itself when enough failures have left the window; refused attempts do not extend it.
 */

export const LOGIN_LIMITS = {
  windowMs: 15 * 60 * 1000,
  /** Failures at one username (since its last success) within the window before it is locked. */
  maxFailuresPerAccount: 5,
  /** Failures from one address within the window before it is locked. */
  maxFailuresPerAddress: 20,
};

export type LoginLimits = typeof LOGIN_LIMITS;

export interface LimitDecision {
  allowed: boolean;
  /** 0 when allowed; otherwise whole seconds until an attempt would be allowed (at least 1). */
  retryAfterSeconds: number;
  /** Which limit refused: null when allowed. */
  reason: 'account' | 'address' | null;
}

/** Only wrong passwords count: a refused (rate-limited) attempt checked nothing, a disabled account guessed nothing. */
const isFailure = (a: LoginAttempt) => !a.ok && a.reason === 'bad_credentials';

/** When the oldest failures that keep `failures` (oldest first) at `max` or more have left the window. */
function lockedUntil(failures: number[], max: number, windowMs: number): number | null {
  if (failures.length < max) return null;
  return failures[failures.length - max]! + windowMs;
}

/** Whether a login may be tried now, given the attempts of the last window (any order). */
export function decideLogin(
  recent: { byUsername: LoginAttempt[]; byAddress: LoginAttempt[] },
  now: Date,
  limits: LoginLimits = LOGIN_LIMITS,
): LimitDecision {
  const windowStart = now.getTime() - limits.windowMs;
  const times = (attempts: LoginAttempt[]) =>
    attempts
      .map((a) => ({ a, at: Date.parse(a.at) }))
      .filter(({ at }) => at > windowStart && at <= now.getTime())
      .sort((x, y) => x.at - y.at);

  // A success at the account wipes its slate: the owner got in. It does not for an address (one valid account
  // must not let its holder keep guessing others).
  const byUser = times(recent.byUsername);
  const lastOk = byUser.reduce((t, { a, at }) => (a.ok ? at : t), -Infinity);
  const accountFailures = byUser.filter(({ a, at }) => isFailure(a) && at > lastOk).map(({ at }) => at);
  const addressFailures = times(recent.byAddress)
    .filter(({ a }) => isFailure(a))
    .map(({ at }) => at);

  const locks = [
    {
      reason: 'account' as const,
      until: lockedUntil(accountFailures, limits.maxFailuresPerAccount, limits.windowMs),
    },
    {
      reason: 'address' as const,
      until: lockedUntil(addressFailures, limits.maxFailuresPerAddress, limits.windowMs),
    },
  ].filter(
    (l): l is { reason: 'account' | 'address'; until: number } => l.until !== null && l.until > now.getTime(),
  );
  if (locks.length === 0) return { allowed: true, retryAfterSeconds: 0, reason: null };
  const longest = locks.reduce((x, y) => (y.until > x.until ? y : x));
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((longest.until - now.getTime()) / 1000)),
    reason: longest.reason,
  };
}

/** The eight groups of an IPv6 address, expanded (`::` filled with zeros, an embedded IPv4 as two groups). */
function ipv6Groups(address: string): string[] {
  let text = address.toLowerCase().split('%')[0]!;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -v4[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => g.replace(/^0+(?=.)/, ''));
}

/**
 * The key the per-address limit counts under: an IPv4 address as it is (also when IPv4-mapped in IPv6), an
 * IPv6 address by its /64 network, since one client usually holds a whole /64. Unknown → `unknown`.
 */
export function addressKey(address: string | null | undefined): string {
  const text = address?.trim() ?? '';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  if (mapped) return mapped[1]!;
  if (isIPv4(text)) return text;
  if (isIPv6(text)) return `${ipv6Groups(text).slice(0, 4).join(':')}::/64`;
  return 'unknown';
}
