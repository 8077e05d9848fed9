import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/runCli.js';
import { DATABASE_FILE, openDatabase, openStore } from '../../src/store/index.js';
import { SqliteAuditRepository } from '../../src/store/sqliteAudit.js';
import { useTempDir } from '../helpers/tempDir.js';

/* `markwatch audit verify|list`, run in-process on a real data directory. */

const tempDir = useTempDir();

afterEach(() => {
  process.exitCode = undefined;
});

const run = runCli;

/** A data directory whose audit log holds `n` entries about leads 1–3; every connection closed. */
async function dataDirWithLog(n: number): Promise<string> {
  const dir = tempDir();
  await (await openStore(dir)).close();
  const db = openDatabase(join(dir, DATABASE_FILE));
  try {
    const audit = new SqliteAuditRepository(db);
    for (let i = 1; i <= n; i++) {
      await audit.append({
        at: new Date(Date.UTC(2026, 11, 4, 2, 0, i)).toISOString(),
        actor: 'staff-li',
        role: 'staff',
        osUser: 'li',
        action: i === 1 ? 'lead.open' : 'lead.transition',
        subjectType: 'lead',
        subjectId: String(1 + (i % 3)),
        detail: { step: i },
      });
    }
  } finally {
    db.close();
  }
  return dir;
}

/** Runs SQL on the data directory's database with the append-only triggers dropped. */
function tamper(dir: string, sql: string): void {
  const db = openDatabase(join(dir, DATABASE_FILE));
  try {
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    db.exec(sql);
  } finally {
    db.close();
  }
}

describe('markwatch audit verify', () => {
  it('says the chain is intact, with its row count, and exits 0', async () => {
    const dir = await dataDirWithLog(8);
    const { out, code } = await run(dir, 'audit', 'verify');
    expect(code).toBe(0);
    expect(out).toContain('审计链完整：8 条 (audit chain intact: 8 rows)');
    expect(out).toMatch(/最后一条：第 8 条，哈希 [0-9a-f]{64}/);
  });

  it('exits non-zero naming each bad row of a tampered database', async () => {
    const dir = await dataDirWithLog(20);
    tamper(
      dir,
      "UPDATE audit_log SET actor = 'staff-wang' WHERE seq = 12; DELETE FROM audit_log WHERE seq = 15;",
    );
    const { out, code } = await run(dir, 'audit', 'verify');
    expect(code).toBe(1);
    expect(out).toContain('审计链被破坏：2 处问题');
    expect(out).toContain('第 12 条审计记录内容被修改 (audit row seq 12 was altered)');
    expect(out).toContain('第 15 条审计记录被删除 (audit row seq 15 was deleted)');
    expect(out).not.toContain('审计链完整');
  });

  it('--json prints the report, and still exits non-zero on a broken chain', async () => {
    const dir = await dataDirWithLog(5);
    tamper(dir, 'UPDATE audit_log SET detail_json = \'{"step":99}\' WHERE seq = 3;');
    const { out, code } = await run(dir, 'audit', 'verify', '--json');
    expect(code).toBe(1);
    const report = JSON.parse(out) as {
      ok: boolean;
      rows: number;
      problems: { kind: string; seq: number }[];
    };
    expect(report.ok).toBe(false);
    expect(report.rows).toBe(5);
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([['altered', 3]]);
  });

  it('works on a read-only data directory and changes nothing there', async () => {
    const dir = await dataDirWithLog(3);
    const file = join(dir, DATABASE_FILE);
    const before = readFileSync(file);
    // Tests run as root, for whom chmod blocks nothing; markwatch honours the missing write bits itself.
    chmodSync(file, 0o444);
    chmodSync(dir, 0o555);
    try {
      expect((await run(dir, 'audit', 'verify')).out).toContain('审计链完整：3 条');
      expect((await run(dir, 'audit', 'list')).out).toContain('lead.open');
      expect(readFileSync(file).equals(before)).toBe(true);
      expect(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0).toBe(0);
    } finally {
      chmodSync(dir, 0o755);
      chmodSync(file, 0o644);
    }
  });

  it('reports a data directory without a database as every reading command does', async () => {
    await expect(run(join(tempDir(), 'none'), 'audit', 'verify')).rejects.toThrow(/does not exist/);
  });
});

describe('markwatch audit list', () => {
  it('lists the newest entries as a table, oldest first', async () => {
    const dir = await dataDirWithLog(6);
    const { out, code } = await run(dir, 'audit', 'list', '--limit', '2');
    expect(code).toBe(0);
    expect(out).toContain('序号 seq');
    const seqs = out
      .split('\n')
      .map((l) => /^(\d+)\s/.exec(l)?.[1])
      .filter(Boolean);
    expect(seqs).toEqual(['5', '6']);
    expect(out).toContain('2026-12-04T10:00:06+08:00'); // China time
    expect(out).toContain('lead:1');
  });

  it('--subject TYPE:ID and --after filter; --json prints entries with their hashes', async () => {
    const dir = await dataDirWithLog(9);
    const { out } = await run(dir, 'audit', 'list', '--subject', 'lead:2', '--after', '1', '--json');
    const entries = JSON.parse(out) as { seq: number; subjectId: string; hash: string; prevHash: string }[];
    expect(entries.map((e) => e.seq)).toEqual([4, 7]);
    expect(entries.every((e) => e.subjectId === '2' && /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
  });

  it('says so when nothing matches, and refuses bad options naming them', async () => {
    const dir = await dataDirWithLog(2);
    expect((await run(dir, 'audit', 'list', '--subject', 'notice')).out).toContain(
      '没有审计记录 (no audit entries)',
    );
    await expect(run(dir, 'audit', 'list', '--limit', '0')).rejects.toThrow(
      '--limit: expected a positive integer, got "0"',
    );
    await expect(run(dir, 'audit', 'list', '--subject', 'lead:')).rejects.toThrow(
      /--subject: expected TYPE or TYPE:ID/,
    );
  });
});
