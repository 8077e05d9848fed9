import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_GENESIS_HASH, type AuditEntryInput, type AuditRow } from '../../src/common/auditChain.js';
import { DATABASE_FILE, migrate, openDatabase, openStore, type Db } from '../../src/store/index.js';
import { appendAuditInTx, SqliteAuditRepository } from '../../src/store/sqliteAudit.js';
import { useTempDir } from '../helpers/tempDir.js';

/*
 * The audit log in a real SQLite file. The triggers refuse changes; a tamperer who drops them through another
 * connection (as anyone with the file can) is still caught by verify, which names the row.
 */

const tempDir = useTempDir();
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

function connect(file: string): Db {
  const db = openDatabase(file);
  open.push(db);
  return db;
}

/** A migrated store file and the audit repository on it. */
function freshLog(): { file: string; db: Db; audit: SqliteAuditRepository } {
  const file = join(tempDir(), DATABASE_FILE);
  const db = connect(file);
  migrate(db);
  return { file, db, audit: new SqliteAuditRepository(db) };
}

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

async function appendMany(audit: SqliteAuditRepository, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) await audit.append(entry(i, String(1 + (i % 3))));
}

async function collect(rows: AsyncIterable<AuditRow>): Promise<AuditRow[]> {
  const out: AuditRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

/** A second connection to the same file with the append-only triggers dropped: what a tamperer can do. */
function tamperer(file: string): Db {
  const raw = connect(file);
  raw.exec(
    'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_append_only',
  );
  return raw;
}

describe('the audit log in SQLite', () => {
  it('is created by the store migrations', async () => {
    const store = await openStore(tempDir());
    try {
      expect(store.appliedMigrations).toContain('0410_audit.sql');
    } finally {
      await store.close();
    }
  });

  it('appends linked entries and reads them back exactly as returned', async () => {
    const { audit } = freshLog();
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
    const { audit } = freshLog();
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
    const { audit } = freshLog();
    await appendMany(audit, 25);
    expect((await collect(audit.all({ batchSize: 4 }))).map((r) => r.seq)).toEqual(
      Array.from({ length: 25 }, (_, i) => i + 1),
    );
    expect(await audit.verify()).toMatchObject({ ok: true, rows: 25 });
  });

  it('refuses UPDATE, DELETE and any insert that is not the next link', async () => {
    const { db, audit } = freshLog();
    await appendMany(audit, 3);
    expect(() => db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 2").run()).toThrow(
      /append-only: UPDATE refused/,
    );
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(
      /append-only: DELETE refused/,
    );
    const [row2] = db.prepare('SELECT * FROM audit_log WHERE seq = 2').all() as Record<string, unknown>[];
    // INSERT OR REPLACE would delete the old row 2 without firing the DELETE trigger.
    expect(() =>
      db
        .prepare(
          `INSERT OR REPLACE INTO audit_log (seq, at, actor, role, os_user, action, subject_type, subject_id,
             detail_json, prev_hash, hash) VALUES (@seq, @at, 'x', @role, @os_user, @action, @subject_type,
             @subject_id, @detail_json, @prev_hash, @hash)`,
        )
        .run(row2!),
    ).toThrow(/must follow the last one/);
    // A fork: a fourth row linked to row 2 instead of row 3.
    expect(() =>
      db
        .prepare(
          `INSERT INTO audit_log (seq, at, actor, role, os_user, action, subject_type, subject_id, detail_json,
             prev_hash, hash) VALUES (4, @at, @actor, @role, @os_user, @action, @subject_type, @subject_id,
             @detail_json, @hash, 'f')`,
        )
        .run(row2!),
    ).toThrow(/must follow the last one/);
    expect(await audit.verify()).toMatchObject({ ok: true, rows: 3 });
  });

  it('names a row altered through a connection with the triggers dropped', async () => {
    const { file, audit } = freshLog();
    await appendMany(audit, 15);
    tamperer(file).prepare("UPDATE audit_log SET actor = 'staff-wang' WHERE seq = 12").run();
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
    const { file, audit } = freshLog();
    await appendMany(audit, 5);
    const raw = tamperer(file);
    const { detail_json } = raw.prepare('SELECT detail_json FROM audit_log WHERE seq = 3').get() as {
      detail_json: string;
    };
    raw
      .prepare('UPDATE audit_log SET detail_json = ? WHERE seq = 3')
      .run(JSON.stringify(JSON.parse(detail_json), null, 1));
    raw.prepare("UPDATE audit_log SET detail_json = 'not json' WHERE seq = 4").run();
    expect((await audit.verify()).problems.map((p) => p.message)).toEqual([
      '第 3 条审计记录内容被修改：读不回写入的内容 (audit row seq 3 was altered: detail_json is not the canonical JSON that was written)',
      '第 4 条审计记录内容被修改：读不回写入的内容 (audit row seq 4 was altered: detail_json is not the canonical JSON that was written)',
    ]);
    expect((await audit.list({ afterSeq: 3, limit: 1 }))[0]!.detail).toEqual({
      unreadableDetailJson: 'not json',
    });
  });

  it('names a deleted row, and deleted newest rows', async () => {
    const { file, audit } = freshLog();
    await appendMany(audit, 15);
    const raw = tamperer(file);
    raw.prepare('DELETE FROM audit_log WHERE seq = 7').run();
    expect((await audit.verify()).problems).toEqual([
      {
        kind: 'deleted',
        seq: 7,
        toSeq: 7,
        position: 6,
        message: '第 7 条审计记录被删除 (audit row seq 7 was deleted)',
      },
    ]);
    raw.prepare('DELETE FROM audit_log WHERE seq >= 14').run();
    expect((await audit.verify()).problems.map((p) => [p.kind, p.seq, p.toSeq])).toEqual([
      ['deleted', 7, 7],
      ['deleted', 14, 15],
    ]);
  });

  it('names two rows whose contents were swapped', async () => {
    const { file, audit } = freshLog();
    await appendMany(audit, 15);
    const raw = tamperer(file);
    const read = raw.prepare('SELECT * FROM audit_log WHERE seq = ?');
    const five = read.get(5) as Record<string, unknown>;
    const six = read.get(6) as Record<string, unknown>;
    const rewrite = raw.prepare(
      `UPDATE audit_log SET at = @at, actor = @actor, role = @role, os_user = @os_user, action = @action,
         subject_type = @subject_type, subject_id = @subject_id, detail_json = @detail_json,
         prev_hash = @prev_hash, hash = @hash WHERE seq = @target`,
    );
    raw.transaction(() => {
      rewrite.run({ ...six, target: 5 });
      rewrite.run({ ...five, target: 6 });
    })();
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
    const { file, audit } = freshLog();
    await appendMany(audit, 6);
    const raw = tamperer(file);
    raw.prepare('UPDATE audit_log SET hash = ? WHERE seq = 3').run('e'.repeat(64));
    // Row 3 no longer hashes to its stored hash, and row 4 no longer links to it: one problem, naming row 3.
    expect((await audit.verify()).problems.map((p) => [p.kind, p.seq])).toEqual([['altered', 3]]);
  });
});

describe('appendAuditInTx', () => {
  it("is part of the caller's transaction: rolled back with it, committed with it", async () => {
    const { db, audit } = freshLog();
    db.exec('CREATE TABLE things (id INTEGER PRIMARY KEY, state TEXT NOT NULL)');
    const change = (state: string, fail: boolean) =>
      db.transaction(() => {
        db.prepare('INSERT INTO things (state) VALUES (?)').run(state);
        appendAuditInTx(db, { ...entry(1), action: `thing.${state}` });
        if (fail) throw new Error('later step failed');
      });
    expect(() => change('failed', true).immediate()).toThrow('later step failed');
    expect(await audit.list()).toEqual([]);
    change('ok', false).immediate();
    expect((await audit.list()).map((e) => [e.seq, e.action])).toEqual([[1, 'thing.ok']]);
    expect(db.prepare('SELECT state FROM things').pluck().all()).toEqual(['ok']);
  });

  it('refuses a bad entry before anything is written, naming the field', async () => {
    const { db, audit } = freshLog();
    expect(() => appendAuditInTx(db, { ...entry(1), subjectId: '' })).toThrow(/subjectId/);
    expect(await audit.list()).toEqual([]);
  });

  it('cannot fork the chain: a transaction that read before another process appended fails whole', async () => {
    const { file, db, audit } = freshLog();
    await appendMany(audit, 2);
    const other = new SqliteAuditRepository(connect(file));
    db.exec('BEGIN'); // deferred, as a careless caller might
    db.prepare('SELECT count(*) FROM audit_log').get(); // its snapshot starts here
    await other.append(entry(3));
    expect(() => appendAuditInTx(db, entry(4))).toThrow(
      expect.objectContaining({ code: 'SQLITE_BUSY_SNAPSHOT' }),
    );
    db.exec('ROLLBACK');
    await audit.append(entry(4));
    const report = await audit.verify();
    expect(report).toMatchObject({ ok: true, rows: 4 });
  });
});
