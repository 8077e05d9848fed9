import { StatsError } from './formSpec.js';

/*
 * A reporting quarter, `2026Q3`. The form's figures are cumulative from 1 January of the quarter's year to the
 * quarter's last day (rule 1), so a quarter is really the window [yearStart, end], in China calendar days.
 */

export interface Quarter {
  /** `2026Q3` */
  label: string;
  year: number;
  quarter: 1 | 2 | 3 | 4;
  /** 1 January of the year: where the cumulative figures start. */
  from: string;
  /** The quarter's first day (for display). */
  quarterStart: string;
  /** The quarter's last day, inclusive. */
  to: string;
}

const LAST_DAY = ['03-31', '06-30', '09-30', '12-31'] as const;
const FIRST_DAY = ['01-01', '04-01', '07-01', '10-01'] as const;

/** Parses `2026Q3` (also `2026-Q3`, lower-case q); the error names `option` (default --quarter). */
export function parseQuarter(text: string, option = '--quarter'): Quarter {
  const m = /^(\d{4})-?[Qq]([1-4])$/.exec(text.trim());
  if (!m) {
    throw new StatsError(
      'stats.quarter_invalid',
      `${option}: "${text}" 不是有效季度，应为如 2026Q3 (not a quarter; expected YEARQ1–Q4, e.g. 2026Q3)`,
    );
  }
  const year = Number(m[1]);
  const quarter = Number(m[2]) as Quarter['quarter'];
  return {
    label: `${year}Q${quarter}`,
    year,
    quarter,
    from: `${year}-01-01`,
    quarterStart: `${year}-${FIRST_DAY[quarter - 1]}`,
    to: `${year}-${LAST_DAY[quarter - 1]}`,
  };
}

/** True when the China calendar day `date` (YYYY-MM-DD) is in the cumulative window. */
export function inWindow(q: Quarter, date: string | null | undefined): boolean {
  return !!date && date >= q.from && date <= q.to;
}

/** 统计时间 as printed: `2026年1月1日至9月30日`. */
export function periodText(q: Quarter): string {
  const [, m, d] = q.to.split('-').map(Number);
  return `${q.year}年1月1日至${m}月${d}日`;
}

/** A China date as printed: `2026年10月5日`. */
export function dateText(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
