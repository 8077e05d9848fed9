import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { AUDIT_GENESIS_HASH, type AuditEntryInput, type AuditRow } from '../../src/common/auditChain.js';
import { DATABASE_FILE, openDatabase, type AuditRepository } from '../../src/store/index.js';
import { appendPgAudit } from '../../src/store/pg/pgAudit.js';
import { openPgDb, type PgConn } from '../../src/store/pg/pgDatabase.js';
import { appendAuditInTx } from '../../src/store/sqliteAudit.js';
import { describeStores, type OpenedTestStore } from '../helpers/pgStore.js';
import { withRaw, type RawSql } from '../helpers/rawSql.js';

/*
 * The audit log in a real database, SQLite and PostgreSQL. The triggers refuse changes; a tamperer who drops
 * them through another connection (as anyone with the file or a superuser can) is still caught by verify,
 * which names the row.
 */

function entry(n: number, subjectId = String(n)): AuditEntryInput {
  return {
    at: new Date(Date.UTC(2026, 11, 4, 10, 0, n)).toISOString(),
    actor: n % 2 === 0 ? 'staff-li' : 'system',
    role: n % 2 === 0 ? 'staff' : 'system',
    osUser: 'markwatch',
    action: 'lead.transition',
    subjectType: 'lead',
    subjectId,
    detail: { to: 'reviewing', from: 'new', note: `第 ${n} 步`, figures: { price: 12.5, sales: n } },
  };
}

async function appendMany(audit: AuditRepository, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) await audit.append(entry(i, String(1 + (i % 3))));
}

