import type { Db } from './database.js';
import type { JobOverride, JobRun, JobSettings, JobSettingsRepository } from './jobSettingsRepository.js';
import { auditInTx } from './workflowAudit.js';
import type { WorkflowActor } from './workflowRepositories.js';

interface OverrideRow {
  job: string;
  settings: string;
  updated_at: string;
  updated_by: string;
}

interface RunRow {
  run_pk: number;
  job: string;
  status: JobRun['status'];
  started_at: string;
  finished_at: string | null;
  stats: string;
  state: string;
  owner: string;
  heartbeat_until: number;
}

const toOverride = (r: OverrideRow): JobOverride => ({
  job: r.job,
  settings: JSON.parse(r.settings) as JobSettings,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

const toRun = (r: RunRow): JobRun => ({
  runPk: r.run_pk,
  job: r.job,
  status: r.status,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  stats: JSON.parse(r.stats) as Record<string, unknown>,
  state: r.state,
  owner: r.owner,
  heartbeatUntil: r.heartbeat_until,
});

const RUN_SELECT = `SELECT c.run_pk, c.job, r.status, r.started_at, r.finished_at, r.stats, c.state, c.owner,
  c.heartbeat_until FROM crawl_runs c JOIN runs r ON r.pk = c.run_pk`;

export class SqliteJobSettingsRepository implements JobSettingsRepository {
  constructor(private readonly db: Db) {}

  private get(job: string): JobOverride | null {
    const row = this.db
      .prepare<[string], OverrideRow>('SELECT * FROM crawl_job_settings WHERE job = ?')
      .get(job);
    return row ? toOverride(row) : null;
  }

  async overrides(): Promise<JobOverride[]> {
    return this.db
      .prepare<[], OverrideRow>('SELECT * FROM crawl_job_settings ORDER BY job')
      .all()
      .map(toOverride);
  }

  async override(job: string): Promise<JobOverride | null> {
    return this.get(job);
  }

  async save(job: string, settings: JobSettings, who: WorkflowActor): Promise<JobOverride> {
    return this.db.transaction(() => {
      const before = this.get(job)?.settings ?? {};
      this.db
        .prepare(
          `INSERT INTO crawl_job_settings (job, settings, updated_at, updated_by) VALUES (?, ?, ?, ?)
           ON CONFLICT (job) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at,
           updated_by = excluded.updated_by`,
        )
        .run(job, JSON.stringify(settings), who.at, who.actor);
      auditInTx(
        this.db,
        who,
        'crawl_job.update',
        { type: 'crawl_job', id: job },
        { before, after: settings },
      );
      return { job, settings, updatedAt: who.at, updatedBy: who.actor };
    })();
  }

  async revert(job: string, who: WorkflowActor): Promise<boolean> {
    return this.db.transaction(() => {
      const before = this.get(job);
      if (!before) return false;
      this.db.prepare('DELETE FROM crawl_job_settings WHERE job = ?').run(job);
      auditInTx(
        this.db,
        who,
        'crawl_job.revert',
        { type: 'crawl_job', id: job },
        { before: before.settings },
      );
      return true;
    })();
  }

  async runs(query: { job?: string; limit: number }): Promise<JobRun[]> {
    const rows =
      query.job === undefined
        ? this.db.prepare<[number], RunRow>(`${RUN_SELECT} ORDER BY c.run_pk DESC LIMIT ?`).all(query.limit)
        : this.db
            .prepare<[string, number], RunRow>(`${RUN_SELECT} WHERE c.job = ? ORDER BY c.run_pk DESC LIMIT ?`)
            .all(query.job, query.limit);
    return rows.map(toRun);
  }

  async run(runPk: number): Promise<JobRun | null> {
    const row = this.db.prepare<[number], RunRow>(`${RUN_SELECT} WHERE c.run_pk = ?`).get(runPk);
    return row ? toRun(row) : null;
  }
}
