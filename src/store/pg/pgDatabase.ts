import pg from 'pg';
import { MarkwatchError } from '../../common/errors.js';

/*
 * The PostgreSQL connection of a store: one pool per process, and transactions on one pooled client. Every
 * PostgreSQL repository takes a `PgExec`: the pool for a statement on its own, or the client of a transaction
 * (`PgDb.tx`) when several repositories must commit together (the crawl page's commit). Columns are typed as
 * in SQLite (BIGINT ids and epoch-millisecond times, TEXT for ISO times and JSON), and BIGINT comes back as a JS
 * number: ids and times stay far below 2^53.
 */

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/** Anything that runs a statement: the pool, or the client of an open transaction. */
export interface PgExec {
  query<R extends pg.QueryResultRow = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}

/**
 * What a PostgreSQL repository is built on: statements, and `tx` for several statements that commit together.
 * On the pool (`PgDb`) `tx` opens a transaction; inside one (`fn`'s argument) it simply runs in it, so a
 * repository method that needs a transaction works alone and as part of a larger one (the crawl commit).
 */
export interface PgConn extends PgExec {
  tx<T>(fn: (c: PgConn) => Promise<T>): Promise<T>;
}

/** The client of an open transaction: a nested `tx` joins it. */
class TxConn implements PgConn {
  constructor(private readonly client: pg.PoolClient) {}
  query<R extends pg.QueryResultRow = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    return this.client.query<R>(text, values);
  }
  tx<T>(fn: (c: PgConn) => Promise<T>): Promise<T> {
    return fn(this);
  }
}

/** A PostgreSQL store that cannot be reached or used; the URL in the message has its password hidden. */
export class PgStoreError extends MarkwatchError {}

/** SQLSTATEs after which the whole transaction may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

export interface PgDbOptions {
  /** Connections of this process (config `store.poolSize`). */
  poolSize?: number;
  /** Shown in pg_stat_activity, e.g. `markwatch worker host/pid`. */
  applicationName?: string;
  /** Times a transaction is re-run after a serialization failure or deadlock. */
  retries?: number;
  /** Every session read-only (a command that only reads): a write fails with SQLSTATE 25006. */
  readOnly?: boolean;
}

const DEFAULTS: Required<PgDbOptions> = {
  poolSize: 10,
  applicationName: 'markwatch',
  retries: 5,
  readOnly: false,
};

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

export class PgDb implements PgConn {
  readonly pool: pg.Pool;
  private readonly options: Required<PgDbOptions>;
  private closed = false;

  constructor(
    readonly url: string,
    options: PgDbOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.pool = new pg.Pool({
      connectionString: url,
      max: this.options.poolSize,
      application_name: this.options.applicationName,
      ...(this.options.readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
    });
    // An idle client's error (the server restarted) must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  /** Shown in pg_stat_activity (options.applicationName). */
  get applicationName(): string {
    return this.options.applicationName;
  }

  /** A label for messages: the URL without its password. */
  get label(): string {
    return redactUrl(this.url);
  }

  query<R extends pg.QueryResultRow = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(text, values);
  }

  /**
   * Runs `fn` in one transaction on one client: COMMIT when it resolves, ROLLBACK when it throws. After a
   * serialization failure or a deadlock the whole function runs again (so it must not have effects outside
   * the database that cannot be repeated).
   */
  async tx<T>(fn: (c: PgConn) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(new TxConn(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackErr) {
          broken = rollbackErr as Error;
        }
        const code = (err as { code?: unknown }).code;
        if (typeof code === 'string' && RETRYABLE.has(code) && attempt < this.options.retries) continue;
        throw err;
      } finally {
        client.release(broken);
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** Opens a pool and checks the server answers, with an error naming the (redacted) URL when it does not. */
export async function openPgDb(url: string, options: PgDbOptions = {}): Promise<PgDb> {
  const db = new PgDb(url, options);
  try {
    await db.query('SELECT 1');
    return db;
  } catch (err) {
    await db.close();
    throw new PgStoreError(
      'store.unreachable',
      `${redactUrl(url)}: 无法连接 PostgreSQL (cannot connect: ${(err as Error).message}); ` +
        'check store.url / MARKWATCH_STORE_URL, that the server runs and that the user may log in',
      { cause: err },
    );
  }
}
