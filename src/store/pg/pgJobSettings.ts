import type { JobOverride, JobRun, JobSettings, JobSettingsRepository } from '../jobSettingsRepository.js';
import { RUN_SELECT, toOverride, toRun, type OverrideRow, type RunRow } from '../jobSettingRows.js';
import type { WorkflowActor } from '../workflowRepositories.js';
import { pgAuditInTx } from './pgAudit.js';
import type { PgConn } from './pgDatabase.js';

/*
 * Crawl-job overrides on PostgreSQL. A save records the settings it replaced in the audit log, so the read of
 * the old settings and the write must be one step across machines: both run under a SHARE ROW EXCLUSIVE lock
 * on the table, which lets readers on and makes a second writer wait (a row lock cannot cover the first
 * override of a job, when there is no row yet). Overrides are edited by hand, rarely: the wait costs nothing.
 */

const LOCK_WRITERS = 'LOCK TABLE crawl_job_settings IN SHARE ROW EXCLUSIVE MODE';

export class PgJobSettingsRepository implements JobSettingsRepository {
  constructor(private readonly conn: PgConn) {}

  async overrides(): Promise<JobOverride[]> {
    const { rows } = await this.conn.query<OverrideRow>('SELECT * FROM crawl_job_settings ORDER BY job');
    return rows.map(toOverride);
  }

  async override(job: string): Promise<JobOverride | null> {
    const { rows } = await this.conn.query<OverrideRow>('SELECT * FROM crawl_job_settings WHERE job = $1', [
      job,
    ]);
    return rows[0] ? toOverride(rows[0]) : null;
  }

  save(job: string, settings: JobSettings, who: WorkflowActor): Promise<JobOverride> {
    return this.conn.tx(async (c) => {
      await c.query(LOCK_WRITERS);
      const old = await c.query<{ settings: string }>(
        'SELECT settings FROM crawl_job_settings WHERE job = $1',
        [job],
      );
      const before = old.rows[0] ? (JSON.parse(old.rows[0].settings) as JobSettings) : {};
      await c.query(
        `INSERT INTO crawl_job_settings (job, settings, updated_at, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (job) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at,
         updated_by = excluded.updated_by`,
        [job, JSON.stringify(settings), who.at, who.actor],
      );
      await pgAuditInTx(
        c,
        who,
        'crawl_job.update',
        { type: 'crawl_job', id: job },
        { before, after: settings },
      );
      return { job, settings, updatedAt: who.at, updatedBy: who.actor };
    });
  }

  revert(job: string, who: WorkflowActor): Promise<boolean> {
    return this.conn.tx(async (c) => {
      // DELETE … RETURNING reads what it removes: no separate read to race with.
      const { rows } = await c.query<{ settings: string }>(
        'DELETE FROM crawl_job_settings WHERE job = $1 RETURNING settings',
        [job],
      );
      if (!rows[0]) return false;
      await pgAuditInTx(
        c,
        who,
        'crawl_job.revert',
        { type: 'crawl_job', id: job },
        {
          before: JSON.parse(rows[0].settings) as JobSettings,
        },
      );
      return true;
    });
  }

  async runs(query: { job?: string; limit: number }): Promise<JobRun[]> {
    const { rows } =
      query.job === undefined
        ? await this.conn.query<RunRow>(`${RUN_SELECT} ORDER BY c.run_pk DESC LIMIT $1`, [query.limit])
        : await this.conn.query<RunRow>(`${RUN_SELECT} WHERE c.job = $1 ORDER BY c.run_pk DESC LIMIT $2`, [
            query.job,
            query.limit,
          ]);
    return rows.map(toRun);
  }

  async run(runPk: number): Promise<JobRun | null> {
    const { rows } = await this.conn.query<RunRow>(`${RUN_SELECT} WHERE c.run_pk = $1`, [runPk]);
    return rows[0] ? toRun(rows[0]) : null;
  }
}
