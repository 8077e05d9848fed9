import { describe, expect, it } from 'vitest';
import { AccountError } from '../../../src/store/accountRepository.js';
import {
  generatePassword,
  hashPassword,
  SCRYPT_DEFAULTS,
  verifyPassword,
} from '../../../src/web/auth/passwords.js';
import { CHEAP } from './accountsFixture.js';

describe('passwords', () => {
  it('hashes with the default scrypt parameters in the self-describing form, and verifies', async () => {
    const hash = await hashPassword('正确的马电池订书钉呀');
    const [scheme, N, r, p, salt, key] = hash.split('$');
    expect([scheme, Number(N), Number(r), Number(p)]).toEqual(['scrypt', SCRYPT_DEFAULTS.N, 8, 1]);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64')).toHaveLength(64);
    expect(await verifyPassword('正确的马电池订书钉呀', hash)).toBe(true);
    expect(await verifyPassword('正确的马电池订书钊呀', hash)).toBe(false);
  });

  it('salts each hash, so the same password never hashes the same twice', async () => {
    const [a, b] = [
      await hashPassword('same password', { params: CHEAP }),
      await hashPassword('same password', { params: CHEAP }),
    ];
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password', a)).toBe(true);
    expect(await verifyPassword('same password', b)).toBe(true);
  });

  it('refuses a wrong password, and any tampered or malformed stored hash, without throwing', async () => {
    const hash = await hashPassword('tr0ub4dor&3x', { params: CHEAP });
    expect(await verifyPassword('tr0ub4dor&3X', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
    const parts = hash.split('$');
    const key = Buffer.from(parts[5]!, 'base64');
    key[0]! ^= 1;
    const flipped = [...parts.slice(0, 5), key.toString('base64')].join('$');
    expect(await verifyPassword('tr0ub4dor&3x', flipped)).toBe(false);
    const otherSalt = [...parts.slice(0, 4), Buffer.alloc(16, 7).toString('base64'), parts[5]].join('$');
    expect(await verifyPassword('tr0ub4dor&3x', otherSalt)).toBe(false);
    // A different cost read back gives a different key.
    expect(await verifyPassword('tr0ub4dor&3x', hash.replace('scrypt$1024$', 'scrypt$2048$'))).toBe(false);
    for (const bad of [
      '',
      'plain',
      'scrypt$1024$8$1$$',
      'bcrypt$1024$8$1$aa$bb',
      hash.replace('$1024$', '$1000$'),
      hash.replace('$1024$', '$1073741824$'),
    ]) {
      expect(await verifyPassword('tr0ub4dor&3x', bad)).toBe(false);
    }
  });

  it('refuses a password shorter than 10 characters, in Chinese first and naming the field', async () => {
    const err = await hashPassword('123456789', { field: 'new_password' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccountError);
    expect(err).toMatchObject({ code: 'account.password', field: 'new_password' });
    expect((err as Error).message).toBe(
      '密码至少需要 10 个字符 (new_password: at least 10 characters, got 9)',
    );
    // Characters, not bytes: ten Chinese characters are enough.
    await expect(hashPassword('一二三四五六七八九十', { params: CHEAP })).resolves.toMatch(/^scrypt\$/);
    await expect(hashPassword('x'.repeat(1025))).rejects.toThrow(/password: at most 1024 characters/);
  });

  it('generates readable one-time passwords of 80 random bits that are valid passwords', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const pw = generatePassword();
      expect(pw).toMatch(/^[a-km-np-z2-9]{4}(-[a-km-np-z2-9]{4}){3}$/);
      seen.add(pw);
    }
    expect(seen.size).toBe(200);
    const pw = generatePassword();
    expect(await verifyPassword(pw, await hashPassword(pw, { params: CHEAP }))).toBe(true);
  });
});
