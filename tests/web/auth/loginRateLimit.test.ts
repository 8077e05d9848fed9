import { describe, expect, it } from 'vitest';
import type { LoginAttempt, LoginFailure } from '../../../src/store/accountRepository.js';
import { addressKey, decideLogin, LOGIN_LIMITS } from '../../../src/web/auth/loginRateLimit.js';
import { later, MINUTE, T0 } from './accountsFixture.js';

const attempt = (
  minute: number,
  reason: LoginFailure | null = 'bad_credentials',
  address = '10.0.0.1',
): LoginAttempt => ({
  username: 'li',
  address,
  ok: reason === null,
  reason,
  at: later(minute * MINUTE).toISOString(),
});

const failuresAt = (...minutes: number[]) => minutes.map((m) => attempt(m));

describe('decideLogin', () => {
  it('allows up to 5 failures at an account and locks the 6th until the oldest leaves the 15-minute window', () => {
    const four = failuresAt(0, 1, 2, 3);
    expect(decideLogin({ byUsername: four, byAddress: [] }, later(4 * MINUTE))).toEqual({
      allowed: true,
      retryAfterSeconds: 0,
      reason: null,
    });
    const five = failuresAt(0, 1, 2, 3, 4);
    expect(decideLogin({ byUsername: five, byAddress: [] }, later(5 * MINUTE))).toEqual({
      allowed: false,
      retryAfterSeconds: 10 * 60, // the failure at 0 leaves at 15
      reason: 'account',
    });
    expect(decideLogin({ byUsername: five, byAddress: [] }, later(15 * MINUTE - 1)).retryAfterSeconds).toBe(
      1,
    );
    expect(decideLogin({ byUsername: five, byAddress: [] }, later(15 * MINUTE)).allowed).toBe(true);
  });

  it('does not let refused or disabled attempts extend the lock', () => {
    const tries = [
      ...failuresAt(0, 1, 2, 3, 4),
      attempt(6, 'rate_limited'),
      attempt(14, 'rate_limited'),
      attempt(14, 'disabled'),
    ];
    expect(decideLogin({ byUsername: tries, byAddress: [] }, later(15 * MINUTE)).allowed).toBe(true);
  });

  it("forgets an account's failures before its last success, but not an address's", () => {
    const account = [...failuresAt(0, 1, 2, 3), attempt(4, null), attempt(5)];
    expect(decideLogin({ byUsername: account, byAddress: [] }, later(6 * MINUTE)).allowed).toBe(true);
    const fromOne = [...Array.from({ length: 20 }, (_, i) => attempt(i * 0.5)), attempt(11, null)];
    expect(decideLogin({ byUsername: [], byAddress: fromOne }, later(12 * MINUTE))).toEqual({
      allowed: false,
      retryAfterSeconds: 3 * 60, // the failure at 0 leaves at 15
      reason: 'address',
    });
  });

  it('locks an address after 20 failures in 15 minutes, across usernames', () => {
    const nineteen = Array.from({ length: 19 }, (_, i) => attempt(i * 0.5));
    expect(decideLogin({ byUsername: [], byAddress: nineteen }, later(10 * MINUTE)).allowed).toBe(true);
    const twenty = [...nineteen, attempt(9.5)];
    const locked = decideLogin({ byUsername: [], byAddress: twenty }, later(10 * MINUTE));
    expect(locked).toEqual({ allowed: false, retryAfterSeconds: 5 * 60, reason: 'address' });
  });

  it('ignores attempts outside the window and names the longer of two locks', () => {
    const old = failuresAt(-30, -29, -28, -27, -26, -25);
    expect(decideLogin({ byUsername: old, byAddress: old }, T0).allowed).toBe(true);
    const account = failuresAt(0, 1, 2, 3, 4); // lifts at 15
    const address = Array.from({ length: 20 }, (_, i) => attempt(2 + i * 0.1)); // lifts at 17
    expect(decideLogin({ byUsername: account, byAddress: address }, later(5 * MINUTE))).toMatchObject({
      reason: 'address',
      retryAfterSeconds: 12 * 60,
    });
    expect(LOGIN_LIMITS).toMatchObject({ maxFailuresPerAccount: 5, maxFailuresPerAddress: 20 });
  });
});

describe('addressKey', () => {
  it('keys IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64, anything else as unknown', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2::99')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0DB8:0001:0002:ffff::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
    for (const other of [null, undefined, '', 'localhost', '999.1.1.1'])
      expect(addressKey(other)).toBe('unknown');
  });
});
