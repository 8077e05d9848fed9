import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { highRiskLeadAlert } from '../../src/workflow/alerts/index.js';
import { listingContentHash, type Listing } from '../../src/model/index.js';
import { migrate, openDatabase, type NewStatCase, type WorkflowActor } from '../../src/store/index.js';
import { SqliteAlertRepository } from '../../src/store/sqliteAlerts.js';
import { SqliteJobSettingsRepository } from '../../src/store/sqliteJobSettings.js';
import { SqliteListingRepository } from '../../src/store/sqliteListings.js';
import { SqliteStatEntryRepository } from '../../src/store/sqliteStatEntries.js';
import { LEAD } from '../workflow/alerts/setup.js';
import { useTempDir } from '../helpers/tempDir.js';

/*
 * Several processes share one SQLite file (crawl workers, serve). A deferred transaction that reads first takes
 * its snapshot at the read; when another process commits before its first write, the write fails at once with
 * SQLITE_BUSY_SNAPSHOT ("database is locked"), which no busy timeout helps. Here the other process commits at
 * exactly that moment: right after the transaction's first read, from a second connection to the same file.
 */

type Db = BetterSqlite3.Database;

/** `db`, whose statements call `afterRead` once, right after the first row is read while `armed`. */
function withHook(db: Db, afterRead: () => void): { db: Db; arm(): void } {
  let armed = false;
  const fire = () => {
    if (!armed) return;
    armed = false;
    afterRead();
  };
  const wrapStatement = (stmt: object): object =>
    new Proxy(stmt, {
      get(target, key) {
        const value = Reflect.get(target, key, target) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          if (result === target) return wrapStatement(target); // pluck(), raw(): chained
          if (key === 'get' || key === 'all') fire();
          return result;
        };
      },
    });
  const proxy = new Proxy(db, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (key === 'prepare') return (sql: string) => wrapStatement(target.prepare(sql));
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
  return { db: proxy, arm: () => (armed = true) };
}

const who = (at: string): WorkflowActor => ({ actor: 'zhang', role: 'staff', osUser: 't', at });

describe('SQLite write transactions that read first, with another process committing meanwhile', () => {
  const tempDir = useTempDir();
  const open: Db[] = [];
  afterEach(() => {
    for (const db of open.splice(0)) db.close();
  });

  /** Connection A (hooked) and B, on one file; B tries to commit between A's first read and its first write. */
  function twoConnections() {
    const file = join(tempDir(), 'store.db');
    const a = openDatabase(file);
    migrate(a);
    const b = openDatabase(file);
    b.pragma('busy_timeout = 0');
    b.exec('CREATE TABLE meanwhile (x INTEGER)');
    open.push(a, b);
    const other = { committed: false, refused: false };
    const hooked = withHook(a, () => {
      try {
        b.prepare('INSERT INTO meanwhile (x) VALUES (1)').run();
        other.committed = true;
      } catch (err) {
        // A holds the write lock from its BEGIN IMMEDIATE: the other process waits its turn.
        expect((err as { code?: string }).code).toBe('SQLITE_BUSY');
        other.refused = true;
      }
    });
    return { db: hooked.db, arm: hooked.arm, other };
  }

  const cases: [string, (db: Db) => Promise<() => Promise<unknown>>][] = [
    [
      'alert deliveries are claimed',
      async (db) => {
        const alerts = new SqliteAlertRepository(db);
        await alerts.enqueue(
          highRiskLeadAlert(LEAD, new Date('2026-12-04T00:00:00Z')),
          ['mail'],
          new Date('2026-12-04T00:00:00Z'),
        );
        return () => alerts.claimDue(new Date('2026-12-05T00:00:00Z'), new Date('2026-12-05T00:05:00Z'));
      },
    ],
    [
      'a crawl job setting is saved',
      async (db) => {
        const settings = new SqliteJobSettingsRepository(db);
        return () => settings.save('daily', { budget: 10 }, who('2026-12-05T00:00:00.000Z'));
      },
    ],
    [
      'a crawl job setting is reverted',
      async (db) => {
        const settings = new SqliteJobSettingsRepository(db);
        await settings.save('daily', { budget: 10 }, who('2026-12-05T00:00:00.000Z'));
        return () => settings.revert('daily', who('2026-12-05T01:00:00.000Z'));
      },
    ],
    [
      'statistics cases are saved',
      async (db) => {
        const stats = new SqliteStatEntryRepository(db);
        const entry: NewStatCase = {
          unit: 'U',
          caseNo: 'C-1',
          row: 'trademark',
          openedOn: '2026-02-01',
          closedOn: null,
          referredOn: null,
          amountInvolvedFen: 5000,
          finesFen: null,
          lossesRecoveredFen: null,
          foreignLossesRecoveredFen: null,
          ecommerce: true,
          keyMarket: false,
          rural: false,
          foreignVictim: false,
          leadId: null,
          note: '',
        };
        return () => stats.saveCases([entry], who('2026-12-05T00:00:00.000Z'));
      },
    ],
    [
      'a listing is stored',
      async (db) => {
        const listings = new SqliteListingRepository(db);
        const listing: Listing = {
          id: 'x1',
          platform: 'shopa',
          url: 'http://127.0.0.1/shopa/item/x1',
          title: '耐克 运动鞋',
          price: 99,
          seller: { id: 's1', name: '某店' },
          capturedAt: '2026-11-01T00:00:00.000Z',
        };
        return () => listings.upsert(listing, listingContentHash(listing));
      },
    ],
  ];

  it.each(cases)('succeeds when %s', async (_name, prepare) => {
    const { db, arm, other } = twoConnections();
    const act = await prepare(db);
    arm();
    await expect(act()).resolves.toBeDefined();
    // The hook ran, and found the write lock taken: the transaction began IMMEDIATE, not at its read.
    expect(other).toEqual({ committed: false, refused: true });
  });
});
