import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  cookieAttributes,
  createSession,
  purgeEndedSessions,
  resolveSession,
  revokeSession,
  SESSION_COOKIE,
} from '../../../src/web/auth/sessions.js';
import { createAccount } from '../../../src/web/auth/userAdmin.js';
import { accountsDb, admin, CHEAP, HOUR, later, MINUTE, T0 } from './accountsFixture.js';

const DAY = 24 * HOUR;

async function withUser() {
  const { db, accounts } = accountsDb();
  const { user } = await createAccount(accounts, { username: 'li.officer', role: 'officer' }, admin, {
    scrypt: CHEAP,
  });
  const login = (now = T0) =>
    createSession(accounts, user, { address: '10.0.0.7', userAgent: 'Firefox', now });
  return { db, accounts, user, login };
}

describe('sessions', () => {
  it('stores only the SHA-256 of the token: the raw token is nowhere in the database file', async () => {
    const { db, accounts, login } = await withUser();
    const { token, csrfToken, expiresAt } = await login();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfToken).not.toBe(token);
    expect(expiresAt).toBe(later(7 * DAY).toISOString());

    const sha = createHash('sha256').update(token).digest('hex');
    expect(await accounts.findSession(sha)).toMatchObject({ address: '10.0.0.7', userAgent: 'Firefox' });
    expect(db.prepare('SELECT token_hash FROM sessions').pluck().all()).toEqual([sha]);
    const image = db.serialize();
    expect(image.includes(Buffer.from(token))).toBe(false);
    expect(image.includes(Buffer.from(sha))).toBe(true); // the search itself works
  });

  it('resolves a live token to its user, and nothing else to anyone', async () => {
    const { login, accounts, user } = await withUser();
    const { token, csrfToken } = await login();
    const found = await resolveSession(accounts, token, later(HOUR));
    expect(found?.user).toEqual(user);
    expect(found?.session.csrfToken).toBe(csrfToken);
    for (const other of [
      undefined,
      null,
      '',
      token.slice(0, -1),
      `${token}x`,
      createHash('sha256').update(token).digest('hex'),
    ]) {
      expect(await resolveSession(accounts, other, later(HOUR))).toBeNull();
    }
  });

  it('ends after 12 hours idle, and slides while used', async () => {
    const { login, accounts } = await withUser();
    const idle = await login();
    expect(await resolveSession(accounts, idle.token, later(12 * HOUR - 1))).not.toBeNull();
    // That request counted as activity, so 12 hours from it the session is still alive up to the last ms.
    expect(await resolveSession(accounts, idle.token, later(24 * HOUR - 2))).not.toBeNull();
    expect(await resolveSession(accounts, idle.token, later(36 * HOUR - 2))).toBeNull();
    // An ended session is deleted, not only refused.
    expect(await resolveSession(accounts, idle.token, later(36 * HOUR - 3))).toBeNull();
  });

  it('ends 7 days after login however active it is', async () => {
    const { login, accounts } = await withUser();
    const { token } = await login();
    let now = T0.getTime();
    while (now + 11 * HOUR < T0.getTime() + 7 * DAY) {
      now += 11 * HOUR;
      expect(await resolveSession(accounts, token, new Date(now))).not.toBeNull();
    }
    expect(await resolveSession(accounts, token, later(7 * DAY - 1))).not.toBeNull();
    expect(await resolveSession(accounts, token, later(7 * DAY))).toBeNull();
  });

  it('records activity at most once a minute', async () => {
    const { login, accounts } = await withUser();
    const { token } = await login();
    const sha = createHash('sha256').update(token).digest('hex');
    await resolveSession(accounts, token, later(30 * 1000));
    expect((await accounts.findSession(sha))?.lastSeenAt).toBe(T0.toISOString());
    const seen = await resolveSession(accounts, token, later(2 * MINUTE));
    expect(seen?.session.lastSeenAt).toBe(later(2 * MINUTE).toISOString());
    expect((await accounts.findSession(sha))?.lastSeenAt).toBe(later(2 * MINUTE).toISOString());
  });

  it("refuses a disabled user's session even if its row survived, and deletes it", async () => {
    const { db, login, accounts, user } = await withUser();
    const { token } = await login();
    db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(later(MINUTE).toISOString(), user.id);
    expect(await resolveSession(accounts, token, later(2 * MINUTE))).toBeNull();
    expect(db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);
  });

  it('disabling a user ends all their sessions; enabling does not bring them back', async () => {
    const { login, accounts, user } = await withUser();
    const [a, b] = [await login(), await login(later(MINUTE))];
    await accounts.setDisabled(user.id, true, admin);
    await accounts.setDisabled(user.id, false, admin);
    expect(await resolveSession(accounts, a.token, later(2 * MINUTE))).toBeNull();
    expect(await resolveSession(accounts, b.token, later(2 * MINUTE))).toBeNull();
  });

  it('revokes one session (logout) and leaves the others', async () => {
    const { login, accounts } = await withUser();
    const [a, b] = [await login(), await login()];
    await revokeSession(accounts, a.token);
    expect(await resolveSession(accounts, a.token, later(MINUTE))).toBeNull();
    expect(await resolveSession(accounts, b.token, later(MINUTE))).not.toBeNull();
  });

  it('purges ended sessions only', async () => {
    const { login, accounts } = await withUser();
    await login(T0); // idle for 13 h at the purge
    const fresh = await login(later(12 * HOUR));
    expect(await purgeEndedSessions(accounts, later(13 * HOUR))).toBe(1);
    expect(await resolveSession(accounts, fresh.token, later(13 * HOUR))).not.toBeNull();
  });

  it('names the cookie and its attributes', () => {
    expect(SESSION_COOKIE).toBe('mw_session');
    expect(cookieAttributes({ secure: true })).toEqual({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      maxAge: 7 * 24 * 3600,
      secure: true,
    });
    expect(cookieAttributes({ secure: false, maxAgeSeconds: 0 })).toMatchObject({ secure: false, maxAge: 0 });
  });
});
