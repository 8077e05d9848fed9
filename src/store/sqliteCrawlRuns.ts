import type { ClaimResult, RunningRun } from './crawlRepositories.js';
import type { Db } from './database.js';
import { isoNow } from './frontierRows.js';
import { renewLeasesSync } from './sqliteFrontierQueue.js';
import { insertRunSync } from './sqliteRuns.js';

/** Runs of crawl jobs: who drives each (owner and heartbeat), its plan, and its end. */
export class SqliteCrawlRuns {
  constructor(private readonly db: Db) {}

  async claimRun(
    job: string,
    owner: string,
    now: number,
    heartbeatMs: number,
    isOwnerGone: (owner: string) => boolean,
  ): Promise<ClaimResult> {
    return this.db
      .transaction((): ClaimResult => {
        const running = this.db
          .prepare<[string], { run_pk: number; owner: string; heartbeat_until: number }>(
            `SELECT run_pk, owner, heartbeat_until FROM crawl_runs WHERE job = ? AND state = 'running' ORDER BY run_pk DESC LIMIT 1`,
          )
          .get(job);
        if (running) {
          if (running.heartbeat_until > now && !isOwnerGone(running.owner)) {
            return { kind: 'busy', runPk: running.run_pk, owner: running.owner };
          }
          this.db
            .prepare('UPDATE crawl_runs SET owner = ?, heartbeat_until = ? WHERE run_pk = ?')
            .run(owner, now + heartbeatMs, running.run_pk);
          return { kind: 'resume', runPk: running.run_pk, previousOwner: running.owner };
        }
        const at = isoNow();
        const runPk = insertRunSync(this.db, `crawl:${job}`, at);
        this.db
          .prepare(
            `INSERT INTO crawl_runs (run_pk, job, state, owner, heartbeat_until, created_at) VALUES (?, ?, 'running', ?, ?, ?)`,
          )
          .run(runPk, job, owner, now + heartbeatMs, at);
        return { kind: 'new', runPk };
      })
      .immediate();
  }

  async savePlan(runPk: number, plan: unknown): Promise<void> {
    this.db.prepare('UPDATE crawl_runs SET plan = ? WHERE run_pk = ?').run(JSON.stringify(plan), runPk);
  }

  async plan(runPk: number): Promise<unknown> {
    const text = this.db.prepare('SELECT plan FROM crawl_runs WHERE run_pk = ?').pluck().get(runPk);
    return typeof text === 'string' ? JSON.parse(text) : null;
  }

  async heartbeat(runPk: number, owner: string, now: number, heartbeatMs: number): Promise<boolean> {
    return this.db
      .transaction(() => {
        const info = this.db
          .prepare(
            `UPDATE crawl_runs SET heartbeat_until = ? WHERE run_pk = ? AND owner = ? AND state = 'running'`,
          )
          .run(now + heartbeatMs, runPk, owner);
        if (info.changes === 0) return false;
        renewLeasesSync(this.db, runPk, owner, now + heartbeatMs);
        return true;
      })
      .immediate();
  }

  async finishRun(runPk: number, owner: string): Promise<void> {
    this.db
      .prepare(`UPDATE crawl_runs SET state = 'finished' WHERE run_pk = ? AND owner = ?`)
      .run(runPk, owner);
  }

  async runningRuns(now: number): Promise<RunningRun[]> {
    return this.db
      .prepare<[number], RunningRun>(
        `SELECT run_pk AS runPk, job, owner, heartbeat_until AS heartbeatUntil FROM crawl_runs
         WHERE state = 'running' AND heartbeat_until > ? ORDER BY run_pk`,
      )
      .all(now);
  }
}
