import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, inject } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { openPgStore } from '../../src/store/pg/pgStore.js';
import { PG_TEMPLATE } from './pgNames.js';
import { withDatabase } from './pgUrl.js';

/*
 * Contract tests: the same test body against SQLite and PostgreSQL.
 *
 *   describeStores('listings', (open) => { it('…', async () => { const store = await open(); … }); });
 *
 * `open()` gives a fresh, empty, migrated store (a temporary SQLite file, or a new PostgreSQL database copied
 * from the migrated template) and closes and removes it after the test file. The PostgreSQL half is skipped,
 * with the reason printed once by tests/helpers/pgGlobalSetup.ts, when no server is available.
 */

export type StoreKind = 'sqlite' | 'postgres';

/** The admin URL of the test server, or null when the PostgreSQL suite is skipped. */
export function pgAdminUrl(): string | null {
  return inject('pgAdminUrl');
}

/** A new, migrated PostgreSQL database (copied from the template); `drop` removes it. */
export async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = pgAdminUrl();
  if (!admin) throw new Error('no PostgreSQL test server (see tests/helpers/pgGlobalSetup.ts)');
  const name = `mw_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE}`);
  } finally {
    await client.end();
  }
  return {
    url: withDatabase(admin, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface OpenedTestStore {
  store: Store;
  dataDir: string;
  /** PostgreSQL only: the database URL (for a second process or connection). */
  url: string | null;
  cleanup: () => Promise<void>;
}

/** A fresh store of `kind` with its own data directory. */
export async function openTestStore(
  kind: StoreKind,
  options: { poolSize?: number } = {},
): Promise<OpenedTestStore> {
  const dataDir = mkdtempSync(join(tmpdir(), `markwatch-${kind}-`));
  if (kind === 'sqlite') {
    const store = await openStore(dataDir);
    return {
      store,
      dataDir,
      url: null,
      cleanup: async () => {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const db = await createPgDatabase();
  const store = await openPgStore(db.url, dataDir, { poolSize: options.poolSize ?? 4 });
  return {
    store,
    dataDir,
    url: db.url,
    cleanup: async () => {
      await store.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The store kinds this run can test: SQLite always, PostgreSQL when a server is available. */
export function storeKinds(): StoreKind[] {
  return pgAdminUrl() ? ['sqlite', 'postgres'] : ['sqlite'];
}

/**
 * Runs `body` once per store kind, inside `describe('<name> [<kind>]')`. `open()` returns a fresh store; every
 * store opened is cleaned up when the test file ends.
 */
export function describeStores(
  name: string,
  body: (open: () => Promise<Store>, kind: StoreKind, opened: () => OpenedTestStore[]) => void,
): void {
  for (const kind of ['sqlite', 'postgres'] as const) {
    const run = kind === 'sqlite' || pgAdminUrl() ? describe : describe.skip;
    run(`${name} [${kind}]`, () => {
      const all: OpenedTestStore[] = [];
      const open = async (): Promise<Store> => {
        const o = await openTestStore(kind);
        all.push(o);
        return o.store;
      };
      afterAllCleanup(all);
      body(open, kind, () => all);
    });
  }
}

function afterAllCleanup(all: OpenedTestStore[]): void {
  afterAll(async () => {
    for (const o of all.splice(0)) await o.cleanup();
  });
}
