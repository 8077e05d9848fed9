import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrate.js';
import {
  checkCopyCoversSchema,
  COPY_TABLES,
  NOT_COPIED,
  sqliteTables,
} from '../../src/store/copy/copyTables.js';

function migrated() {
  const db = openDatabase(':memory:');
  migrate(db);
  return db;
}

describe('the copy covers the SQLite schema', () => {
  it('lists every table of the migrated schema, once, and nothing else', () => {
    const db = migrated();
    const tables = sqliteTables(db).filter((t) => !(NOT_COPIED as readonly string[]).includes(t));
    expect([...COPY_TABLES].sort()).toEqual(tables.sort());
    expect(new Set(COPY_TABLES).size).toBe(COPY_TABLES.length);
    expect(() => checkCopyCoversSchema(db)).not.toThrow();
  });

  it('lists parents before children: every foreign key points to a table above it (or to itself)', () => {
    const db = migrated();
    for (const [i, table] of COPY_TABLES.entries()) {
      const parents = db
        .prepare('SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)')
        .pluck()
        .all(table);
      for (const parent of parents as string[]) {
        expect(
          COPY_TABLES.indexOf(parent as (typeof COPY_TABLES)[number]),
          `${table} → ${parent}`,
        ).toBeLessThanOrEqual(i);
      }
    }
  });

  it('refuses a schema with a table it does not know, naming it (a future migration is never skipped)', () => {
    const db = migrated();
    db.exec('CREATE TABLE crawl_leases_future (id INTEGER PRIMARY KEY)');
    expect(() => checkCopyCoversSchema(db)).toThrow(/crawl_leases_future/);
  });

  it('refuses a source that lacks a table it expects (an older schema)', () => {
    const db = migrated();
    db.exec('DROP TABLE stat_actions');
    expect(() => checkCopyCoversSchema(db)).toThrow(/stat_actions/);
  });
});
