import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../../src/store/index.js';
import { SqliteAuditRepository as SqliteAudit } from '../../src/store/sqliteAudit.js';
import { SqliteJobSettingsRepository } from '../../src/store/sqliteJobSettings.js';
import { SqliteCrawlRuns } from '../../src/store/sqliteCrawlRuns.js';
import { SqliteRunRepository } from '../../src/store/sqliteRuns.js';

const WHO = { actor: 'alice', role: 'officer', osUser: 'web:127.0.0.1', at: '2026-12-04T08:00:00.000Z' };
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});
function open() {
  const db = openDatabase(':memory:');
  migrate(db);
  dbs.push(db);
  return { db, repo: new SqliteJobSettingsRepository(db), audit: new SqliteAudit(db) };
}

describe('crawl job settings', () => {
  it('stores overrides with an audit entry, replaces them, and reverts', async () => {
    const { repo, audit } = open();
    expect(await repo.overrides()).toEqual([]);
    await repo.save('daily', { cron: '0 4 * * *' }, WHO);
    await repo.save('daily', { cron: '30 4 * * *', budget: 50 }, { ...WHO, at: '2026-12-04T09:00:00.000Z' });
    expect(await repo.override('daily')).toEqual({
      job: 'daily',
      settings: { cron: '30 4 * * *', budget: 50 },
      updatedAt: '2026-12-04T09:00:00.000Z',
      updatedBy: 'alice',
    });
    expect(await repo.revert('daily', WHO)).toBe(true);
    expect(await repo.revert('daily', WHO)).toBe(false);
    expect(await repo.override('daily')).toBeNull();
    const entries = await audit.list({ subjectType: 'crawl_job' });
    expect(entries.map((e) => e.action)).toEqual([
      'crawl_job.update',
      'crawl_job.update',
      'crawl_job.revert',
    ]);
    expect(entries[1]!.detail).toEqual({
      before: { cron: '0 4 * * *' },
      after: { cron: '30 4 * * *', budget: 50 },
    });
    expect((await audit.verify()).ok).toBe(true);
  });

  it('leaves neither the row nor the audit entry when the audit append fails', async () => {
    const { db, repo, audit } = open();
    db.exec(
      `CREATE TRIGGER no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit down'); END`,
    );
    await expect(repo.save('daily', { enabled: false }, WHO)).rejects.toThrow(/audit down/);
    expect(await repo.override('daily')).toBeNull();
    expect(await audit.list({})).toEqual([]);
  });

  it("lists a job's runs newest first with their liveness", async () => {
    const { db, repo } = open();
    const crawlRuns = new SqliteCrawlRuns(db);
    const first = await crawlRuns.claimRun('daily', 'h/1/a', 1000, 60_000, () => false);
    await new SqliteRunRepository(db).finish(first.runPk, 'partial', { pages: 7 });
    await crawlRuns.finishRun(first.runPk, 'h/1/a');
    const second = await crawlRuns.claimRun('daily', 'h/1/b', 2000, 60_000, () => false);
    await crawlRuns.claimRun('weekly', 'h/1/c', 3000, 60_000, () => false);
    const runs = await repo.runs({ job: 'daily', limit: 10 });
    expect(runs.map((r) => [r.runPk, r.status, r.state])).toEqual([
      [second.runPk, 'running', 'running'],
      [first.runPk, 'partial', 'finished'],
    ]);
    expect(runs[1]!.stats).toEqual({ pages: 7 });
    expect(runs[0]!.heartbeatUntil).toBe(62_000);
    expect((await repo.runs({ limit: 10 })).map((r) => r.job)).toEqual(['weekly', 'daily', 'daily']);
    expect((await repo.run(first.runPk))?.job).toBe('daily');
    expect(await repo.run(999)).toBeNull();
  });
});
