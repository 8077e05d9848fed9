import type { RunRecord } from '../model/index.js';
import type { WorkflowActor } from './workflowRepositories.js';

/*
 * Crawl jobs as the web shows and edits them (issue 15): the overrides of a job's configured settings, each
 * change written with its audit entry in one transaction, and the run history of a job with the liveness of
 * its driving process (a run whose heartbeat lapsed was left by a process that ended).
 */

/** A job's overridden fields (already validated against the configuration's job schema by the caller). */
export type JobSettings = Record<string, unknown>;

export interface JobOverride {
  job: string;
  settings: JobSettings;
  updatedAt: string;
  updatedBy: string;
}

export interface JobRun {
  runPk: number;
  job: string;
  /** The run record's status: running | ok | partial | failed. */
  status: RunRecord['status'];
  startedAt: string;
  finishedAt: string | null;
  /** The statistics written at the end of the run ({} while it runs). */
  stats: Record<string, unknown>;
  /** crawl_runs.state: running | finished (an aborted run stays running and is resumed by the next start). */
  state: string;
  owner: string;
  /** Epoch ms: past it, the process driving the run is gone. */
  heartbeatUntil: number;
}

export interface JobSettingsRepository {
  overrides(): Promise<JobOverride[]>;
  override(job: string): Promise<JobOverride | null>;
  /** Stores the job's overrides (replacing earlier ones) and audits before → after, in one transaction. */
  save(job: string, settings: JobSettings, who: WorkflowActor): Promise<JobOverride>;
  /** Drops the job's overrides (back to the configuration) with its audit entry; false when there were none. */
  revert(job: string, who: WorkflowActor): Promise<boolean>;
  /** Runs newest first: of one job, or of every job. */
  runs(query: { job?: string; limit: number }): Promise<JobRun[]>;
  run(runPk: number): Promise<JobRun | null>;
}
