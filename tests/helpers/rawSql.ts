import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { DATABASE_FILE, openDatabase, openStore, type Store } from '../../src/store/index.js';
import { openPgStore } from '../../src/store/pg/pgStore.js';
import type { OpenedTestStore } from './pgStore.js';

/*
 * A second, raw connection to a test store's database, for what a contract test must do beside the
 * repositories: check the schema's own refusals, count rows, or tamper as someone with database access could.
 * SQL is written once with `?` placeholders; for PostgreSQL they become $1, $2 …
 */

export interface RawSql {
  /** Runs a statement; the rows it returns (none for most writes). */
  all<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** The first column of the first row. */
  value(sql: string, params?: unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

const dollars = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

export async function rawSql(o: OpenedTestStore): Promise<RawSql> {
  let raw: Omit<RawSql, 'value'>;
  if (o.url === null) {
    const db = openDatabase(join(o.dataDir, DATABASE_FILE));
    raw = {
      all: async <R>(sql: string, params: unknown[] = []) => {
        const st = db.prepare(sql);
        return (st.reader ? st.all(...params) : (st.run(...params), [])) as R[];
      },
      close: async () => {
        if (db.open) db.close();
      },
    };
  } else {
    const client = new pg.Client({ connectionString: o.url });
    await client.connect();
    raw = {
      all: async <R>(sql: string, params: unknown[] = []) =>
        (await client.query(dollars(sql), params)).rows as R[],
      close: () => client.end(),
    };
  }
  return {
    ...raw,
    value: async (sql, params) => {
      const [row] = await raw.all(sql, params);
      return row === undefined ? undefined : Object.values(row)[0];
    },
  };
}

/** Another store on the same database (as a second process would open it); the caller closes it. */
export function reopen(o: OpenedTestStore): Promise<Store> {
  return o.url === null ? openStore(o.dataDir) : openPgStore(o.url, o.dataDir, { poolSize: 4 });
}

/** The refusal of a CHECK constraint, as either database words it. */
export const CHECK_FAILED = /CHECK constraint failed|violates check constraint/;

/**
 * For a describeStores body: `fresh()` opens a store and a raw connection to its database; the raw
 * connections are closed after the file (before the stores are removed).
 */
export function withRaw(
  open: () => Promise<Store>,
  opened: () => OpenedTestStore[],
): () => Promise<{ store: Store; raw: RawSql; opened: OpenedTestStore }> {
  const raws: RawSql[] = [];
  afterAll(async () => {
    for (const r of raws.splice(0)) await r.close();
  });
  return async () => {
    const store = await open();
    const o = opened().at(-1)!;
    const raw = await rawSql(o);
    raws.push(raw);
    return { store, raw, opened: o };
  };
}
