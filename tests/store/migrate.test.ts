import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import {
  loadMigrations,
  migrate,
  MigrationError,
  openDatabase,
  openStore,
  DATABASE_FILE,
} from '../../src/store/index.js';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir();

function schemaOf(file: string): string[] {
  const db = openDatabase(file);
  try {
    return db
      .prepare("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name")
      .pluck()
      .all() as string[];
  } finally {
    db.close();
  }
}

describe('migrations', () => {
  it('applies every numbered migration on first start and nothing on the second', async () => {
    const dir = tempDir();
    const first = await openStore(dir);
    expect(first.appliedMigrations).toEqual(loadMigrations().map((m) => m.name));
    expect(first.appliedMigrations[0]).toBe('0001_init.sql');
    await first.close();
    const before = schemaOf(join(dir, DATABASE_FILE));
    const second = await openStore(dir);
    expect(second.appliedMigrations).toEqual([]);
    await second.close();
    expect(schemaOf(join(dir, DATABASE_FILE))).toEqual(before);
  });

  it('leaves the database unchanged when a migration fails, including earlier pending ones', () => {
    const file = join(tempDir(), 'x.sqlite');
    const db = openDatabase(file);
    migrate(db, [{ name: '0001_a.sql', sql: 'CREATE TABLE a (x INTEGER);' }]);
    db.prepare('INSERT INTO a VALUES (1)').run();
    const before = schemaOf(file);
    expect(() =>
      migrate(db, [
        { name: '0001_a.sql', sql: 'CREATE TABLE a (x INTEGER);' },
        { name: '0002_b.sql', sql: 'CREATE TABLE b (y INTEGER); INSERT INTO a VALUES (2);' },
        { name: '0003_broken.sql', sql: 'CREATE TABLE c (z INTEGER); THIS IS NOT SQL;' },
      ]),
    ).toThrow(MigrationError);
    expect(schemaOf(file)).toEqual(before);
    expect(db.prepare('SELECT count(*) FROM a').pluck().get()).toBe(1);
    expect(db.prepare('SELECT name FROM schema_migrations').pluck().all()).toEqual(['0001_a.sql']);
    db.close();
  });

  it('names the failing migration in the error', () => {
    const db = openDatabase(join(tempDir(), 'y.sqlite'));
    expect(() => migrate(db, [{ name: '0007_bad.sql', sql: 'CREATE TABLE (' }])).toThrow(/0007_bad\.sql/);
    db.close();
  });

  it('turns on WAL and foreign keys', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    await store.close();
    const db = openDatabase(join(dir, DATABASE_FILE));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() =>
      db
        .prepare(
          "INSERT INTO listing_versions (listing_pk, content_hash, data, captured_at) VALUES (999, 'h', '{}', 't')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
