import { describe, expect, it } from 'vitest';
import {
  CSRF_FIELD,
  CSRF_HEADER,
  csrfMatches,
  originMatches,
  SAFE_METHODS,
} from '../../../src/web/auth/csrf.js';
import { createSession, resolveSession } from '../../../src/web/auth/sessions.js';
import { createAccount } from '../../../src/web/auth/userAdmin.js';
import { accountsDb, admin, CHEAP, T0 } from './accountsFixture.js';

describe('csrfMatches', () => {
  it("accepts only the session's own token", async () => {
    const { accounts } = accountsDb();
    const { user } = await createAccount(accounts, { username: 'wang', role: 'admin' }, admin, {
      scrypt: CHEAP,
    });
    const ctx = { address: null, userAgent: null, now: T0 };
    const mine = await createSession(accounts, user, ctx);
    const other = await createSession(accounts, user, ctx);
    const session = (await resolveSession(accounts, mine.token, T0))!.session;
    expect(csrfMatches(session.csrfToken, mine.csrfToken)).toBe(true);
    expect(csrfMatches(session.csrfToken, other.csrfToken)).toBe(false);
    expect(csrfMatches(session.csrfToken, mine.token)).toBe(false);
  });

  it('refuses a missing, empty, shortened or lengthened token, and an empty session token', () => {
    const token = 'A'.repeat(43);
    for (const given of [
      undefined,
      null,
      '',
      token.slice(1),
      `${token}A`,
      token.toLowerCase(),
      ` ${token.slice(1)}`,
    ]) {
      expect(csrfMatches(token, given)).toBe(false);
    }
    expect(csrfMatches('', '')).toBe(false);
  });

  it('names the field and header, and the methods that need no token', () => {
    expect([CSRF_FIELD, CSRF_HEADER]).toEqual(['_csrf', 'X-CSRF-Token']);
    expect([...SAFE_METHODS].sort()).toEqual(['GET', 'HEAD', 'OPTIONS']);
  });
});

describe('originMatches', () => {
  const site = 'https://mw.example.gov.cn';
  it('accepts this origin by Origin or Referer, and a request with neither', () => {
    expect(originMatches({ origin: 'https://mw.example.gov.cn' }, site)).toBe(true);
    expect(originMatches({ referer: 'https://mw.example.gov.cn/findings?page=2' }, site)).toBe(true);
    expect(originMatches({}, site)).toBe(true);
  });

  it('refuses another origin, scheme or port, an opaque origin, and a bad configured origin', () => {
    for (const origin of [
      'https://evil.example',
      'http://mw.example.gov.cn',
      'https://mw.example.gov.cn:8443',
      'null',
      'junk',
    ]) {
      expect(originMatches({ origin }, site)).toBe(false);
    }
    // Origin wins over a matching Referer.
    expect(originMatches({ origin: 'https://evil.example', referer: `${site}/` }, site)).toBe(false);
    expect(originMatches({ referer: 'https://evil.example/page' }, site)).toBe(false);
    expect(originMatches({ origin: site }, 'not a url')).toBe(false);
  });
});
