import type { ClaimResult, RunningRun } from '../crawlRepositories.js';
import { isoNow } from '../frontierRows.js';
import type { PgConn } from './pgDatabase.js';
import { renewOwnLeases } from './pgFrontierQueue.js';
import { insertRun } from './pgRuns.js';

/** Namespace of the advisory locks that serialise claims of one job (the second key is the job's hash). */
const CLAIM_LOCK = 727_002;

/** Runs of crawl jobs on PostgreSQL: who drives each (owner and heartbeat), its plan, and its end. */
export class PgCrawlRuns {
  constructor(private readonly conn: PgConn) {}

  /**
   * Atomic across machines: the claim runs under a transaction-scoped advisory lock on the job, so two
   * processes never both see "no running run" and start one each; the partial unique index
   * crawl_runs_one_running (0200_crawl.sql) refuses a second running run of a job should anything bypass it.
   */
  async claimRun(
    job: string,
    owner: string,
    now: number,
    heartbeatMs: number,
    isOwnerGone: (owner: string) => boolean,
  ): Promise<ClaimResult> {
    return this.conn.tx(async (c): Promise<ClaimResult> => {
      await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CLAIM_LOCK, job]);
      const { rows } = await c.query<{ run_pk: number; owner: string; heartbeat_until: number }>(
        `SELECT run_pk, owner, heartbeat_until FROM crawl_runs WHERE job = $1 AND state = 'running'
         ORDER BY run_pk DESC LIMIT 1`,
        [job],
      );
      const running = rows[0];
      if (running) {
        if (running.heartbeat_until > now && !isOwnerGone(running.owner)) {
          return { kind: 'busy', runPk: running.run_pk, owner: running.owner };
        }
        await c.query('UPDATE crawl_runs SET owner = $1, heartbeat_until = $2 WHERE run_pk = $3', [
          owner,
          now + heartbeatMs,
          running.run_pk,
        ]);
        return { kind: 'resume', runPk: running.run_pk, previousOwner: running.owner };
      }
      const at = isoNow();
      const runPk = await insertRun(c, `crawl:${job}`, at);
      await c.query(
        `INSERT INTO crawl_runs (run_pk, job, state, owner, heartbeat_until, created_at)
         VALUES ($1, $2, 'running', $3, $4, $5)`,
        [runPk, job, owner, now + heartbeatMs, at],
      );
      return { kind: 'new', runPk };
    });
  }

  async savePlan(runPk: number, plan: unknown): Promise<void> {
    await this.conn.query('UPDATE crawl_runs SET plan = $1 WHERE run_pk = $2', [JSON.stringify(plan), runPk]);
  }

  async plan(runPk: number): Promise<unknown> {
    const { rows } = await this.conn.query<{ plan: string }>(
      'SELECT plan FROM crawl_runs WHERE run_pk = $1',
      [runPk],
    );
    const text = rows[0]?.plan;
    return typeof text === 'string' ? JSON.parse(text) : null;
  }

  /** Renews the run's heartbeat and, with it, the lease of every row the owner holds in the run. */
  async heartbeat(runPk: number, owner: string, now: number, heartbeatMs: number): Promise<boolean> {
    return this.conn.tx(async (c) => {
      const run = await c.query(
        `UPDATE crawl_runs SET heartbeat_until = $1 WHERE run_pk = $2 AND owner = $3 AND state = 'running'`,
        [now + heartbeatMs, runPk, owner],
      );
      if (!run.rowCount) return false;
      await renewOwnLeases(c, runPk, owner, now + heartbeatMs);
      return true;
    });
  }

  async finishRun(runPk: number, owner: string): Promise<void> {
    await this.conn.query(`UPDATE crawl_runs SET state = 'finished' WHERE run_pk = $1 AND owner = $2`, [
      runPk,
      owner,
    ]);
  }

  /**
   * The runs a worker may join (still running, their owner's heartbeat live at `now`). A plain read: joining
   * takes no lock, the leases do.
   */
  async runningRuns(now: number): Promise<RunningRun[]> {
    const { rows } = await this.conn.query<RunningRun>(
      `SELECT run_pk AS "runPk", job, owner, heartbeat_until AS "heartbeatUntil" FROM crawl_runs
       WHERE state = 'running' AND heartbeat_until > $1 ORDER BY run_pk`,
      [now],
    );
    return rows;
  }
}
