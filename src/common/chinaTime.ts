/*
 * China time, defined once. China has one time zone (UTC+8, no summer time since 1991), so a right's dates,
 * key periods and evidence timestamps are computed with a fixed offset, not the host's zone or ICU data.
 */

export const CHINA_TIME_ZONE = 'Asia/Shanghai';
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The calendar day (YYYY-MM-DD) in China at instant `at`. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as China local time with its offset, to the second: `2026-11-23T12:00:00+08:00`. */
export function chinaTimestamp(at: Date | string): string {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return `${new Date(t + CHINA_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** `date` (YYYY-MM-DD) plus whole years and days, in the proleptic Gregorian calendar (29 Feb + 1 y → 1 Mar). */
export function addToDate(date: string, years: number, days = 0): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = Date.UTC((y ?? 0) + years, (m ?? 1) - 1, (d ?? 1) + days);
  return new Date(t).toISOString().slice(0, 10);
}

/** `date` (YYYY-MM-DD) shifted by whole days. */
export function shiftDays(date: string, days: number): string {
  return addToDate(date, 0, days);
}

/** True for a real calendar date written YYYY-MM-DD (rejects 2023-02-30). */
export function isCalendarDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  return addToDate(date, 0) === date;
}
