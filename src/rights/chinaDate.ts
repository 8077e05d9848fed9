/** China has one time zone (UTC+8, no summer time): a right's dates are calendar days there. */
const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/** The calendar day (YYYY-MM-DD) in China at instant `at`. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** `date` (YYYY-MM-DD) plus whole years and days, in the proleptic Gregorian calendar (29 Feb + 1 y → 1 Mar). */
export function addToDate(date: string, years: number, days = 0): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = Date.UTC((y ?? 0) + years, (m ?? 1) - 1, (d ?? 1) + days);
  return new Date(t).toISOString().slice(0, 10);
}

/** True for a real calendar date written YYYY-MM-DD (rejects 2023-02-30). */
export function isCalendarDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  return addToDate(date, 0) === date;
}
