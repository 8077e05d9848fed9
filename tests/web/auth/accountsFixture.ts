import { afterEach } from 'vitest';
import { migrate, openDatabase, type Db, type WorkflowActor } from '../../../src/store/index.js';
import { SqliteAccountRepository } from '../../../src/store/sqliteAccounts.js';
import type { ScryptParams } from '../../../src/web/auth/passwords.js';

/** Cheap scrypt for tests that hash many passwords; the stored form carries it, so verification follows. */
export const CHEAP: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };

export const T0 = new Date('2026-12-04T02:00:00.000Z');
export const later = (ms: number) => new Date(T0.getTime() + ms);
export const MINUTE = 60 * 1000;
export const HOUR = 60 * MINUTE;

export const admin: WorkflowActor = {
  actor: 'shell:test',
  role: 'shell',
  osUser: 'test',
  at: T0.toISOString(),
};

const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

/** A migrated in-memory database and its account repository (closed after the test). */
export function accountsDb(): { db: Db; accounts: SqliteAccountRepository } {
  const db = openDatabase(':memory:');
  migrate(db);
  dbs.push(db);
  return { db, accounts: new SqliteAccountRepository(db) };
}
