import type { Db } from '../database.js';
import { MarkwatchError } from '../../common/errors.js';

/*
 * Every table of the SQLite schema that `markwatch store copy` moves to PostgreSQL, parents before children
 * (each table's foreign keys point only to tables above it; tests/store/copyTables.test.ts checks both the
 * order and that the list is complete). A migration that adds a table must add it here: until then the copy
 * refuses to run rather than leave the new table's rows behind.
 */
export const COPY_TABLES = [
  'runs',
  'listings',
  'listing_versions',
  'hits',
  'evidence',
  'leads',
  'findings',
  'lead_transitions',
  'notices',
  'notice_items',
  'lead_relistings',
  'seller_whitelist',
  'rights',
  'right_revisions',
  'right_notifications',
  'proofs',
  'right_proofs',
  'crawl_runs',
  'crawl_frontier',
  'crawl_errors',
  'crawl_relistings',
  'crawl_listing_keys',
  'crawl_job_settings',
  'domain_policy',
  'robots_cache',
  'audit_log',
  'alerts',
  'alert_deliveries',
  'alert_settings',
  'users',
  'sessions',
  'login_attempts',
  'stat_cases',
  'stat_actions',
] as const;

/** How far the copy is: after each batch of a table, and after each evidence blob. */
export interface CopyProgress {
  /** A table name, or `evidence blobs`. */
  table: string;
  copied: number;
  total: number;
}

/** SQLite tables that are not data: the migration record (the target has its own), the scheduler's leader lease (runtime state) and SQLite's bookkeeping. */
export const NOT_COPIED = [
  'schema_migrations',
  'leader_leases',
  'sqlite_sequence',
  'sqlite_stat1',
  'sqlite_stat4',
] as const;

/** A table or column name, double-quoted; anything but a plain lower-case name is refused. */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
    throw new MarkwatchError('store.copy', `不是合法的表名或列名：「${name}」 (not a plain SQL name)`);
  }
  return `"${name}"`;
}

/** The tables of a SQLite database, by name. */
export function sqliteTables(db: Db): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all()
    .map(String);
}

/**
 * The copy's table list checked against the source: a table the copy does not know (a newer migration) or one
 * it expects and the source lacks (an older schema) stops it before anything is written.
 */
export function checkCopyCoversSchema(db: Db): void {
  const present = sqliteTables(db).filter((t) => !(NOT_COPIED as readonly string[]).includes(t));
  const known = new Set<string>(COPY_TABLES);
  const unknown = present.filter((t) => !known.has(t));
  if (unknown.length > 0) {
    throw new MarkwatchError(
      'store.copy_unknown_table',
      `SQLite 中有复制程序不认识的表：${unknown.join(', ')}，未复制任何数据 ` +
        `(tables not known to the copy: ${unknown.join(', ')}; add them to COPY_TABLES in src/store/copy/copyTables.ts)`,
    );
  }
  const missing = COPY_TABLES.filter((t) => !present.includes(t));
  if (missing.length > 0) {
    throw new MarkwatchError(
      'store.copy_missing_table',
      `SQLite 中缺少表：${missing.join(', ')} (source lacks tables: ${missing.join(', ')}; is its schema current?)`,
    );
  }
}

/** The columns of a SQLite table in order, and its primary-key columns in key order (for a stable row order). */
export function sqliteColumns(db: Db, table: string): { columns: string[]; key: string[] } {
  const rows = db.prepare(`SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`).all(table) as {
    name: string;
    pk: number;
  }[];
  return {
    columns: rows.map((r) => r.name),
    key: rows
      .filter((r) => r.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((r) => r.name),
  };
}
