import { describe, expect, it } from 'vitest';
import { attemptLogin, type LoginResult } from '../../../src/web/auth/login.js';
import { createAccount } from '../../../src/web/auth/userAdmin.js';
import { accountsDb, admin, CHEAP, later, MINUTE } from './accountsFixture.js';

const PASSWORD = 'correct horse battery';

async function setup() {
  const { db, accounts } = accountsDb();
  const { user } = await createAccount(
    accounts,
    { username: 'li.officer', role: 'officer', password: PASSWORD },
    admin,
    { scrypt: CHEAP },
  );
  const login = (username: string, password: string, minute = 0, address: string | null = '10.0.0.1') =>
    attemptLogin(accounts, { username, password, address, now: later(minute * MINUTE) }, { scrypt: CHEAP });
  return { db, accounts, user, login };
}

describe('attemptLogin', () => {
  it('logs in with the right password, whatever the case and spacing of the username', async () => {
    const { login, user, db } = await setup();
    expect(await login(' Li.Officer ', PASSWORD)).toEqual({ ok: true, user });
    expect(db.prepare('SELECT username, address, ok, reason FROM login_attempts').all()).toEqual([
      { username: 'li.officer', address: '10.0.0.1', ok: 1, reason: null },
    ]);
  });

  it('answers an unknown user exactly as a wrong password, and records both without the password', async () => {
    const { login, db } = await setup();
    const wrong = await login('li.officer', 'not the password');
    const unknown = await login('nobody', 'not the password');
    expect(wrong).toEqual({ ok: false, reason: 'bad_credentials' });
    expect(unknown).toEqual(wrong);
    const rows = db.prepare('SELECT * FROM login_attempts').all();
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain('not the password');
  });

  it('locks an account at the 6th try after 5 failures, even with the right password, until the window passes', async () => {
    const { login, user } = await setup();
    for (let m = 0; m < 5; m++)
      expect(await login('li.officer', `wrong-${m}`, m)).toMatchObject({ reason: 'bad_credentials' });
    expect(await login('li.officer', PASSWORD, 5)).toEqual({
      ok: false,
      reason: 'rate_limited',
      retryAfterSeconds: 600,
    });
    // From another address too: the limit is per account.
    expect(await login('li.officer', PASSWORD, 6, '10.9.9.9')).toMatchObject({ reason: 'rate_limited' });
    // Refused tries did not extend the lock: it lifts 15 minutes after the first failure.
    expect(await login('li.officer', PASSWORD, 15)).toEqual({ ok: true, user });
  });

  it('locks an unknown username exactly as a known one, so lockouts do not reveal accounts either', async () => {
    const { login } = await setup();
    const run = async (username: string, address: string) => {
      const results: LoginResult[] = [];
      for (let m = 0; m < 7; m++) results.push(await login(username, 'wrong password', m, address));
      return results;
    };
    expect(await run('nobody', '10.0.0.2')).toEqual(await run('li.officer', '10.0.0.3'));
  });

  it('locks an address after 20 failures across usernames; other addresses still log in', async () => {
    const { login, user } = await setup();
    for (let i = 0; i < 20; i++) await login(`guess${i}`, 'wrong password', i * 0.5, '2001:db8:7:7::1');
    // Another address in the same /64 counts as the same client.
    expect(await login('li.officer', PASSWORD, 10, '2001:db8:7:7::abcd')).toEqual({
      ok: false,
      reason: 'rate_limited',
      retryAfterSeconds: 300,
    });
    expect(await login('li.officer', PASSWORD, 10, '2001:db8:7:8::1')).toEqual({ ok: true, user });
  });

  it('says disabled only to someone who knows the password', async () => {
    const { login, accounts, user } = await setup();
    await accounts.setDisabled(user.id, true, admin);
    expect(await login('li.officer', PASSWORD)).toEqual({ ok: false, reason: 'disabled' });
    expect(await login('li.officer', 'wrong password')).toEqual({ ok: false, reason: 'bad_credentials' });
  });

  it('refuses an empty username or password without error', async () => {
    const { login } = await setup();
    expect(await login('', '')).toEqual({ ok: false, reason: 'bad_credentials' });
    expect(await login('li.officer', '')).toEqual({ ok: false, reason: 'bad_credentials' });
  });
});

describe('attemptLogin under a burst of parallel requests', () => {
  it('lets only the first 5 of 12 concurrent guesses be checked', async () => {
    const { login, db } = await setup();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login('li.officer', `guess ${i} wrong`, 0, `10.1.0.${i}`)),
    );
    expect(results.filter((r) => !r.ok && r.reason === 'bad_credentials')).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === 'rate_limited')).toHaveLength(7);
    expect(
      db.prepare('SELECT reason, count(*) AS n FROM login_attempts GROUP BY reason ORDER BY reason').all(),
    ).toEqual([
      { reason: 'bad_credentials', n: 5 },
      { reason: 'rate_limited', n: 7 },
    ]);
  });
});
