import { Readable } from 'node:stream';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/runCli.js';
import { useTempDir } from '../helpers/tempDir.js';
import { DATABASE_FILE, openDatabase } from '../../src/store/index.js';
import { SqliteAccountRepository } from '../../src/store/sqliteAccounts.js';
import { SqliteAuditRepository } from '../../src/store/sqliteAudit.js';
import { attemptLogin } from '../../src/web/auth/login.js';

/* `markwatch users add|list|disable|enable|reset`, in-process on a real data directory. */

const tempDir = useTempDir();
afterEach(() => {
  vi.restoreAllMocks();
});

const ONE_TIME = /一次性密码.*\n {2}([a-z2-9]{4}(?:-[a-z2-9]{4}){3})\n/;

/** Tries a login against the data directory's database, as the web app will. */
async function login(dir: string, username: string, password: string, minute = 0) {
  const db = openDatabase(join(dir, DATABASE_FILE));
  try {
    const now = new Date(Date.UTC(2026, 11, 4, 2, minute));
    return await attemptLogin(new SqliteAccountRepository(db), {
      username,
      password,
      address: '127.0.0.1',
      now,
    });
  } finally {
    db.close();
  }
}

function withStdin(text: string): void {
  vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from([text]) as unknown as typeof process.stdin);
}

describe('markwatch users', () => {
  it('add without a password prints a one-time password once, which logs in and must be changed', async () => {
    const dir = tempDir();
    const added = await runCli(
      dir,
      'users',
      'add',
      '--username',
      'Admin',
      '--role',
      'admin',
      '--name',
      '王管理',
    );
    expect(added.code).toBe(0);
    expect(added.out).toContain('已创建用户 admin，角色 管理员 (admin) (user created)');
    const password = ONE_TIME.exec(added.out)?.[1];
    expect(password).toBeDefined();
    expect(await login(dir, 'admin', password!)).toMatchObject({
      ok: true,
      user: { mustChangePassword: true, displayName: '王管理' },
    });

    const listed = await runCli(dir, 'users', 'list');
    expect(listed.out).toMatch(/admin\s+王管理\s+管理员 \(admin\)\s+-\s+待改密码 \(must change password\)/);
    expect(listed.out).not.toContain(password);
    expect(listed.out).not.toContain('scrypt');
  });

  it('add --password-stdin takes the password from standard input and prints none', async () => {
    const dir = tempDir();
    withStdin('holder secret pw\n');
    const added = await runCli(
      dir,
      'users',
      'add',
      '--username',
      'brand-a',
      '--role',
      'rights_holder',
      '--holder',
      'holder-a',
      '--password-stdin',
    );
    expect(added.out).not.toMatch(ONE_TIME);
    expect(await login(dir, 'brand-a', 'holder secret pw')).toMatchObject({
      ok: true,
      user: { mustChangePassword: false, holderId: 'holder-a' },
    });
    const users = JSON.parse((await runCli(dir, 'users', 'list', '--json')).out) as Record<string, unknown>[];
    expect(users).toEqual([
      expect.objectContaining({ username: 'brand-a', role: 'rights_holder', holderId: 'holder-a' }),
    ]);
    expect(JSON.stringify(users)).not.toMatch(/scrypt|password_hash|passwordHash/);
  });

  it('refuses bad input naming the field, and a short password from stdin', async () => {
    const dir = tempDir();
    await expect(
      runCli(dir, 'users', 'add', '--username', 'brand-a', '--role', 'rights_holder'),
    ).rejects.toThrow(/\(holder: a rights_holder needs/);
    await expect(runCli(dir, 'users', 'add', '--username', 'x', '--role', 'root')).rejects.toThrow(
      /username: 2–32/,
    );
    await expect(runCli(dir, 'users', 'add', '--username', 'zhao', '--role', 'root')).rejects.toThrow(
      /\(role: one of admin, officer, rights_holder/,
    );
    await expect(runCli(dir, 'users', 'add', '--username', 'zhao')).rejects.toThrow(/--role/);
    withStdin('short\n');
    await expect(
      runCli(dir, 'users', 'add', '--username', 'zhao', '--role', 'officer', '--password-stdin'),
    ).rejects.toThrow('密码至少需要 10 个字符 (password: at least 10 characters, got 5)');
    withStdin('');
    await expect(
      runCli(dir, 'users', 'add', '--username', 'zhao', '--role', 'officer', '--password-stdin'),
    ).rejects.toThrow(/--password-stdin: 标准输入为空/);
    await runCli(dir, 'users', 'add', '--username', 'zhao', '--role', 'officer');
    await expect(runCli(dir, 'users', 'add', '--username', 'ZHAO', '--role', 'admin')).rejects.toThrow(
      '用户名 "zhao" 已被使用',
    );
    expect(JSON.parse((await runCli(dir, 'users', 'list', '--json')).out)).toHaveLength(1);
  });

  it('disable stops logins, enable restores them, reset replaces the password; each is audited', async () => {
    const dir = tempDir();
    withStdin('officer password\n');
    await runCli(dir, 'users', 'add', '--username', 'qian', '--role', 'officer', '--password-stdin');

    expect((await runCli(dir, 'users', 'disable', 'qian')).out).toContain('qian: 已停用 (disabled)');
    expect(await login(dir, 'qian', 'officer password')).toEqual({ ok: false, reason: 'disabled' });
    expect((await runCli(dir, 'users', 'list')).out).toMatch(/qian.*已停用 \(disabled\)/);
    expect((await runCli(dir, 'users', 'enable', 'qian')).out).toContain('qian: 正常 (active)');
    expect(await login(dir, 'qian', 'officer password', 1)).toMatchObject({ ok: true });

    const reset = await runCli(dir, 'users', 'reset', 'QIAN');
    expect(reset.out).toContain('已重置 qian 的密码 (password reset)');
    const fresh = ONE_TIME.exec(reset.out)?.[1];
    expect(await login(dir, 'qian', 'officer password', 2)).toEqual({ ok: false, reason: 'bad_credentials' });
    expect(await login(dir, 'qian', fresh!, 3)).toMatchObject({
      ok: true,
      user: { mustChangePassword: true },
    });
    await expect(runCli(dir, 'users', 'disable', 'nobody')).rejects.toThrow('没有用户 "nobody"');

    const db = openDatabase(join(dir, DATABASE_FILE), { readonly: true });
    try {
      const entries = await new SqliteAuditRepository(db).list();
      expect(entries.map((e) => [e.action, e.role])).toEqual([
        ['user.add', 'shell'],
        ['user.disable', 'shell'],
        ['user.enable', 'shell'],
        ['user.reset', 'shell'],
      ]);
      expect(entries.every((e) => e.osUser.length > 0 && e.actor === `shell:${e.osUser}`)).toBe(true);
    } finally {
      db.close();
    }
  });

  it('list says how to add the first admin when there are no users', async () => {
    const dir = tempDir();
    await runCli(dir, 'users', 'disable', 'x').catch(() => undefined); // creates and migrates the database
    expect((await runCli(dir, 'users', 'list')).out).toContain(
      '还没有用户 (no users yet): markwatch users add --username U --role admin',
    );
  });
});
