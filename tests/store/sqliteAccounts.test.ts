import { expect, it } from 'vitest';
import type { WorkflowActor } from '../../src/store/index.js';
import type { NewUser, Session } from '../../src/store/accountRepository.js';
import { describeStores } from '../helpers/pgStore.js';
import { CHECK_FAILED, reopen, withRaw } from '../helpers/rawSql.js';

const T0 = new Date('2026-12-04T02:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const who: WorkflowActor = { actor: 'shell:root', role: 'shell', osUser: 'root', at: T0.toISOString() };
const HASH = 'scrypt$1024$8$1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5';

const newUser = (over: Partial<NewUser> = {}): NewUser => ({
  username: 'zhao',
  displayName: '赵科长',
  role: 'officer',
  holderId: null,
  passwordHash: HASH,
  mustChangePassword: true,
  ...over,
});

describeStores('account repository', (open, _kind, opened) => {
  const fresh = withRaw(open, opened);

  it('stores users in the database file, found by id or by username in any case', async () => {
    const { store, opened: o } = await fresh();
    const accounts = store.accounts;
    const zhao = await accounts.createUser(newUser(), who);
    const brand = await accounts.createUser(
      newUser({
        username: 'brand-a',
        role: 'rights_holder',
        holderId: 'holder-a',
        mustChangePassword: false,
      }),
      who,
    );
    expect(zhao).toEqual({
      id: expect.any(Number),
      username: 'zhao',
      displayName: '赵科长',
      role: 'officer',
      holderId: null,
      mustChangePassword: true,
      disabledAt: null,
      createdAt: T0.toISOString(),
      updatedAt: T0.toISOString(),
    });

    // Read back through a second store on the same database, as another process would.
    const other = await reopen(o);
    const again = other.accounts;
    expect(await again.getUser(zhao.id)).toEqual(zhao);
    expect(await again.findByUsername('ZHAO')).toEqual(zhao);
    expect(await again.findByUsername('qian')).toBeNull();
    expect(await again.getUser(999)).toBeNull();
    expect(await again.passwordHashOf(brand.id)).toBe(HASH);
    expect((await again.listUsers()).map((u) => u.username)).toEqual(['brand-a', 'zhao']);
    await other.close();
  });

  it('the schema refuses a rights holder without a holder id, staff with one, and unknown roles', async () => {
    const { raw } = await fresh();
    let n = 0;
    const insert = (role: string, holder: string | null) =>
      raw.all(
        `INSERT INTO users (username, display_name, role, holder_id, password_hash, created_at, updated_at)
         VALUES (?, 'x', ?, ?, 'h', 't', 't')`,
        [`u${++n}`, role, holder],
      );
    await expect(insert('rights_holder', null)).rejects.toThrow(CHECK_FAILED);
    await expect(insert('rights_holder', '  ')).rejects.toThrow(CHECK_FAILED);
    await expect(insert('officer', 'holder-a')).rejects.toThrow(CHECK_FAILED);
    await expect(insert('root', null)).rejects.toThrow(CHECK_FAILED);
    await expect(insert('rights_holder', 'holder-a')).resolves.toEqual([]);
    await expect(insert('admin', null)).resolves.toEqual([]);
  });

  it('refuses a duplicate username in any case and leaves no audit entry for it', async () => {
    const { store, raw } = await fresh();
    const accounts = store.accounts;
    await accounts.createUser(newUser(), who);
    await expect(accounts.createUser(newUser({ username: 'Zhao' }), who)).rejects.toMatchObject({
      code: 'account.duplicate',
      field: 'username',
    });
    expect(await raw.value('SELECT count(*) FROM users')).toBe(1);
    expect((await store.audit.list()).map((e) => e.action)).toEqual(['user.add']);
  });

  it('audits every change with the actor and OS user, never the password hash; the chain stays intact', async () => {
    const { store } = await fresh();
    const accounts = store.accounts;
    const u = await accounts.createUser(newUser(), who);
    const later = { ...who, at: at(60_000).toISOString() };
    await accounts.setDisabled(u.id, true, later);
    await accounts.setDisabled(u.id, true, later); // already disabled: no change, no entry
    await accounts.setDisabled(u.id, false, later);
    await accounts.setPassword(u.id, { passwordHash: `${HASH}x`, mustChangePassword: true }, later);
    await accounts.setPassword(u.id, { passwordHash: `${HASH}y`, mustChangePassword: false }, later);
    const audit = store.audit;
    const entries = await audit.list();
    expect(entries.map((e) => [e.action, e.subjectType, e.subjectId, e.actor, e.osUser])).toEqual([
      ['user.add', 'user', String(u.id), 'shell:root', 'root'],
      ['user.disable', 'user', String(u.id), 'shell:root', 'root'],
      ['user.enable', 'user', String(u.id), 'shell:root', 'root'],
      ['user.reset', 'user', String(u.id), 'shell:root', 'root'],
      ['user.password', 'user', String(u.id), 'shell:root', 'root'],
    ]);
    expect(JSON.stringify(entries)).not.toContain('scrypt');
    expect((await audit.verify()).ok).toBe(true);
    expect(await accounts.getUser(u.id)).toMatchObject({
      disabledAt: null,
      mustChangePassword: false,
      updatedAt: at(60_000).toISOString(),
    });
    await expect(accounts.setDisabled(999, true, who)).rejects.toMatchObject({ code: 'account.not_found' });
  });

  it('stores sessions by token hash, touches them forward only, and ends them on disable or password change', async () => {
    const { accounts } = (await fresh()).store;
    const u = await accounts.createUser(newUser(), who);
    const session = (hash: string): Session => ({
      tokenHash: hash,
      userId: u.id,
      csrfToken: `csrf-${hash}`,
      createdAt: T0.toISOString(),
      lastSeenAt: T0.toISOString(),
      expiresAt: at(7 * 86_400_000).toISOString(),
      address: '10.0.0.1',
      userAgent: null,
    });
    for (const h of ['a', 'b', 'c']) await accounts.createSession(session(h));
    expect(await accounts.findSession('a')).toEqual(session('a'));
    await accounts.touchSession('a', at(5000));
    await accounts.touchSession('a', at(1000));
    expect((await accounts.findSession('a'))?.lastSeenAt).toBe(at(5000).toISOString());

    await accounts.setPassword(
      u.id,
      { passwordHash: HASH, mustChangePassword: false, keepSessionHash: 'b' },
      who,
    );
    expect([await accounts.findSession('a'), await accounts.findSession('c')]).toEqual([null, null]);
    expect(await accounts.findSession('b')).not.toBeNull();
    await accounts.setDisabled(u.id, true, who);
    expect(await accounts.findSession('b')).toBeNull();

    await accounts.setDisabled(u.id, false, who);
    await accounts.createSession(session('old'));
    await accounts.createSession({
      ...session('expired'),
      lastSeenAt: at(86_400_000).toISOString(),
      expiresAt: at(86_400_000).toISOString(),
    });
    await accounts.createSession({ ...session('fresh'), lastSeenAt: at(86_400_000).toISOString() });
    expect(await accounts.purgeSessions(at(86_400_000), at(86_400_000 - 12 * 3_600_000))).toBe(2);
    expect(await accounts.findSession('fresh')).not.toBeNull();
  });

  it('records login attempts and returns the recent ones by username and by address, oldest first', async () => {
    const { accounts } = (await fresh()).store;
    const attempt = (username: string, address: string, ms: number, ok = false) =>
      accounts.recordAttempt({
        username,
        address,
        ok,
        reason: ok ? null : 'bad_credentials',
        at: at(ms).toISOString(),
      });
    await attempt('zhao', '10.0.0.1', 3000);
    await attempt('zhao', '10.0.0.2', 1000, true);
    await attempt('qian', '10.0.0.1', 2000);
    await attempt('zhao', '10.0.0.1', -60_000);
    const recent = await accounts.recentAttempts({ username: 'zhao', address: '10.0.0.1', since: T0 });
    expect(recent.byUsername.map((a) => [a.address, a.ok, a.reason, a.at])).toEqual([
      ['10.0.0.2', true, null, at(1000).toISOString()],
      ['10.0.0.1', false, 'bad_credentials', at(3000).toISOString()],
    ]);
    expect(recent.byAddress.map((a) => a.username)).toEqual(['qian', 'zhao']);
    // An attempt recorded before it is decided is settled later.
    const id = await accounts.recordAttempt({
      username: 'sun',
      address: 'z',
      ok: false,
      reason: 'bad_credentials',
      at: T0.toISOString(),
    });
    await accounts.settleAttempt(id, { ok: true, reason: null });
    const [settled] = (await accounts.recentAttempts({ username: 'sun', address: 'z', since: T0 }))
      .byUsername;
    expect(settled).toMatchObject({ id, ok: true, reason: null });
    expect(await accounts.purgeAttempts(T0)).toBe(1);
    await expect(
      accounts.recordAttempt({
        username: 'x',
        address: 'y',
        ok: true,
        reason: 'disabled',
        at: T0.toISOString(),
      }),
    ).rejects.toThrow(CHECK_FAILED);
  });
});
