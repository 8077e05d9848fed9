import type { Db } from './database.js';
import { RUN_SELECT, toOverride, toRun, type OverrideRow, type RunRow } from './jobSettingRows.js';
import type { JobOverride, JobRun, JobSettings, JobSettingsRepository } from './jobSettingsRepository.js';
import { auditInTx } from './workflowAudit.js';
import type { WorkflowActor } from './workflowRepositories.js';

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
    return this.db
      .transaction(() => {
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
      })
      .immediate();
  }

  async revert(job: string, who: WorkflowActor): Promise<boolean> {
    return this.db
      .transaction(() => {
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
      })
      .immediate();
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
