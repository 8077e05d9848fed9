import { fileURLToPath } from 'node:url';
import { loadMigrations, MigrationError, type Migration } from '../migrate.js';
import type { PgDb } from './pgDatabase.js';

/** The PostgreSQL dialect of the numbered migrations (same names where a SQLite migration has a counterpart). */
export const PG_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export function loadPgMigrations(dir: string = PG_MIGRATIONS_DIR): Migration[] {
  return loadMigrations(dir);
}

/** Any constant: the key of the advisory lock that lets one process at a time migrate. */
const MIGRATE_LOCK = 727_001;

/**
 * Applies every migration not yet recorded, all in one transaction (PostgreSQL's DDL is transactional): the
 * database reaches the newest schema or is left exactly as it was. Workers starting together on several
 * machines wait for each other on an advisory lock, so each migration runs once. Returns the names applied.
 */
export async function migratePg(db: PgDb, migrations: Migration[] = loadPgMigrations()): Promise<string[]> {
  return db.tx(async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
    await c.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)',
    );
    const { rows } = await c.query<{ name: string }>('SELECT name FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.name));
    const pending = migrations.filter((m) => !applied.has(m.name));
    for (const m of pending) {
      try {
        await c.query(m.sql);
      } catch (err) {
        throw new MigrationError(m.name, err as Error);
      }
      await c.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)', [
        m.name,
        new Date().toISOString(),
      ]);
    }
    return pending.map((m) => m.name);
  });
}

/** Migrations this build knows that the database has not applied (for read-only commands). */
export async function pendingPgMigrations(db: PgDb): Promise<string[]> {
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  const applied = new Set<string>();
  if (exists.rows[0]?.t) {
    const { rows } = await db.query<{ name: string }>('SELECT name FROM schema_migrations');
    for (const r of rows) applied.add(r.name);
  }
  return loadPgMigrations()
    .map((m) => m.name)
    .filter((n) => !applied.has(n));
}
