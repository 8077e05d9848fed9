import type { JobOverride, JobRun, JobSettings } from './jobSettingsRepository.js';

/*
 * Rows of crawl-job overrides and of the job runs shown beside them, and their domain objects: one mapping for
 * the SQLite and PostgreSQL stores.
 */

export interface OverrideRow {
  job: string;
  settings: string;
  updated_at: string;
  updated_by: string;
}

export interface RunRow {
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

export const toOverride = (r: OverrideRow): JobOverride => ({
  job: r.job,
  settings: JSON.parse(r.settings) as JobSettings,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

export const toRun = (r: RunRow): JobRun => ({
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

/** The runs of crawl jobs with their crawl state; a caller adds its WHERE / ORDER BY / LIMIT. */
export const RUN_SELECT = `SELECT c.run_pk, c.job, r.status, r.started_at, r.finished_at, r.stats, c.state, c.owner,
  c.heartbeat_until FROM crawl_runs c JOIN runs r ON r.pk = c.run_pk`;
