import { describe, expect, it } from 'vitest';
import { AccountError } from '../../../src/store/accountRepository.js';
import { attemptLogin } from '../../../src/web/auth/login.js';
import { createSession, hashSessionToken, resolveSession } from '../../../src/web/auth/sessions.js';
import {
  changeOwnPassword,
  createAccount,
  resetAccountPassword,
  setAccountDisabled,
} from '../../../src/web/auth/userAdmin.js';
import { accountsDb, admin, CHEAP, MINUTE, later, T0 } from './accountsFixture.js';

const opts = { scrypt: CHEAP };

async function refusal(promise: Promise<unknown>): Promise<AccountError> {
  const err = await promise.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AccountError);
  return err as AccountError;
}

describe('user administration', () => {
  it('creates a user with a one-time password that must be changed, or with the given password', async () => {
    const { accounts } = accountsDb();
    const made = await createAccount(
      accounts,
      { username: 'Zhao', role: 'admin', displayName: ' 赵科长 ' },
      admin,
      opts,
    );
    expect(made.oneTimePassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(made.user).toMatchObject({
      username: 'zhao',
      displayName: '赵科长',
      role: 'admin',
      holderId: null,
      mustChangePassword: true,
    });
    const login = (u: string, p: string) =>
      attemptLogin(accounts, { username: u, password: p, address: null, now: T0 }, opts);
    expect(await login('zhao', made.oneTimePassword!)).toMatchObject({ ok: true });

    const set = await createAccount(
      accounts,
      { username: 'brand-a', role: 'rights_holder', holderId: 'holder-a', password: 'a long password' },
      admin,
      opts,
    );
    expect(set.oneTimePassword).toBeNull();
    expect(set.user).toMatchObject({
      displayName: 'brand-a',
      holderId: 'holder-a',
      mustChangePassword: false,
    });
    expect(await login('brand-a', 'a long password')).toMatchObject({ ok: true });
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const { accounts } = accountsDb();
    const cases: [Parameters<typeof createAccount>[1], string, RegExp][] = [
      [{ username: 'a', role: 'admin' }, 'username', /^用户名须为.*\(username: /],
      [{ username: '李雷', role: 'admin' }, 'username', /username/],
      [
        { username: 'ok-name', role: 'root' },
        'role',
        /^角色须为 .*\(role: one of admin, officer, rights_holder; got "root"\)$/,
      ],
      [{ username: 'ok-name', role: 'rights_holder' }, 'holder', /^权利人账号须指明.*\(holder: /],
      [
        { username: 'ok-name', role: 'officer', holderId: 'h1' },
        'holder',
        /only a rights_holder has a holder id/,
      ],
      [{ username: 'ok-name', role: 'officer', displayName: 'a\nb' }, 'name', /\(name: one line/],
      [{ username: 'ok-name', role: 'officer', password: 'short' }, 'password', /^密码至少需要 10 个字符/],
    ];
    for (const [input, field, message] of cases) {
      const err = await refusal(createAccount(accounts, input, admin, opts));
      expect(err.field).toBe(field);
      expect(err.message).toMatch(message);
    }
    expect(await accounts.listUsers()).toEqual([]);
  });

  it('refuses a username taken in another case', async () => {
    const { accounts } = accountsDb();
    await createAccount(accounts, { username: 'zhao', role: 'officer' }, admin, opts);
    const err = await refusal(createAccount(accounts, { username: 'ZHAO', role: 'admin' }, admin, opts));
    expect(err).toMatchObject({ code: 'account.duplicate', field: 'username' });
    expect(err.message).toBe('用户名 "zhao" 已被使用 (username: "zhao" is taken)');
  });

  it('reset gives a new one-time password, ends sessions, and the old password no longer works', async () => {
    const { accounts } = accountsDb();
    const { user } = await createAccount(
      accounts,
      { username: 'qian', role: 'officer', password: 'first password' },
      admin,
      opts,
    );
    const s = await createSession(accounts, user, { address: null, userAgent: null, now: T0 });
    const reset = await resetAccountPassword(accounts, 'QIAN', admin, opts);
    expect(reset.user.mustChangePassword).toBe(true);
    expect(await resolveSession(accounts, s.token, later(MINUTE))).toBeNull();
    const login = (p: string) =>
      attemptLogin(accounts, { username: 'qian', password: p, address: null, now: later(MINUTE) }, opts);
    expect(await login('first password')).toMatchObject({ ok: false });
    expect(await login(reset.oneTimePassword!)).toMatchObject({ ok: true });
    await expect(resetAccountPassword(accounts, 'nobody', admin, opts)).rejects.toThrow(
      '没有用户 "nobody" (username: no user "nobody")',
    );
    await expect(setAccountDisabled(accounts, 'nobody', true, admin)).rejects.toThrow(/no user "nobody"/);
  });

  it('a user changes their own password: current checked, rules applied, this session kept, others ended', async () => {
    const { accounts } = accountsDb();
    const { user, oneTimePassword } = await createAccount(
      accounts,
      { username: 'sun', role: 'officer' },
      admin,
      opts,
    );
    const ctx = { address: null, userAgent: null, now: T0 };
    const here = await createSession(accounts, user, ctx);
    const elsewhere = await createSession(accounts, user, ctx);
    const change = (current: string, next: string) =>
      changeOwnPassword(
        accounts,
        user,
        { current, next, keepSessionHash: hashSessionToken(here.token) },
        admin,
        opts,
      );

    expect((await refusal(change('wrong password', 'a new password'))).field).toBe('current_password');
    expect((await refusal(change(oneTimePassword!, 'short'))).message).toMatch(
      /^密码至少需要 10 个字符 \(new_password:/,
    );
    expect((await refusal(change(oneTimePassword!, oneTimePassword!))).field).toBe('new_password');

    const changed = await change(oneTimePassword!, 'a new password');
    expect(changed.mustChangePassword).toBe(false);
    expect(await resolveSession(accounts, here.token, later(MINUTE))).not.toBeNull();
    expect(await resolveSession(accounts, elsewhere.token, later(MINUTE))).toBeNull();
  });
});
