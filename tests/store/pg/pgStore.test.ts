import { afterAll, describe, expect, it } from 'vitest';
import { openPgDb } from '../../../src/store/pg/pgDatabase.js';
import { loadPgMigrations, migratePg } from '../../../src/store/pg/pgMigrate.js';
import { openPgStore } from '../../../src/store/pg/pgStore.js';
import { loadConfig } from '../../../src/config/loadConfig.js';
import { createPgDatabase, pgAdminUrl } from '../../helpers/pgStore.js';

const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of drops) await d();
});

describe('store configuration', () => {
  it('MARKWATCH_STORE_URL selects PostgreSQL and beats the file', () => {
    const config = loadConfig({ cwd: '/nonexistent', env: { MARKWATCH_STORE_URL: 'postgres://u@h/db' } });
    expect(config.store).toMatchObject({ kind: 'postgres', url: 'postgres://u@h/db', poolSize: 10 });
    expect(loadConfig({ cwd: '/nonexistent', env: {} }).store.kind).toBe('sqlite');
  });
});

describe.skipIf(!pgAdminUrl())('PostgreSQL store', () => {
  it('migrates a new database once, in one transaction, and a second open applies nothing', async () => {
    const { url, drop } = await createPgDatabase();
    drops.push(drop);
    const db = await openPgDb(url, { poolSize: 1 });
    // The template is already migrated: nothing pending.
    expect(await migratePg(db)).toEqual([]);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0]?.n).toBe(loadPgMigrations().length);
    await db.close();
  });

  it('a failing migration leaves the database exactly as it was', async () => {
    const { url, drop } = await createPgDatabase();
    drops.push(drop);
    const db = await openPgDb(url, { poolSize: 1 });
    const bad = [
      { name: '9000_ok.sql', sql: 'CREATE TABLE extra_a (x INT)' },
      { name: '9001_bad.sql', sql: 'CREATE TABLE extra_b (x NOSUCHTYPE)' },
    ];
    await expect(migratePg(db, [...loadPgMigrations(), ...bad])).rejects.toThrow(/9001_bad\.sql/);
    const { rows } = await db.query<{ t: string | null }>("SELECT to_regclass('extra_a')::text AS t");
    expect(rows[0]?.t).toBeNull();
    await db.close();
  });

  it('the audit log refuses UPDATE, DELETE, TRUNCATE and a row that is not the next link', async () => {
    const { url, drop } = await createPgDatabase();
    drops.push(drop);
    const db = await openPgDb(url, { poolSize: 1 });
    const zeros = '0'.repeat(64);
    const insert = (seq: number, prev: string) =>
      db.query(
        `INSERT INTO audit_log (seq, at, actor, role, os_user, action, subject_type, subject_id, detail_json, prev_hash, hash)
         VALUES ($1, 'now', 'a', 'staff', 'u', 'x', 't', '1', '{}', $2, $3)`,
        [seq, prev, `h${seq}`],
      );
    await insert(1, zeros);
    await expect(insert(3, 'h1')).rejects.toThrow(/接在最后一条之后/);
    await expect(insert(2, zeros)).rejects.toThrow(/接在最后一条之后/);
    await insert(2, 'h1');
    await expect(db.query("UPDATE audit_log SET actor = 'b'")).rejects.toThrow(/UPDATE refused/);
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/DELETE refused/);
    await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/TRUNCATE refused/);
    await db.close();
  });

  it('a read-only store refuses writes at the server', async () => {
    const { url, drop } = await createPgDatabase();
    drops.push(drop);
    const store = await openPgStore(url, '/tmp', { readonly: true, poolSize: 1 });
    expect(store.readOnly).toBe(true);
    const db = await openPgDb(url, { poolSize: 1, readOnly: true });
    await expect(db.query('CREATE TABLE nope (x INT)')).rejects.toThrow(/read-only transaction/);
    await db.close();
    await store.close();
  });

  it('names the server (without its password) when it cannot be reached', async () => {
    const admin = new URL(pgAdminUrl() ?? '');
    const url = `postgres://markwatch:secret@127.0.0.1:1/none`;
    await expect(openPgStore(url, '/tmp')).rejects.toThrow(
      /postgres:\/\/markwatch:\*\*\*@127\.0\.0\.1:1\/none/,
    );
    expect(admin.protocol).toBe('postgres:');
  });
});
