import {
  checkLimit,
  type CrawlHealth,
  type DashboardFilter,
  type DailySeries,
  type DashboardQueries,
  type DashboardQuery,
  type DashboardWindow,
  type FindingDimension,
  type RightCount,
  type SellerCount,
  type TakedownTimes,
} from '../dashboardQueries.js';
import {
  dailySeries,
  healthByPlatform,
  takedownTimes,
  toRightCount,
  toSellerCount,
  windowDays,
  type LastRunRow,
  type RightRow,
  type SellerRow,
} from '../dashboardRows.js';
import type { PgConn, PgExec } from './pgDatabase.js';

/*
 * The dashboard's aggregates on PostgreSQL, giving the same numbers as SqliteDashboardQueries. Stored times are
 * ISO text; SQLite's julianday()/date(t, '+8 hours') read them as instants (an ISO time without an offset as
 * UTC). Here they are cast to timestamptz with the transaction's time zone set to UTC (the same reading), and a
 * China day is the UTC instant plus 8 hours (one zone, no summer time). Text is ordered COLLATE "C", SQLite's
 * byte order, whatever the database's locale.
 */

/** `column` within [$1, $2) (the window's bounds, always the first two values). */
const inWindow = (column: string) =>
  `${column}::timestamptz >= $1::timestamptz AND ${column}::timestamptz < $2::timestamptz`;

/** `column` is one of the filter's rights ($3: an array, or NULL for every right). */
const ofRights = (column: string) => `($3::text[] IS NULL OR ${column} = ANY($3::text[]))`;

function rightsParam(filter: DashboardFilter): string[] | null {
  return filter.rightIds === undefined ? null : [...filter.rightIds];
}

/** The top level of the listing's category path (`运动户外/运动鞋` → `运动户外`); '' for none. */
const CATEGORY_SQL = `trim(split_part(coalesce(l.data::jsonb ->> 'category', ''), '/', 1))`;

const DIMENSION_SQL: Record<FindingDimension, string> = {
  kind: 'f.kind',
  platform: 'l.platform',
  category: CATEGORY_SQL,
};

/** The China calendar day (YYYY-MM-DD) of an ISO time column. */
const chinaDay = (column: string) =>
  `to_char((${column}::timestamptz AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD')`;

export class PgDashboardQueries implements DashboardQueries {
  constructor(private readonly conn: PgConn) {}

  /** Runs the statements with ISO times without an offset read as UTC, as SQLite reads them. */
  private inUtc<T>(fn: (c: PgExec) => Promise<T>): Promise<T> {
    return this.conn.tx(async (c) => {
      await c.query("SET LOCAL TIME ZONE 'UTC'");
      return fn(c);
    });
  }

  async findingsPerDay(by: FindingDimension, query: DashboardQuery): Promise<DailySeries> {
    const { days, from, to } = windowDays(query);
    const { rows } = await this.inUtc((c) =>
      c.query<{ day: string; k: string; n: number }>(
        `SELECT ${chinaDay('f.created_at')} AS day, ${DIMENSION_SQL[by]} AS k, count(*) AS n
         FROM findings f JOIN listings l ON l.pk = f.listing_pk
         WHERE ${inWindow('f.created_at')} AND ${ofRights('f.right_key')}
         GROUP BY day, k`,
        [from, to, rightsParam(query)],
      ),
    );
    return dailySeries(days, rows);
  }

  async topSellers(query: DashboardQuery, limit = 10): Promise<SellerCount[]> {
    checkLimit(limit);
    const { from, to } = windowDays(query);
    // The seller's name on its newest listing (SQLite: the bare column of the max(pk) row).
    const { rows } = await this.inUtc((c) =>
      c.query<SellerRow>(
        `SELECT l.platform, l.seller_id, (array_agg(l.seller_name ORDER BY l.pk DESC))[1] AS seller_name,
                count(*) AS n
         FROM findings f JOIN listings l ON l.pk = f.listing_pk
         WHERE ${inWindow('f.created_at')} AND ${ofRights('f.right_key')} AND f.review <> 'dismissed'
         GROUP BY l.platform, l.seller_id
         ORDER BY n DESC, l.platform COLLATE "C", l.seller_id COLLATE "C" LIMIT $4`,
        [from, to, rightsParam(query), limit],
      ),
    );
    return rows.map(toSellerCount);
  }

  async topRights(query: DashboardQuery, limit = 10): Promise<RightCount[]> {
    checkLimit(limit);
    const { from, to } = windowDays(query);
    const { rows } = await this.inUtc((c) =>
      c.query<RightRow>(
        `SELECT f.right_key, max(f.kind COLLATE "C") AS kind, count(*) AS n,
                (SELECT coalesce(v.data::jsonb ->> 'name', v.data::jsonb ->> 'number')
                 FROM rights r JOIN right_revisions v
                   ON v.right_pk = r.pk AND v.revision = coalesce(r.active_revision, r.revision)
                 WHERE r.right_id = f.right_key) AS name
         FROM findings f
         WHERE ${inWindow('f.created_at')} AND ${ofRights('f.right_key')} AND f.review <> 'dismissed'
         GROUP BY f.right_key
         ORDER BY n DESC, f.right_key COLLATE "C" LIMIT $4`,
        [from, to, rightsParam(query), limit],
      ),
    );
    return rows.map(toRightCount);
  }

  async timeToTakedown(query: DashboardQuery): Promise<TakedownTimes[]> {
    const { from, to } = windowDays(query);
    const { rows } = await this.inUtc((c) =>
      c.query<{ platform: string; sent_at: string; taken_down_at: string | null }>(
        `SELECT n.platform, n.sent_at, i.taken_down_at
         FROM notice_items i JOIN notices n ON n.pk = i.notice_pk
         WHERE ${inWindow('n.sent_at')} AND ${ofRights('n.right_key')}`,
        [from, to, rightsParam(query)],
      ),
    );
    return takedownTimes(rows);
  }

  async crawlHealth(window: DashboardWindow): Promise<CrawlHealth[]> {
    const { from, to } = windowDays(window);
    return this.inUtc(async (c) => {
      const lastRuns = await c.query<LastRunRow>(
        `SELECT p.platform, r.pk, c.job, r.started_at, r.finished_at, r.status,
                (SELECT count(*) FROM crawl_frontier x WHERE x.run_pk = p.run_pk AND x.platform = p.platform
                   AND x.state IN ('failed', 'blocked')) AS failed
         FROM (SELECT platform, max(run_pk) AS run_pk FROM crawl_frontier GROUP BY platform) p
         JOIN runs r ON r.pk = p.run_pk JOIN crawl_runs c ON c.run_pk = p.run_pk`,
      );
      const pages = await c.query<{ platform: string; n: number }>(
        `SELECT f.platform, count(*) AS n FROM crawl_frontier f JOIN runs r ON r.pk = f.run_pk
         WHERE f.state = 'done' AND ${inWindow('r.started_at')} GROUP BY f.platform`,
        [from, to],
      );
      const errors = await c.query<{ platform: string; error_class: string; n: number }>(
        `SELECT f.platform, e.error_class, count(*) AS n
         FROM crawl_errors e JOIN crawl_frontier f ON f.id = e.frontier_id JOIN runs r ON r.pk = e.run_pk
         WHERE ${inWindow('r.started_at')}
         GROUP BY f.platform, e.error_class ORDER BY f.platform COLLATE "C", e.error_class COLLATE "C"`,
        [from, to],
      );
      return healthByPlatform(lastRuns.rows, pages.rows, errors.rows);
    });
  }
}
