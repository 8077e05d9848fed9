import { MarkwatchError } from '../../common/errors.js';
import type { Db } from '../database.js';
import type { PgConn, PgDb } from '../pg/pgDatabase.js';
import { migratePg } from '../pg/pgMigrate.js';
import { checkCopyCoversSchema, COPY_TABLES, ident, sqliteColumns, type CopyProgress } from './copyTables.js';

export type { CopyProgress } from './copyTables.js';
import { copyEvidenceBlobs } from './copyEvidence.js';

/*
 * `markwatch store copy --to URL`: the SQLite store of a data directory into an empty PostgreSQL database,
 * so that an office can move. Everything happens in ONE PostgreSQL transaction — every table, the evidence
 * blobs, the identity sequences and the final count check — so a failure anywhere leaves the target as empty
 * as it was. The source is read in one SQLite read transaction: a consistent snapshot even while a crawler
 * still writes to it. Ids are kept, so every reference (and the audit chain) stays valid.
 */

export interface CopyReport {
  /** Migrations the target needed first (applied and committed before the copy's transaction). */
  appliedMigrations: string[];
  tables: { table: string; rows: number }[];
  blobs: number;
}

export interface CopyOptions {
  /** The SQLite database of the store (current schema), e.g. opened read-only. */
  source: Db;
  /** The data directory whose evidence/ files go into the PostgreSQL blob store. */
  dataDir: string;
  target: PgDb;
  onProgress?: (p: CopyProgress) => void;
  /** Rows per INSERT (also capped by PostgreSQL's 65 535 parameters). */
  batchRows?: number;
}

function copyError(message: string): MarkwatchError {
  return new MarkwatchError('store.copy', message);
}

/**
 * The target's columns of `table`, which must be exactly the source's (same names; order may differ). Returns
 * the target's identity columns (for resetIdentities), read by the same query.
 */
async function checkColumns(c: PgConn, table: string, columns: string[]): Promise<string[]> {
  const { rows } = await c.query<{ column_name: string; is_identity: string }>(
    `SELECT column_name, is_identity FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
    [table],
  );
  if (rows.length === 0)
    throw copyError(`目标库没有表 ${table} (target has no table ${table}; is it migrated?)`);
  const target = new Set(rows.map((r) => r.column_name));
  const onlySource = columns.filter((col) => !target.has(col));
  const onlyTarget = [...target].filter((col) => !columns.includes(col));
  if (onlySource.length + onlyTarget.length > 0) {
    throw copyError(
      `表 ${table} 的列在两边不同 (columns differ: only in SQLite [${onlySource.join(', ')}], ` +
        `only in PostgreSQL [${onlyTarget.join(', ')}])`,
    );
  }
  return rows.filter((r) => r.is_identity === 'YES').map((r) => r.column_name);
}

/** Refuses a target that holds any row, naming the first such table. */
async function checkEmpty(c: PgConn): Promise<void> {
  for (const table of [...COPY_TABLES, 'blobs']) {
    const { rows } = await c.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${ident(table)}) AS any`);
    if (rows[0]?.any) {
      throw copyError(
        `目标库的表 ${table} 已有数据，拒绝复制 (target table ${table} already has rows; copy needs an empty, migrated database)`,
      );
    }
  }
}

/**
 * Copies the rows of `table` (`total` of them in the source's snapshot, counted by the caller), then sets its
 * identity columns to continue after them. Returns the number of rows copied.
 */
async function copyTable(
  c: PgConn,
  source: Db,
  table: string,
  total: number,
  options: Pick<CopyOptions, 'onProgress' | 'batchRows'>,
): Promise<number> {
  const { columns, key } = sqliteColumns(source, table);
  const identities = await checkColumns(c, table, columns);
  const perBatch = Math.max(1, Math.min(options.batchRows ?? 500, Math.floor(60_000 / columns.length)));
  const names = columns.map(ident).join(', ');
  // In key order: the audit chain must be appended link after link, and a row that refers to an earlier row
  // of its own table (crawl_frontier.carried_from) finds it already there.
  const order = (key.length > 0 ? key : ['rowid']).map((k) => (k === 'rowid' ? k : ident(k))).join(', ');
  const rows = source
    .prepare(`SELECT ${names} FROM ${ident(table)} ORDER BY ${order}`)
    .raw(true)
    .iterate();
  let copied = 0;
  let batch: unknown[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const values = batch
      .map((_, r) => `(${columns.map((_c, i) => `$${r * columns.length + i + 1}`).join(', ')})`)
      .join(', ');
    await c.query(`INSERT INTO ${ident(table)} (${names}) VALUES ${values}`, batch.flat());
    copied += batch.length;
    batch = [];
    options.onProgress?.({ table, copied, total });
  };
  for (const row of rows as Iterable<unknown[]>) {
    batch.push(row);
    if (batch.length >= perBatch) await flush();
  }
  await flush();
  if (total === 0) options.onProgress?.({ table, copied: 0, total: 0 });
  await resetIdentities(c, table, identities);
  return copied;
}

/** Identity columns continue after the copied ids: setval to max(id) for each (left alone on an empty table). */
async function resetIdentities(c: PgConn, table: string, identities: readonly string[]): Promise<void> {
  for (const col of identities) {
    await c.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), m) FROM (SELECT max(${ident(col)}) AS m FROM ${ident(table)}) t
        WHERE m IS NOT NULL`,
      [table, col],
    );
  }
}

/** Copies the store; see the comment at the top. The target is migrated first if it is behind. */
export async function copySqliteToPg(options: CopyOptions): Promise<CopyReport> {
  const { source, target } = options;
  checkCopyCoversSchema(source);
  const appliedMigrations = await migratePg(target);
  source.exec('BEGIN'); // one snapshot of the source for the whole copy
  try {
    const counts = new Map<string, number>(
      COPY_TABLES.map((t) => [
        t,
        Number(
          source
            .prepare(`SELECT count(*) FROM ${ident(t)}`)
            .pluck()
            .get(),
        ),
      ]),
    );
    return await target.tx(async (c) => {
      await checkEmpty(c);
      const tables: CopyReport['tables'] = [];
      for (const table of COPY_TABLES) {
        tables.push({ table, rows: await copyTable(c, source, table, counts.get(table) ?? 0, options) });
      }
      const blobs = await copyEvidenceBlobs(c, source, options.dataDir, options.onProgress);
      // Checked inside the transaction: a difference rolls everything back.
      for (const table of COPY_TABLES) {
        const { rows } = await c.query<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)}`);
        if (rows[0]?.n !== counts.get(table)) {
          throw copyError(
            `表 ${table} 复制后行数不符：SQLite ${counts.get(table)}，PostgreSQL ${rows[0]?.n} (row counts differ after the copy)`,
          );
        }
      }
      return { appliedMigrations, tables, blobs };
    });
  } finally {
    source.exec('COMMIT');
  }
}
