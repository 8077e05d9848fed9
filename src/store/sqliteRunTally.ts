import { FRONTIER_STATES, type FrontierState, type RunTally } from './crawlRepositories.js';
import type { Db } from './database.js';
import type { UpsertStatus } from './repositories.js';

/** A run's statistics, counted from its frontier rows and its failed requests. */
export class SqliteRunTally {
  constructor(private readonly db: Db) {}

  private count(sql: string, runPk: number): number {
    return Number(this.db.prepare(sql).pluck().get(runPk));
  }

  private byKey(sql: string, runPk: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.db.prepare<[number], { k: string; n: number }>(sql).all(runPk)) out[r.k] = r.n;
    return out;
  }

  async tally(runPk: number): Promise<RunTally> {
    const states = Object.fromEntries(FRONTIER_STATES.map((s) => [s, 0])) as Record<FrontierState, number>;
    Object.assign(
      states,
      this.byKey(
        'SELECT state AS k, count(*) AS n FROM crawl_frontier WHERE run_pk = ? GROUP BY state',
        runPk,
      ),
    );
    const listings: Record<UpsertStatus, number> = { new: 0, changed: 0, unchanged: 0 };
    Object.assign(
      listings,
      this.byKey(
        `SELECT listing_status AS k, count(*) AS n FROM crawl_frontier
         WHERE run_pk = ? AND state = 'done' AND listing_status IS NOT NULL GROUP BY listing_status`,
        runPk,
      ),
    );
    const sums = this.db
      .prepare<[number], { hits: number | null; leads: number | null; relistings: number | null }>(
        `SELECT sum(hits) AS hits, sum(new_leads) AS leads, count(relisting_of) AS relistings
         FROM crawl_frontier WHERE run_pk = ?`,
      )
      .get(runPk);
    return {
      states,
      listings,
      hits: sums?.hits ?? 0,
      newFindings: sums?.leads ?? 0,
      relistings: sums?.relistings ?? 0,
      offline: this.count(
        `SELECT count(*) FROM crawl_frontier WHERE run_pk = ? AND error_class = 'offline' AND state = 'skipped'`,
        runPk,
      ),
      failedRequests: this.count(
        `SELECT count(*) FROM crawl_errors WHERE run_pk = ? AND error_class NOT IN ('robots', 'offline')`,
        runPk,
      ),
      errorsByClass: this.byKey(
        `SELECT error_class AS k, count(*) AS n FROM crawl_errors WHERE run_pk = ?
         GROUP BY error_class ORDER BY error_class`,
        runPk,
      ),
      failedByClass: this.byKey(
        `SELECT coalesce(error_class, 'internal') AS k, count(*) AS n FROM crawl_frontier
         WHERE run_pk = ? AND state IN ('failed', 'blocked') GROUP BY k ORDER BY k`,
        runPk,
      ),
      carried: this.count(
        'SELECT count(*) FROM crawl_frontier WHERE run_pk = ? AND carried_from IS NOT NULL',
        runPk,
      ),
      duplicateCommits: this.count(
        'SELECT count(*) FROM crawl_frontier WHERE run_pk = ? AND processed > 1',
        runPk,
      ),
    };
  }
}
