import type { Store } from '../store/index.js';

/*
 * A crawl run's progress, read from the database (the run records and the frontier's rows), so a run driven
 * by another process (`markwatch crawl`) shows as well as one started here. The run page polls it.
 */

export interface RunProgress {
  runPk: number;
  job: string;
  /** The run record's status: running | ok | partial | failed. */
  status: string;
  /** running; finished (the run ended); stalled (its process is gone: the next start of the job resumes it). */
  state: 'running' | 'finished' | 'stalled';
  /** Nothing more will change without a new start: the page stops polling. */
  ended: boolean;
  startedAt: string;
  finishedAt: string | null;
  /** Pages fetched: done rows, offline listings and failed requests (as the run's statistics count them). */
  pages: number;
  done: number;
  /** Rows still to do (pending or leased). */
  queued: number;
  /** Rows lost for good (failed or blocked). */
  failed: number;
  skipped: number;
  hits: number;
  findings: number;
  errorsByClass: Record<string, number>;
}

export async function runProgress(store: Store, runPk: number, now: Date): Promise<RunProgress | null> {
  const run = await store.jobSettings.run(runPk);
  if (!run) return null;
  const t = await store.frontier.tally(runPk);
  const state =
    run.status !== 'running' ? 'finished' : run.heartbeatUntil < now.getTime() ? 'stalled' : 'running';
  return {
    runPk,
    job: run.job,
    status: run.status,
    state,
    ended: state !== 'running',
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    pages: t.states.done + t.offline + t.failedRequests,
    done: t.states.done,
    queued: t.states.pending + t.states.leased,
    failed: t.states.failed + t.states.blocked,
    skipped: t.states.skipped,
    hits: t.hits,
    findings: t.newFindings,
    errorsByClass: t.errorsByClass,
  };
}
