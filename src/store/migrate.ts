import { MarkwatchError } from '../common/errors.js';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './database.js';

export interface Migration {
  name: string;
  sql: string;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

const MIGRATION_FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;

/** Numbered `NNNN_name.sql` files, in order. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => MIGRATION_FILE.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(`${dir}/${name}`, 'utf8') }));
}

export class MigrationError extends MarkwatchError {
  constructor(
    readonly migration: string,
    cause: Error,
  ) {
    super('store.migration', `migration ${migration} failed: ${cause.message}`, { cause });
  }
}

/**
 * Applies every migration not yet recorded, all in one transaction: either the database reaches the newest
 * schema or it is left exactly as it was. Returns the names applied (empty on a second start).
 */
export function migrate(db: Db, migrations: Migration[] = loadMigrations()): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    db
      .prepare('SELECT name FROM schema_migrations')
      .pluck()
      .all()
      .map((n) => String(n)),
  );
  const pending = migrations.filter((m) => !applied.has(m.name));
  if (pending.length === 0) return [];
  const record = db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)');
  db.transaction(() => {
    for (const m of pending) {
      try {
        db.exec(m.sql);
      } catch (err) {
        throw new MigrationError(m.name, err as Error);
      }
      record.run(m.name, new Date().toISOString());
    }
  })();
  return pending.map((m) => m.name);
}
