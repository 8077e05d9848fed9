import type {
  AccountRepository,
  LoginFailure,
  StoredLoginAttempt,
  User,
} from '../../store/accountRepository.js';
import { addressKey, decideLogin, LOGIN_LIMITS, type LoginLimits } from './loginRateLimit.js';
import {
  generatePassword,
  hashPassword,
  SCRYPT_DEFAULTS,
  verifyPassword,
  type ScryptParams,
} from './passwords.js';
import { normaliseUsername } from './userAdmin.js';

/*
 * One login attempt: the rate limit first, then the password, then the record of the attempt. An unknown
 * username and a wrong password get the same answer, and an unknown username still costs one scrypt
 * verification, so neither the answer nor its timing tells whether the account exists.
 */

export type LoginResult =
  | { ok: true; user: User }
  | { ok: false; reason: Exclude<LoginFailure, 'rate_limited'> }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

/** Usernames longer than this are cut before they are looked up or recorded. */
const MAX_USERNAME_INPUT = 64;
/** How long login attempts are kept (purgeLoginAttempts). */
export const ATTEMPT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export interface LoginOptions {
  limits: LoginLimits;
  /** The cost of the stored hashes, which the dummy verification for unknown usernames must match. */
  scrypt: ScryptParams;
}

export const LOGIN_DEFAULTS: LoginOptions = { limits: LOGIN_LIMITS, scrypt: SCRYPT_DEFAULTS };

const dummyHashes = new Map<string, Promise<string>>();

/** A hash of a random password at the given cost (made once), verified against for unknown usernames. */
function dummy(params: ScryptParams): Promise<string> {
  const key = `${params.N}$${params.r}$${params.p}`;
  let hash = dummyHashes.get(key);
  if (!hash) {
    hash = hashPassword(generatePassword(), { params });
    dummyHashes.set(key, hash);
  }
  return hash;
}

export async function attemptLogin(
  accounts: AccountRepository,
  attempt: { username: string; password: string; address: string | null; now: Date },
  options: Partial<LoginOptions> = {},
): Promise<LoginResult> {
  const { limits, scrypt } = { ...LOGIN_DEFAULTS, ...options };
  const username = normaliseUsername(attempt.username).slice(0, MAX_USERNAME_INPUT);
  const address = addressKey(attempt.address);
  const at = attempt.now.toISOString();
  // The attempt is stored as a failure before it is decided, so that concurrent attempts count each other:
  // a burst of parallel requests cannot all pass the limit before any of them is recorded.
  const id = await accounts.recordAttempt({ username, address, ok: false, reason: 'bad_credentials', at });
  const settle = (reason: LoginFailure | null) => accounts.settleAttempt(id, { ok: reason === null, reason });

  const recent = await accounts.recentAttempts({
    username,
    address,
    since: new Date(attempt.now.getTime() - limits.windowMs),
  });
  // Only the attempts recorded before this one: of a burst, the first ones pass and the rest are refused.
  const earlier = (list: StoredLoginAttempt[]) => list.filter((a) => a.id < id);
  const decision = decideLogin(
    { byUsername: earlier(recent.byUsername), byAddress: earlier(recent.byAddress) },
    attempt.now,
    limits,
  );
  if (!decision.allowed) {
    await settle('rate_limited');
    return { ok: false, reason: 'rate_limited', retryAfterSeconds: decision.retryAfterSeconds };
  }

  const user = username ? await accounts.findByUsername(username) : null;
  const stored = user ? await accounts.passwordHashOf(user.id) : null;
  const matches = await verifyPassword(attempt.password, stored ?? (await dummy(scrypt)));
  if (!user || !matches) return { ok: false, reason: 'bad_credentials' };
  if (user.disabledAt !== null) {
    await settle('disabled');
    return { ok: false, reason: 'disabled' };
  }
  await settle(null);
  return { ok: true, user };
}

/** Forgets login attempts older than the retention; for a periodic job. */
export function purgeLoginAttempts(accounts: AccountRepository, now: Date): Promise<number> {
  return accounts.purgeAttempts(new Date(now.getTime() - ATTEMPT_RETENTION_MS));
}

/**
 * Makes the dummy hash now (one scrypt), so that the first login at an unknown username does not take twice
 * as long as the others; call it when the server starts.
 */
export async function warmUpLogin(options: Partial<LoginOptions> = {}): Promise<void> {
  await dummy({ ...LOGIN_DEFAULTS, ...options }.scrypt);
}
