import type { FailedRequest, FailedRow, FailureQuery, FrontierKind } from '../crawlRepositories.js';
import { isoNow } from '../frontierRows.js';
import type { PgConn } from './pgDatabase.js';

interface FailedRowRecord {
  run_pk: number;
  job: string;
  id: number;
  kind: FrontierKind;
  platform: string;
  url: string;
  item_id: string | null;
  query: string | null;
  state: 'failed' | 'blocked';
  error_class: string | null;
  last_error: string | null;
  attempts: number;
  requests: number;
}

/** Failed requests (one row per attempt, with its class) and the rows a run lost for good, on PostgreSQL. */
export class PgCrawlFailures {
  constructor(private readonly conn: PgConn) {}

  async recordFailure(f: FailedRequest): Promise<void> {
    await this.conn.query(
      `INSERT INTO crawl_errors (run_pk, frontier_id, url, error_class, status, message, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [f.runPk, f.frontierId, f.url, f.errorClass, f.status, f.message.slice(0, 500), isoNow()],
    );
  }

  async failures(query: FailureQuery): Promise<FailedRow[]> {
    // One run, or the latest finished run of each job (what its next run will retry first).
    const runs =
      'runPk' in query
        ? 'SELECT $1::bigint AS run_pk'
        : `SELECT max(run_pk) AS run_pk FROM crawl_runs WHERE state = 'finished'
             AND ($1::text IS NULL OR job = $1) GROUP BY job`;
    const params = ['runPk' in query ? query.runPk : (query.job ?? null)];
    const { rows } = await this.conn.query<FailedRowRecord>(
      `SELECT f.run_pk, r.job, f.id, f.kind, f.platform, f.url, f.item_id, f.query, f.state, f.error_class,
              f.last_error, f.attempts,
              (SELECT count(*) FROM crawl_errors e WHERE e.frontier_id = f.id) AS requests
       FROM crawl_frontier f JOIN crawl_runs r ON r.run_pk = f.run_pk
       WHERE f.run_pk IN (${runs}) AND f.state IN ('failed', 'blocked')
       ORDER BY f.run_pk, f.error_class, f.id`,
      params,
    );
    return rows.map((r) => ({
      runPk: r.run_pk,
      job: r.job,
      frontierId: r.id,
      kind: r.kind,
      platform: r.platform,
      url: r.url,
      itemId: r.item_id,
      query: r.query,
      state: r.state,
      errorClass: r.error_class ?? 'internal',
      lastError: r.last_error,
      attempts: r.attempts,
      requests: r.requests,
    }));
  }
}
