import type { RunningRun } from '../crawlRepositories.js';
import type { PgExec } from './pgDatabase.js';

/**
 * FrontierRepository.runningRuns on PostgreSQL, for the frontier class to delegate to: the runs a worker may
 * join (still running, their owner's heartbeat live). A plain read: joining takes no lock, the leases do.
 */
export async function pgRunningRuns(conn: PgExec, now: number): Promise<RunningRun[]> {
  const { rows } = await conn.query<RunningRun>(
    `SELECT run_pk AS "runPk", job, owner, heartbeat_until AS "heartbeatUntil" FROM crawl_runs
     WHERE state = 'running' AND heartbeat_until > $1 ORDER BY run_pk`,
    [now],
  );
  return rows;
}
