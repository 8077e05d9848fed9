import { FRONTIER_STATES, type FrontierState, type RunTally } from '../crawlRepositories.js';
import type { UpsertStatus } from '../repositories.js';
import type { PgConn } from './pgDatabase.js';

/** A run's statistics, counted from its frontier rows and its failed requests, on PostgreSQL. */
export class PgRunTally {
  constructor(private readonly conn: PgConn) {}

  private async count(sql: string, runPk: number): Promise<number> {
    const { rows } = await this.conn.query<{ n: number }>(sql, [runPk]);
    return rows[0]?.n ?? 0;
  }

  private async byKey(sql: string, runPk: number): Promise<Record<string, number>> {
    const { rows } = await this.conn.query<{ k: string; n: number }>(sql, [runPk]);
    return Object.fromEntries(rows.map((r) => [r.k, r.n]));
  }

  async tally(runPk: number): Promise<RunTally> {
    const states = Object.fromEntries(FRONTIER_STATES.map((s) => [s, 0])) as Record<FrontierState, number>;
    Object.assign(
      states,
      await this.byKey(
        'SELECT state AS k, count(*) AS n FROM crawl_frontier WHERE run_pk = $1 GROUP BY state',
        runPk,
      ),
    );
    const listings: Record<UpsertStatus, number> = { new: 0, changed: 0, unchanged: 0 };
    Object.assign(
      listings,
      await this.byKey(
        `SELECT listing_status AS k, count(*) AS n FROM crawl_frontier
         WHERE run_pk = $1 AND state = 'done' AND listing_status IS NOT NULL GROUP BY listing_status`,
        runPk,
      ),
    );
    const { rows } = await this.conn.query<{ hits: number | null; leads: number | null; relistings: number }>(
      `SELECT sum(hits) AS hits, sum(new_leads) AS leads, count(relisting_of) AS relistings
       FROM crawl_frontier WHERE run_pk = $1`,
      [runPk],
    );
    const sums = rows[0];
    return {
      states,
      listings,
      hits: sums?.hits ?? 0,
      newFindings: sums?.leads ?? 0,
      relistings: sums?.relistings ?? 0,
      offline: await this.count(
        `SELECT count(*) AS n FROM crawl_frontier WHERE run_pk = $1 AND error_class = 'offline' AND state = 'skipped'`,
        runPk,
      ),
      failedRequests: await this.count(
        `SELECT count(*) AS n FROM crawl_errors WHERE run_pk = $1 AND error_class NOT IN ('robots', 'offline')`,
        runPk,
      ),
      errorsByClass: await this.byKey(
        `SELECT error_class AS k, count(*) AS n FROM crawl_errors WHERE run_pk = $1
         GROUP BY error_class ORDER BY error_class`,
        runPk,
      ),
      failedByClass: await this.byKey(
        `SELECT coalesce(error_class, 'internal') AS k, count(*) AS n FROM crawl_frontier
         WHERE run_pk = $1 AND state IN ('failed', 'blocked') GROUP BY 1 ORDER BY 1`,
        runPk,
      ),
      carried: await this.count(
        'SELECT count(*) AS n FROM crawl_frontier WHERE run_pk = $1 AND carried_from IS NOT NULL',
        runPk,
      ),
      duplicateCommits: await this.count(
        'SELECT count(*) AS n FROM crawl_frontier WHERE run_pk = $1 AND processed > 1',
        runPk,
      ),
    };
  }
}
