import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/store/migrate.js';
import { loadPgMigrations } from '../../src/store/pg/pgMigrate.js';
import { createPgDatabase, pgAdminUrl } from '../helpers/pgStore.js';
import { withDatabase } from '../helpers/pgUrl.js';
import { runCli } from '../helpers/runCli.js';
import { useTempDir } from '../helpers/tempDir.js';
import { workflowStore } from '../workflow/workflowFixture.js';

const tempDir = useTempDir();
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of drops) await d();
});
afterEach(() => {
  delete process.env.MARKWATCH_STORE_URL;
});

async function admin<T>(run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: pgAdminUrl()! });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

/** A new database with no schema at all (not from the migrated template). */
async function bareDatabase(): Promise<string> {
  const name = `mw_bare_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  drops.push(() =>
    admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  );
  return withDatabase(pgAdminUrl()!, name);
}

describe('markwatch store migrate (SQLite)', () => {
  it('prints the migrations it applied, then that there is nothing to apply', async () => {
    const dir = tempDir();
    const first = await runCli(dir, 'store', 'migrate');
    expect(first.out).toContain(`已应用 ${loadMigrations().length} 个迁移`);
    expect(first.out).toContain('0001_init.sql');
    const again = await runCli(dir, 'store', 'migrate');
    expect(again.out).toMatch(/^数据库结构已是最新，未应用任何迁移/);
  });
});

describe.skipIf(!pgAdminUrl())('markwatch store migrate / copy (PostgreSQL)', () => {
  it('migrate applies every PostgreSQL migration (blobs included) to the configured server once', async () => {
    process.env.MARKWATCH_STORE_URL = await bareDatabase();
    const first = await runCli(tempDir(), 'store', 'migrate');
    expect(first.out).toContain(`已应用 ${loadPgMigrations().length} 个迁移`);
    expect(first.out).toContain('0610_blobs.sql');
    expect((await runCli(tempDir(), 'store', 'migrate')).out).toContain('数据库结构已是最新');
  });

  it('copy --to URL prints each table with its rows and the verified totals; a second copy is refused', async () => {
    const dir = tempDir();
    const { store, listed } = await workflowStore(dir);
    await listed('s1');
    await listed('s2');
    await store.close();
    const { url, drop } = await createPgDatabase();
    drops.push(drop);
    const res = await runCli(dir, 'store', 'copy', '--to', url);
    expect(res.code).toBe(0);
    expect(res.out).toContain('  listings: 2 行 (rows)');
    expect(res.out).toContain('  stat_actions: 0 行 (rows)');
    expect(res.out).toMatch(/已复制到 .*：34 张表共 \d+ 行、证据 0 个，各表行数已核对/);
    await expect(runCli(dir, 'store', 'copy', '--to', url)).rejects.toThrow(
      /表 listings 已有数据.*target table listings already has rows/,
    );
  });

  it('copy refuses when the configured store is already PostgreSQL', async () => {
    process.env.MARKWATCH_STORE_URL = 'postgres://nobody@127.0.0.1:1/none';
    await expect(runCli(tempDir(), 'store', 'copy', '--to', 'postgres://x@127.0.0.1:1/y')).rejects.toThrow(
      /store\.kind is not sqlite/,
    );
  });
});
