import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import {
  DATABASE_FILE,
  explainStoreError,
  loadMigrations,
  migrate,
  openDatabase,
  openStore,
  StoreError,
} from '../../src/store/index.js';
import { useTempDir } from '../helpers/tempDir.js';

/*
 * A read-only data directory. Tests run as root, for whom chmod does not block writes, so markwatch reads the
 * mode bits itself (a file or folder without write bits is read-only on purpose); these tests take the write
 * bits away and check that reading commands still work, without changing the file, and that writing commands
 * refuse naming the file.
 */

const tempDir = useTempDir();
const restore: (() => void)[] = [];
afterEach(() => {
  for (const undo of restore.splice(0).reverse()) undo();
  process.exitCode = undefined;
});

function chmod(path: string, mode: number, back: number): void {
  chmodSync(path, mode);
  restore.push(() => chmodSync(path, back));
}

/** `markwatch --data-dir DIR …args`, in-process; what it printed, or the error it threw. */
async function run(dir: string, ...args: string[]) {
  let out = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const program = buildProgram();
    const override = (c: Command): void => {
      c.exitOverride();
      c.commands.forEach(override);
    };
    override(program);
    await program.parseAsync(['node', 'markwatch', '--data-dir', dir, ...args]);
    return out;
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const RIGHT = {
  id: 'tm-1',
  kind: 'trademark',
  name: '艾克美',
  registrationNo: '12345678',
  niceClasses: [25],
  owner: '艾克美有限公司',
  validFrom: '2020-01-01',
  validTo: '2099-12-31',
};

/** A data directory holding one approved right; the connection is closed (no -wal/-shm left). */
async function dataDirWithRight(): Promise<string> {
  const dir = tempDir();
  const file = join(dir, 'rights.json');
  writeFileSync(file, JSON.stringify({ rights: [RIGHT] }));
  await run(dir, 'rights', '--as', 'staff', 'import', file, '--approve');
  return dir;
}

const reEscape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a read-only data directory', () => {
  it('reading commands open the database read-only and leave it unchanged', async () => {
    const dir = await dataDirWithRight();
    const db = join(dir, DATABASE_FILE);
    const before = hash(db);
    chmod(db, 0o444, 0o644);
    chmod(dir, 0o555, 0o755);

    const rows = JSON.parse(await run(dir, 'rights', '--as', 'staff', 'list', '--json')) as { id: string }[];
    expect(rows.map((r) => r.id)).toEqual(['tm-1']);
    expect(await run(dir, 'rights', '--as', 'staff', 'show', 'tm-1')).toContain('tm-1');
    expect(JSON.parse(await run(dir, 'rights', '--as', 'staff', 'export'))).toEqual({
      rights: [expect.objectContaining({ id: 'tm-1' })],
    });
    expect(JSON.parse(await run(dir, 'leads', 'list', '--json'))).toEqual([]);
    expect(JSON.parse(await run(dir, 'findings', 'list', '--json'))).toEqual([]);
    expect(await run(dir, 'audit', 'verify')).toContain('audit chain intact');
    expect(hash(db)).toBe(before);
  });

  it('a writing command on a file without write bits fails naming the file and what to do', async () => {
    const dir = await dataDirWithRight();
    const db = join(dir, DATABASE_FILE);
    chmod(db, 0o444, 0o644);
    const error = await run(dir, 'rights', '--as', 'staff', 'retire', 'tm-1', '--reason', 'x').catch(
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('store.readonly');
    expect((error as StoreError).message).toBe(
      `${db} is read-only (the file cannot be written), and this command writes to it: ` +
        'check the permissions of the file and its folder, or use --data-dir with a writable directory',
    );
  });

  it('a writing command in a folder without write bits names the folder', async () => {
    const dir = await dataDirWithRight();
    chmod(dir, 0o555, 0o755);
    await expect(run(dir, 'rights', '--as', 'staff', 'expire')).rejects.toThrow(
      `${join(dir, DATABASE_FILE)} is read-only (its folder ${dir} cannot be written)`,
    );
  });

  it('a write that reaches SQLite on a read-only connection is explained, naming the file', async () => {
    const dir = await dataDirWithRight();
    const store = await openStore(dir, { readonly: true });
    try {
      expect(store.readOnly).toBe(true);
      let raw: unknown;
      try {
        await store.rights.markNotificationsRead('acme', [1], new Date().toISOString());
      } catch (err) {
        raw = err;
      }
      expect((raw as { code?: string }).code).toMatch(/^SQLITE_READONLY/);
      const explained = explainStoreError(raw, store.file, store.readOnly);
      expect(explained).toBeInstanceOf(StoreError);
      expect((explained as Error).message).toMatch(
        new RegExp(
          `^${store.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is read-only: it was opened read-only`,
        ),
      );
    } finally {
      await store.close();
    }
  });
});

describe('a folder another user cannot write (the real case)', () => {
  // As root, run the built CLI as an unprivileged uid so the kernel itself refuses writes; SQLite then cannot
  // create the WAL index beside the database, which is the case the in-memory snapshot exists for.
  const root = process.getuid?.() === 0;
  const cli = (dir: string, ...args: string[]) =>
    spawnSync(process.execPath, ['bin/markwatch.js', '--data-dir', dir, ...args], {
      encoding: 'utf8',
      ...(root ? { uid: 65534, gid: 65534 } : {}),
    });

  it('lists from a read-only folder, and a writing command names the file', async () => {
    const dir = await dataDirWithRight();
    const db = join(dir, DATABASE_FILE);
    const before = hash(db);
    chmod(db, 0o444, 0o644);
    chmod(dir, 0o555, 0o755);
    const listed = cli(dir, 'rights', '--as', 'staff', 'list', '--json');
    expect(listed.stderr).toBe('');
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((r) => r.id)).toEqual(['tm-1']);
    expect(cli(dir, 'leads', 'list').status).toBe(0);
    const retired = cli(dir, 'rights', '--as', 'staff', 'retire', 'tm-1', '--reason', 'x');
    expect(retired.status).toBe(1);
    expect(retired.stderr).toMatch(
      new RegExp(`^markwatch: ${reEscape(db)} is read-only \\(the file cannot be written\\)`),
    );
    expect(hash(db)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual([DATABASE_FILE, 'rights.json']);
  });
});

describe('read-only commands never create or migrate', () => {
  it('a missing database is named, and nothing is created', async () => {
    const dir = tempDir();
    await expect(run(dir, 'leads', 'list')).rejects.toThrow(
      `${join(dir, DATABASE_FILE)} does not exist: nothing has been stored in this data directory yet`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a database whose schema is behind is named with the missing migrations, and left as it was', async () => {
    const dir = tempDir();
    const file = join(dir, DATABASE_FILE);
    const db = openDatabase(file);
    const [first, ...rest] = loadMigrations();
    migrate(db, [first!]);
    db.close();
    const before = hash(file);
    const error = await run(dir, 'rights', '--as', 'staff', 'list').catch((err: unknown) => err);
    expect((error as StoreError).code).toBe('store.schema_behind');
    expect((error as Error).message).toContain(`${file}: the database schema is behind this markwatch`);
    for (const m of rest) expect((error as Error).message).toContain(m.name);
    expect(hash(file)).toBe(before);
    expect(existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).length : 0).toBe(0);
  });
});
