import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AccountError } from '../../store/accountRepository.js';

/*
 * Passwords, hashed with scrypt from node:crypto. The stored form carries its own parameters
 * (`scrypt$N$r$p$saltB64$hashB64`), so the cost can be raised later without breaking stored hashes.
 */

export const PASSWORD_RULES = {
  minLength: 10,
  /** Longer input is refused before hashing, so a huge body cannot tie up the CPU. */
  maxLength: 1024,
} as const;

export const SCRYPT_DEFAULTS = { N: 2 ** 15, r: 8, p: 1, saltBytes: 16, keyBytes: 64 } as const;

/** Bounds on the parameters read back from a stored hash: a tampered row must not cost gigabytes. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

function derive(password: string, salt: Buffer, keyBytes: number, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default limit (32 MiB) is just too small for N = 2^15, r = 8.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyBytes, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** Refuses a password that is too short or too long, naming the form field. */
export function checkPasswordRules(password: string, field = 'password'): void {
  const length = [...password].length;
  if (length < PASSWORD_RULES.minLength) {
    throw new AccountError(
      'account.password',
      `密码至少需要 ${PASSWORD_RULES.minLength} 个字符 (${field}: at least ${PASSWORD_RULES.minLength} characters, got ${length})`,
      field,
    );
  }
  if (length > PASSWORD_RULES.maxLength) {
    throw new AccountError(
      'account.password',
      `密码不能超过 ${PASSWORD_RULES.maxLength} 个字符 (${field}: at most ${PASSWORD_RULES.maxLength} characters)`,
      field,
    );
  }
}

/** The stored form of a new password (rules checked first). `params` only for tests and cost upgrades. */
export async function hashPassword(
  password: string,
  options: { field?: string; params?: ScryptParams } = {},
): Promise<string> {
  checkPasswordRules(password, options.field);
  const params = options.params ?? SCRYPT_DEFAULTS;
  const salt = randomBytes(SCRYPT_DEFAULTS.saltBytes);
  const key = await derive(password, salt, SCRYPT_DEFAULTS.keyBytes, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface ParsedHash extends ScryptParams {
  salt: Buffer;
  key: Buffer;
}

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const [salt, key] = [parts[4]!, parts[5]!];
  const isPowerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0;
  if (!isPowerOfTwo || N > MAX_N) return null;
  if (!Number.isInteger(r) || r < 1 || r > MAX_R || !Number.isInteger(p) || p < 1 || p > MAX_P) return null;
  if (!B64.test(salt) || !B64.test(key)) return null;
  const parsed = { N, r, p, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
  return parsed.salt.length >= 8 && parsed.key.length >= 32 ? parsed : null;
}

/**
 * Whether `password` is the one `stored` was made from. A malformed or tampered stored value is false, never
 * an exception (the login page answers as for a wrong password). Over-long input is false without hashing.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || password.length > PASSWORD_RULES.maxLength * 4) return false;
  const key = await derive(password, parsed.salt, parsed.key.length, parsed);
  return timingSafeEqual(key, parsed.key);
}

/** 32 lower-case letters and digits without look-alikes (no 0, 1, l, o): 5 bits per character. */
const READABLE = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * A one-time password: 16 random characters in four groups (`abcd-efgh-jkmn-pqrs`, 80 bits), to be changed at
 * the first login.
 */
export function generatePassword(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => READABLE[b & 31]!);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}