async function collect(rows: AsyncIterable<AuditRow>): Promise<AuditRow[]> {
  const out: AuditRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

/** The append-only triggers dropped through the raw connection: what a tamperer with database access can do. */
async function dropTriggers(raw: RawSql, kind: 'sqlite' | 'postgres'): Promise<RawSql> {
  const statements =
    kind === 'sqlite'
      ? [
          'DROP TRIGGER audit_log_no_update',
          'DROP TRIGGER audit_log_no_delete',
          'DROP TRIGGER audit_log_append_only',
        ]
      : ['ALTER TABLE audit_log DISABLE TRIGGER USER'];
  for (const sql of statements) await raw.all(sql);
  return raw;
}

const INSERT_ROW = `INSERT INTO audit_log (seq, at, actor, role, os_user, action, subject_type, subject_id,
  detail_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Each dialect's way to overwrite a row by its key: SQLite's REPLACE deletes without firing DELETE triggers. */
const UPSERT_ROW = {
  sqlite: INSERT_ROW.replace('INSERT INTO', 'INSERT OR REPLACE INTO'),
  postgres: `${INSERT_ROW} ON CONFLICT (seq) DO UPDATE SET actor = excluded.actor`,
};

type DbRow = Record<string, unknown>;
const valuesOf = (r: DbRow) =>
  [
    'seq',
    'at',
    'actor',
    'role',
    'os_user',
    'action',
    'subject_type',
    'subject_id',
    'detail_json',
    'prev_hash',
    'hash',
  ].map((c) => r[c]);

describeStores('the audit log', (open, kind, opened) => {
  const fresh = withRaw(open, opened);
  /** A migrated store's audit repository and a raw connection to its database. */
  const freshLog = async () => {
    const { store, raw, opened: o } = await fresh();
    return { audit: store.audit, raw, opened: o };
  };

  it('appends linked entries and reads them back exactly as returned', async () => {
    const { audit } = await freshLog();
    const first = await audit.append(entry(1));
    const second = await audit.append(entry(2));
    expect(first).toMatchObject({ seq: 1, prevHash: AUDIT_GENESIS_HASH });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
    expect(await audit.list()).toEqual([first, second]);
    expect(await collect(audit.all())).toEqual([first, second]);
    expect(await audit.verify()).toEqual({
      ok: true,
      rows: 2,
      problems: [],
      head: { seq: 2, hash: second.hash },
    });
  });

  it('lists by subject, after a seq, the first or the newest N', async () => {
    const { audit } = await freshLog();
    await appendMany(audit, 12);
    const seqs = (rows: { seq: number }[]) => rows.map((r) => r.seq);
    expect(seqs(await audit.list({ subjectType: 'lead', subjectId: '2' }))).toEqual([1, 4, 7, 10]);
    expect(seqs(await audit.list({ subjectType: 'finding' }))).toEqual([]);
    expect(seqs(await audit.list({ afterSeq: 9 }))).toEqual([10, 11, 12]);
    expect(seqs(await audit.list({ limit: 2 }))).toEqual([1, 2]);
    expect(seqs(await audit.list({ limit: 3, latest: true }))).toEqual([10, 11, 12]);
    expect(seqs(await audit.list({ subjectType: 'lead', subjectId: '1', limit: 2, latest: true }))).toEqual([
      9, 12,
    ]);
  });

  it('streams every row in batches and verifies a long chain', async () => {
    const { audit } = await freshLog();
    await appendMany(audit, 25);
    expect((await collect(audit.all({ batchSize: 4 }))).map((r) => r.seq)).toEqual(
      Array.from({ length: 25 }, (_, i) => i + 1),
    );
    expect(await audit.verify()).toMatchObject({ ok: true, rows: 25 });
  });

  it('refuses UPDATE, DELETE and any insert that is not the next link', async () => {
    const { raw, audit } = await freshLog();
    await appendMany(audit, 3);
    await expect(raw.all("UPDATE audit_log SET actor = 'x' WHERE seq = 2")).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(raw.all('DELETE FROM audit_log WHERE seq = 2')).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    const [row2] = await raw.all<DbRow>('SELECT * FROM audit_log WHERE seq = 2');
    await expect(raw.all(UPSERT_ROW[kind], valuesOf({ ...row2, actor: 'x' }))).rejects.toThrow(
      /must follow the last one/,
    );
    // A fork: a fourth row linked to row 2 instead of row 3.
    await expect(
      raw.all(INSERT_ROW, valuesOf({ ...row2, seq: 4, prev_hash: row2!.hash, hash: 'f' })),
    ).rejects.toThrow(/must follow the last one/);
    expect(await audit.verify()).toMatchObject({ ok: true, rows: 3 });
  });

  it('names a row altered through a connection with the triggers dropped', async () => {
    const { raw, audit } = await freshLog();
    await appendMany(audit, 15);
    await (await dropTriggers(raw, kind)).all("UPDATE audit_log SET actor = 'staff-wang' WHERE seq = 12");
    const report = await audit.verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      {
        kind: 'altered',
        seq: 12,
        position: 11,
        message: '第 12 条审计记录内容被修改 (audit row seq 12 was altered)',
      },
    ]);
  });

  it('names a row whose detail was rewritten, even with the same meaning', async () => {
    const { raw, audit } = await freshLog();
    await appendMany(audit, 5);
    await dropTriggers(raw, kind);
    const detailJson = (await raw.value('SELECT detail_json FROM audit_log WHERE seq = 3')) as string;
    await raw.all('UPDATE audit_log SET detail_json = ? WHERE seq = 3', [
      JSON.stringify(JSON.parse(detailJson), null, 1),
    ]);
    await raw.all("UPDATE audit_log SET detail_json = 'not json' WHERE seq = 4");
    expect((await audit.verify()).problems.map((p) => p.message)).toEqual([
      '第 3 条审计记录内容被修改：读不回写入的内容 (audit row seq 3 was altered: detail_json is not the canonical JSON that was written)',
      '第 4 条审计记录内容被修改：读不回写入的内容 (audit row seq 4 was altered: detail_json is not the canonical JSON that was written)',
    ]);
    expect((await audit.list({ afterSeq: 3, limit: 1 }))[0]!.detail).toEqual({
      unreadableDetailJson: 'not json',
    });
  });

  it('names a deleted row, and deleted newest rows', async () => {
    const { raw, audit } = await freshLog();
    await appendMany(audit, 15);
    await dropTriggers(raw, kind);
    await raw.all('DELETE FROM audit_log WHERE seq = 7');
    expect((await audit.verify()).problems).toEqual([
      {
        kind: 'deleted',
        seq: 7,
        toSeq: 7,
        position: 6,
        message: '第 7 条审计记录被删除 (audit row seq 7 was deleted)',
      },
    ]);
    await raw.all('DELETE FROM audit_log WHERE seq >= 14');
    expect((await audit.verify()).problems.map((p) => [p.kind, p.seq, p.toSeq])).toEqual([
      ['deleted', 7, 7],
      ['deleted', 14, 15],
    ]);
  });

  it('names two rows whose contents were swapped', async () => {
    const { raw, audit } = await freshLog();
    await appendMany(audit, 15);
    await dropTriggers(raw, kind);
    const [five] = await raw.all<DbRow>('SELECT * FROM audit_log WHERE seq = 5');
    const [six] = await raw.all<DbRow>('SELECT * FROM audit_log WHERE seq = 6');
    const rewrite = (r: DbRow, target: number) =>
      raw.all(
        `UPDATE audit_log SET at = ?, actor = ?, role = ?, os_user = ?, action = ?, subject_type = ?,
           subject_id = ?, detail_json = ?, prev_hash = ?, hash = ? WHERE seq = ?`,
        [...valuesOf(r).slice(1), target],
      );
    await rewrite(six!, 5);
    await rewrite(five!, 6);
    const report = await audit.verify();
    expect(report.problems.map((p) => [p.kind, p.seq, p.atSeq])).toEqual([
      ['reordered', 6, 5],
      ['reordered', 5, 6],
    ]);
    expect(report.problems[0]!.message).toBe(
      '第 6 条审计记录出现在第 5 条的位置：记录顺序被调换 (audit row seq 6 was found in the place of seq 5: rows swapped or reordered)',
    );
  });

  it('names the break after a row altered and re-hashed with a forged hash', async () => {
    const { raw, audit } = await freshLog();
    await appendMany(audit, 6);
    await dropTriggers(raw, kind);
    await raw.all('UPDATE audit_log SET hash = ? WHERE seq = 3', ['e'.repeat(64)]);
    // Row 3 no longer hashes to its stored hash, and row 4 no longer links to it: one problem, naming row 3.
    expect((await audit.verify()).problems.map((p) => [p.kind, p.seq])).toEqual([['altered', 3]]);
  });
});

/**
 * A workflow change on its own connection, in each dialect: it inserts a row of `things` and appends its audit
 * entry in the same transaction, with the store's append-in-transaction function.
 */
interface TxHarness {
  change(state: string, fail: boolean): Promise<void>;
  things(): Promise<string[]>;
  /** Appends `input` in a transaction that read the log before `meanwhile` ran; what it threw. */
  appendAfterStaleRead(input: AuditEntryInput, meanwhile: () => Promise<unknown>): Promise<unknown>;
  close(): Promise<void>;
}

async function sqliteHarness(o: OpenedTestStore): Promise<TxHarness> {
  const db = openDatabase(join(o.dataDir, DATABASE_FILE));
  db.exec('CREATE TABLE things (id INTEGER PRIMARY KEY, state TEXT NOT NULL)');
  return {
    change: async (state, fail) =>
      db
        .transaction(() => {
          db.prepare('INSERT INTO things (state) VALUES (?)').run(state);
          appendAuditInTx(db, { ...entry(1), action: `thing.${state}` });
          if (fail) throw new Error('later step failed');
        })
        .immediate(),
    things: async () => db.prepare('SELECT state FROM things').pluck().all() as string[],
    appendAfterStaleRead: async (input, meanwhile) => {
      db.exec('BEGIN'); // deferred, as a careless caller might
      db.prepare('SELECT count(*) FROM audit_log').get(); // its snapshot starts here
      await meanwhile();
      try {
        appendAuditInTx(db, input);
        return null;
      } catch (err) {
        return err;
      } finally {
        db.exec('ROLLBACK');
      }
    },
    close: async () => {
      db.close();
    },
  };
}

async function pgHarness(o: OpenedTestStore): Promise<TxHarness> {
  const db = await openPgDb(o.url!, { poolSize: 2 });
  await db.query(
    'CREATE TABLE things (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, state TEXT NOT NULL)',
  );
  return {
    change: (state, fail) =>
      db.tx(async (c) => {
        await c.query('INSERT INTO things (state) VALUES ($1)', [state]);
        await appendPgAudit(c, { ...entry(1), action: `thing.${state}` });
        if (fail) throw new Error('later step failed');
      }),
    things: async () =>
      (await db.query<{ state: string }>('SELECT state FROM things')).rows.map((r) => r.state),
    appendAfterStaleRead: async (input, meanwhile) => {
      // REPEATABLE READ: every statement sees the snapshot of the first read, even after the advisory lock.
      const client = await db.pool.connect();
      const conn: PgConn = { query: (text, values) => client.query(text, values), tx: (fn) => fn(conn) };
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
        await client.query('SELECT count(*) FROM audit_log');
        await meanwhile();
        await appendPgAudit(conn, input);
        return null;
      } catch (err) {
        return err;
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    },
    close: () => db.close(),
  };
}

describeStores('appending inside a transaction', (open, kind, opened) => {
  const harnesses: TxHarness[] = [];
  afterAll(async () => {
    for (const h of harnesses.splice(0)) await h.close();
  });
  const freshLog = async () => {
    const store = await open();
    const o = opened().at(-1)!;
    const h = await (kind === 'sqlite' ? sqliteHarness(o) : pgHarness(o));
    harnesses.push(h);
    return { audit: store.audit, h };
  };

  it("is part of the caller's transaction: rolled back with it, committed with it", async () => {
    const { audit, h } = await freshLog();
    await expect(h.change('failed', true)).rejects.toThrow('later step failed');
    expect(await audit.list()).toEqual([]);
    await h.change('ok', false);
    expect((await audit.list()).map((e) => [e.seq, e.action])).toEqual([[1, 'thing.ok']]);
    expect(await h.things()).toEqual(['ok']);
  });

  it('refuses a bad entry before anything is written, naming the field', async () => {
    const { audit } = await freshLog();
    await expect(audit.append({ ...entry(1), subjectId: '' })).rejects.toThrow(/subjectId/);
    expect(await audit.list()).toEqual([]);
  });

  it('cannot fork the chain: a transaction that read before another process appended fails whole', async () => {
    const { audit, h } = await freshLog();
    await appendMany(audit, 2);
    const err = await h.appendAfterStaleRead(entry(4), () => audit.append(entry(3)));
    // SQLite refuses the stale snapshot's write; PostgreSQL's stale read makes a second seq 3, which the key refuses.
    expect(err).toMatchObject(
      kind === 'sqlite'
        ? { code: 'SQLITE_BUSY_SNAPSHOT' }
        : { code: expect.stringMatching(/^(23505|40001)$/) },
    );
    await audit.append(entry(4));
    expect(await audit.verify()).toMatchObject({ ok: true, rows: 4 });
  });
});
