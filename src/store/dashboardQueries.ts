import { isCalendarDate } from '../common/chinaTime.js';
import { MarkwatchError } from '../common/errors.js';
import type { RightKind, RunRecord } from '../model/index.js';

/*
 * The dashboard's aggregates (issue 15): findings per China day, top sellers and rights, time to takedown and
 * crawl health. Read-only; the web app turns them into server-rendered SVG charts (src/web/charts/).
 */

/** Which days: the `days` China calendar days ending with `until` (included). */
export interface DashboardWindow {
  /** The last day shown, a China calendar day (YYYY-MM-DD), usually `chinaDate(now)`. */
  until: string;
  /** How many days, `until` included: 1 to MAX_DASHBOARD_DAYS. */
  days: number;
}

export interface DashboardFilter {
  /**
   * Only findings and notices of these rights (a rights holder's dashboard). Absent: every right. An empty
   * list matches nothing, so a holder without rights sees no one else's data.
   */
  rightIds?: readonly string[];
}

export type DashboardQuery = DashboardWindow & DashboardFilter;

export const MAX_DASHBOARD_DAYS = 366;

/** What findings per day are split by. Category is the top level of the listing's category path. */
export const FINDING_DIMENSIONS = ['kind', 'platform', 'category'] as const;
export type FindingDimension = (typeof FINDING_DIMENSIONS)[number];

/** The key of findings whose listing has no category. */
export const NO_CATEGORY = '';

export interface DailySeries {
  /** Every China day of the window, oldest first (days without findings included). */
  days: string[];
  /** One series per key, most findings first (then by key); `counts[i]` is the count on `days[i]`. */
  series: { key: string; counts: number[]; total: number }[];
}

export interface SellerCount {
  platform: string;
  sellerId: string;
  /** As the listing printed it: hostile text, escape when shown. */
  sellerName: string;
  findings: number;
}

export interface RightCount {
  /** Null: patent markings that match no watched patent. */
  rightId: string | null;
  /** The registry's name (or patent number) of the right, when it is in the registry. */
  name: string | null;
  kind: RightKind;
  findings: number;
}

/** Hours from a notice being sent to its listing being verified taken down, per platform. */
export interface TakedownTimes {
  platform: string;
  /** Notice items verified taken down (sent within the window). */
  takenDown: number;
  /** Notice items sent within the window and not taken down (yet, or rejected). */
  notTakenDown: number;
  /** Five-number summary of the hours, null when nothing was taken down. */
  hours: { min: number; q1: number; median: number; q3: number; max: number } | null;
}

export interface CrawlRunSummary {
  runId: number;
  job: string;
  startedAt: string;
  finishedAt: string | null;
  status: RunRecord['status'];
}

/** One platform's crawling in the window (runs started in it). */
export interface CrawlHealth {
  platform: string;
  /** Pages fetched and processed (frontier rows done). */
  pages: number;
  /** Failed requests by error class (every attempt; robots skips and offline listings included). */
  errorsByClass: Record<string, number>;
  /** Requests answered by a block or captcha page (error class `blocked`). */
  blocks: number;
  /** The latest run that crawled the platform, in the window or not. */
  lastRun: CrawlRunSummary | null;
  /** Rows of that run that ended failed or blocked (its job's next run retries them first). */
  failedRows: number;
}

export interface DashboardQueries {
  /** Findings opened per China day, split by `by`, every day of the window included. */
  findingsPerDay(by: FindingDimension, query: DashboardQuery): Promise<DailySeries>;
  /** Sellers with the most findings opened in the window (dismissed findings not counted). */
  topSellers(query: DashboardQuery, limit?: number): Promise<SellerCount[]>;
  /** Rights with the most findings opened in the window (dismissed findings not counted). */
  topRights(query: DashboardQuery, limit?: number): Promise<RightCount[]>;
  /** Time to takedown of notice items sent in the window, per platform (platforms with items only). */
  timeToTakedown(query: DashboardQuery): Promise<TakedownTimes[]>;
  /** Crawl health per platform over the runs started in the window (staff only: not scoped by rights). */
  crawlHealth(window: DashboardWindow): Promise<CrawlHealth[]>;
}

/** A dashboard window or limit that makes no sense. */
export class DashboardQueryError extends MarkwatchError {}

/** Checks the window, naming the field: `until` a real date, `days` a whole number in range. */
export function checkWindow(window: DashboardWindow): void {
  if (!isCalendarDate(window.until)) {
    throw new DashboardQueryError(
      'dashboard.until',
      `字段 "until" 不是有效日期：${JSON.stringify(window.until)} (field "until" must be a date YYYY-MM-DD)`,
    );
  }
  if (!Number.isInteger(window.days) || window.days < 1 || window.days > MAX_DASHBOARD_DAYS) {
    throw new DashboardQueryError(
      'dashboard.days',
      `字段 "days" 应为 1 到 ${MAX_DASHBOARD_DAYS} 的整数：${String(window.days)} ` +
        `(field "days" must be a whole number from 1 to ${MAX_DASHBOARD_DAYS})`,
    );
  }
}

/** Checks a top-N limit, naming the field. */
export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new DashboardQueryError(
      'dashboard.limit',
      `字段 "limit" 应为 1 到 1000 的整数：${String(limit)} (field "limit" must be a whole number from 1 to 1000)`,
    );
  }
}
