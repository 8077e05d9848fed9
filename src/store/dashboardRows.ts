import { shiftDays } from '../common/chinaTime.js';
import type { RightKind } from '../model/index.js';
import {
  checkWindow,
  type CrawlHealth,
  type CrawlRunSummary,
  type DailySeries,
  type DashboardWindow,
  type RightCount,
  type SellerCount,
  type TakedownTimes,
} from './dashboardQueries.js';

/*
 * The dashboard's shaping of query rows into its answers, shared by the SQLite and PostgreSQL queries so that
 * both give the same numbers from the same rows: the window's days, per-day series, the takedown quantiles and
 * crawl health per platform.
 */

/** The days of a window, oldest first, and its bounds as instants. */
export function windowDays(window: DashboardWindow): { days: string[]; from: string; to: string } {
  checkWindow(window);
  const first = shiftDays(window.until, -(window.days - 1));
  const days = Array.from({ length: window.days }, (_, i) => shiftDays(first, i));
  return {
    days,
    from: `${first}T00:00:00+08:00`,
    to: `${shiftDays(window.until, 1)}T00:00:00+08:00`,
  };
}

/** Rows of (China day, key, count) as one series per key over every day, most findings first, then by key. */
export function dailySeries(
  days: string[],
  rows: readonly { day: string; k: unknown; n: number }[],
): DailySeries {
  const index = new Map(days.map((d, i) => [d, i]));
  const byKey = new Map<string, number[]>();
  for (const r of rows) {
    const i = index.get(r.day);
    if (i === undefined) continue;
    const counts = byKey.get(String(r.k)) ?? days.map(() => 0);
    counts[i] = (counts[i] ?? 0) + r.n;
    byKey.set(String(r.k), counts);
  }
  const series = [...byKey].map(([key, counts]) => ({
    key,
    counts,
    total: counts.reduce((a, b) => a + b, 0),
  }));
  series.sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { days, series };
}

/** Linear-interpolation quantile (R type 7) of sorted values. */
function quantile(sorted: readonly number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (at - lo);
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

/** Notice items (platform, sent, taken down or not) as the five-number summary of hours per platform. */
export function takedownTimes(
  rows: readonly { platform: string; sent_at: string; taken_down_at: string | null }[],
): TakedownTimes[] {
  const byPlatform = new Map<string, { hours: number[]; notTakenDown: number }>();
  for (const r of rows) {
    const entry = byPlatform.get(r.platform) ?? { hours: [], notTakenDown: 0 };
    byPlatform.set(r.platform, entry);
    if (r.taken_down_at === null) {
      entry.notTakenDown++;
      continue;
    }
    // A takedown stamped before the notice (clock skew between hosts) counts as immediate.
    entry.hours.push(Math.max(0, (Date.parse(r.taken_down_at) - Date.parse(r.sent_at)) / 3_600_000));
  }
  return [...byPlatform]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([platform, { hours, notTakenDown }]) => {
      const sorted = [...hours].sort((a, b) => a - b);
      return {
        platform,
        takenDown: sorted.length,
        notTakenDown,
        hours:
          sorted.length === 0
            ? null
            : {
                min: oneDecimal(sorted[0] ?? 0),
                q1: oneDecimal(quantile(sorted, 0.25)),
                median: oneDecimal(quantile(sorted, 0.5)),
                q3: oneDecimal(quantile(sorted, 0.75)),
                max: oneDecimal(sorted[sorted.length - 1] ?? 0),
              },
      };
    });
}

/** A seller's findings in the window, with its name on its newest listing. */
export interface SellerRow {
  platform: string;
  seller_id: string;
  seller_name: string;
  n: number;
}

export function toSellerCount(r: SellerRow): SellerCount {
  return {
    platform: r.platform,
    sellerId: r.seller_id,
    sellerName: r.seller_name,
    findings: r.n,
  };
}

/** A right's findings in the window, with its registry name (or number) when it is registered. */
export interface RightRow {
  right_key: string;
  kind: RightKind;
  n: number;
  name: string | null;
}

export function toRightCount(r: RightRow): RightCount {
  return {
    rightId: r.right_key === '' ? null : r.right_key,
    name: r.name === null ? null : String(r.name),
    kind: r.kind,
    findings: r.n,
  };
}

export interface CrawlRunRow {
  pk: number;
  job: string;
  started_at: string;
  finished_at: string | null;
  status: CrawlRunSummary['status'];
}

/** A platform's last run and the number of its frontier rows that failed or were blocked in it. */
export interface LastRunRow extends CrawlRunRow {
  platform: string;
  failed: number;
}

function toRunSummary(r: CrawlRunRow): CrawlRunSummary {
  return { runId: r.pk, job: r.job, startedAt: r.started_at, finishedAt: r.finished_at, status: r.status };
}

/** Crawl health per platform from each platform's last run, its pages done and its errors by class. */
export function healthByPlatform(
  lastRuns: readonly LastRunRow[],
  pages: readonly { platform: string; n: number }[],
  errors: readonly { platform: string; error_class: string; n: number }[],
): CrawlHealth[] {
  const health = new Map<string, CrawlHealth>();
  const of = (platform: string): CrawlHealth => {
    let h = health.get(platform);
    if (!h) {
      h = { platform, pages: 0, errorsByClass: {}, blocks: 0, lastRun: null, failedRows: 0 };
      health.set(platform, h);
    }
    return h;
  };
  for (const r of lastRuns) {
    const h = of(r.platform);
    h.lastRun = toRunSummary(r);
    h.failedRows = r.failed;
  }
  for (const r of pages) of(r.platform).pages = r.n;
  // A failed request belongs to its frontier row's platform; one without a row (none today) is not shown.
  for (const r of errors) {
    const h = of(r.platform);
    h.errorsByClass[r.error_class] = r.n;
    if (r.error_class === 'blocked') h.blocks = r.n;
  }
  return [...health.values()].sort((a, b) =>
    a.platform < b.platform ? -1 : a.platform > b.platform ? 1 : 0,
  );
}
