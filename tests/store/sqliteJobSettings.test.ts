import { expect, it } from 'vitest';
import { describeStores } from '../helpers/pgStore.js';
import { withRaw, type RawSql } from '../helpers/rawSql.js';

const WHO = { actor: 'alice', role: 'officer', osUser: 'web:127.0.0.1', at: '2026-12-04T08:00:00.000Z' };
/** Stops every audit append, in the dialect of the store, to show the change is rolled back with it. */
const BREAK_AUDIT = {
  sqlite: [`CREATE TRIGGER no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit down'); END`],
  postgres: [
    `CREATE FUNCTION no_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit down'; END; $$`,
    'CREATE TRIGGER no_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION no_audit()',
  ],
};

/** A crawl run as the crawler leaves it (runs + crawl_runs), written directly: this file tests the reading. */
async function crawlRun(
  raw: RawSql,
  run: {
    job: string;
    owner: string;
    heartbeatUntil: number;
    status: string;
    stats?: object;
    finished?: boolean;
  },
): Promise<number> {
  const [row] = await raw.all<{ pk: number }>(
    'INSERT INTO runs (kind, started_at, finished_at, status, stats) VALUES (?, ?, ?, ?, ?) RETURNING pk',
    ['crawl', WHO.at, run.finished ? WHO.at : null, run.status, JSON.stringify(run.stats ?? {})],
  );
  await raw.all(
    'INSERT INTO crawl_runs (run_pk, job, state, owner, heartbeat_until, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    [row!.pk, run.job, run.finished ? 'finished' : 'running', run.owner, run.heartbeatUntil, WHO.at],
  );
  return Number(row!.pk);
}

describeStores('crawl job settings', (open, kind, opened) => {
  const fresh = withRaw(open, opened);
  const repos = async () => {
    const { store, raw } = await fresh();
    return { raw, repo: store.jobSettings, audit: store.audit };
  };

  it('stores overrides with an audit entry, replaces them, and reverts', async () => {
    const { repo, audit } = await repos();
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
    const { raw, repo, audit } = await repos();
    for (const sql of BREAK_AUDIT[kind]) await raw.all(sql);
    await expect(repo.save('daily', { enabled: false }, WHO)).rejects.toThrow(/audit down/);
    expect(await repo.override('daily')).toBeNull();
    expect(await audit.list({})).toEqual([]);
  });

  it("lists a job's runs newest first with their liveness", async () => {
    const { raw, repo } = await repos();
    const first = await crawlRun(raw, {
      job: 'daily',
      owner: 'h/1/a',
      heartbeatUntil: 61_000,
      status: 'partial',
      stats: { pages: 7 },
      finished: true,
    });
    const second = await crawlRun(raw, {
      job: 'daily',
      owner: 'h/1/b',
      heartbeatUntil: 62_000,
      status: 'running',
    });
    await crawlRun(raw, { job: 'weekly', owner: 'h/1/c', heartbeatUntil: 63_000, status: 'running' });
    const runs = await repo.runs({ job: 'daily', limit: 10 });
    expect(runs.map((r) => [r.runPk, r.status, r.state])).toEqual([
      [second, 'running', 'running'],
      [first, 'partial', 'finished'],
    ]);
    expect(runs[1]!.stats).toEqual({ pages: 7 });
    expect(runs[0]!.heartbeatUntil).toBe(62_000);
    expect((await repo.runs({ limit: 10 })).map((r) => r.job)).toEqual(['weekly', 'daily', 'daily']);
    expect((await repo.run(first))?.job).toBe('daily');
    expect(await repo.run(999)).toBeNull();
  });
});
