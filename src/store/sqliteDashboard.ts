import type { Db } from './database.js';
import {
  checkLimit,
  type CrawlHealth,
  type DailySeries,
  type DashboardFilter,
  type DashboardQueries,
  type DashboardQuery,
  type DashboardWindow,
  type FindingDimension,
  type RightCount,
  type SellerCount,
  type TakedownTimes,
} from './dashboardQueries.js';
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
} from './dashboardRows.js';

/*
 * The dashboard's aggregates over the SQLite tables. Stored times are UTC ISO strings; a China day is
 * date(t, '+8 hours') (China has one zone, UTC+8, no summer time), and windows compare with julianday() so
 * that any ISO form (with or without milliseconds or an offset) compares correctly.
 */

/** `column` within [@from, @to). */
const inWindow = (column: string) =>
  `julianday(${column}) >= julianday(@from) AND julianday(${column}) < julianday(@to)`;

/** `column` is one of the filter's rights (@rights: a JSON array, or NULL for every right). */
const ofRights = (column: string) =>
  `(@rights IS NULL OR ${column} IN (SELECT value FROM json_each(@rights)))`;

function rightsParam(filter: DashboardFilter): string | null {
  return filter.rightIds === undefined ? null : JSON.stringify([...filter.rightIds]);
}

/** The top level of the listing's category path (`运动户外/运动鞋` → `运动户外`); '' for none. */
const CATEGORY_SQL = `trim(substr(coalesce(json_extract(l.data, '$.category'), ''), 1,
  instr(coalesce(json_extract(l.data, '$.category'), '') || '/', '/') - 1))`;

const DIMENSION_SQL: Record<FindingDimension, string> = {
  kind: 'f.kind',
  platform: 'l.platform',
  category: CATEGORY_SQL,
};

export class SqliteDashboardQueries implements DashboardQueries {
  constructor(private readonly db: Db) {}

  async findingsPerDay(by: FindingDimension, query: DashboardQuery): Promise<DailySeries> {
    const { days, from, to } = windowDays(query);
    const rows = this.db
      .prepare<Record<string, unknown>, { day: string; k: string; n: number }>(
        `SELECT date(f.created_at, '+8 hours') AS day, ${DIMENSION_SQL[by]} AS k, count(*) AS n
         FROM findings f JOIN listings l ON l.pk = f.listing_pk
         WHERE ${inWindow('f.created_at')} AND ${ofRights('f.right_key')}
         GROUP BY day, k`,
      )
      .all({ from, to, rights: rightsParam(query) });
    return dailySeries(days, rows);
  }

  async topSellers(query: DashboardQuery, limit = 10): Promise<SellerCount[]> {
    checkLimit(limit);
    const { from, to } = windowDays(query);
    // The bare seller_name comes from the row holding max(pk): the seller's name on its newest listing.
    return this.db
      .prepare<Record<string, unknown>, SellerRow>(
        `SELECT l.platform, l.seller_id, l.seller_name, max(l.pk) AS newest, count(*) AS n
         FROM findings f JOIN listings l ON l.pk = f.listing_pk
         WHERE ${inWindow('f.created_at')} AND ${ofRights('f.right_key')} AND f.review != 'dismissed'
         GROUP BY l.platform, l.seller_id
         ORDER BY n DESC, l.platform, l.seller_id LIMIT @limit`,
      )
      .all({ from, to, rights: rightsParam(query), limit })
      .map(toSellerCount);
  }

  async topRights(query: DashboardQuery, limit = 10): Promise<RightCount[]> {
    checkLimit(limit);
    const { from, to } = windowDays(query);
    return this.db
      .prepare<Record<string, unknown>, RightRow>(
        `SELECT f.right_key, max(f.kind) AS kind, count(*) AS n,
                (SELECT coalesce(json_extract(v.data, '$.name'), json_extract(v.data, '$.number'))
                 FROM rights r JOIN right_revisions v
                   ON v.right_pk = r.pk AND v.revision = coalesce(r.active_revision, r.revision)
                 WHERE r.right_id = f.right_key) AS name
         FROM findings f
         WHERE ${inWindow('f.created_at')} AND ${ofRights('f.right_key')} AND f.review != 'dismissed'
         GROUP BY f.right_key
         ORDER BY n DESC, f.right_key LIMIT @limit`,
      )
      .all({ from, to, rights: rightsParam(query), limit })
      .map(toRightCount);
  }

  async timeToTakedown(query: DashboardQuery): Promise<TakedownTimes[]> {
    const { from, to } = windowDays(query);
    const rows = this.db
      .prepare<Record<string, unknown>, { platform: string; sent_at: string; taken_down_at: string | null }>(
        `SELECT n.platform, n.sent_at, i.taken_down_at
         FROM notice_items i JOIN notices n ON n.pk = i.notice_pk
         WHERE ${inWindow('n.sent_at')} AND ${ofRights('n.right_key')}`,
      )
      .all({ from, to, rights: rightsParam(query) });
    return takedownTimes(rows);
  }

  async crawlHealth(window: DashboardWindow): Promise<CrawlHealth[]> {
    const { from, to } = windowDays(window);
    const params = { from, to };
    const lastRuns = this.db
      .prepare<[], LastRunRow>(
        `SELECT p.platform, r.pk, c.job, r.started_at, r.finished_at, r.status,
                (SELECT count(*) FROM crawl_frontier x WHERE x.run_pk = p.run_pk AND x.platform = p.platform
                   AND x.state IN ('failed', 'blocked')) AS failed
         FROM (SELECT platform, max(run_pk) AS run_pk FROM crawl_frontier GROUP BY platform) p
         JOIN runs r ON r.pk = p.run_pk JOIN crawl_runs c ON c.run_pk = p.run_pk`,
      )
      .all();
    const pages = this.db
      .prepare<typeof params, { platform: string; n: number }>(
        `SELECT f.platform, count(*) AS n FROM crawl_frontier f JOIN runs r ON r.pk = f.run_pk
         WHERE f.state = 'done' AND ${inWindow('r.started_at')} GROUP BY f.platform`,
      )
      .all(params);
    const errors = this.db
      .prepare<typeof params, { platform: string; error_class: string; n: number }>(
        `SELECT f.platform, e.error_class, count(*) AS n
         FROM crawl_errors e JOIN crawl_frontier f ON f.id = e.frontier_id JOIN runs r ON r.pk = e.run_pk
         WHERE ${inWindow('r.started_at')}
         GROUP BY f.platform, e.error_class ORDER BY f.platform, e.error_class`,
      )
      .all(params);
    return healthByPlatform(lastRuns, pages, errors);
  }
}
