import { z } from 'zod';
import { CHINA_TIME_ZONE, chinaDate, shiftDays } from '../common/chinaTime.js';
import { parseReference } from './referenceData.js';

/*
 * Key periods (重点时段) from data/reference/key-periods.json, resolved to dates for a year, so the crawl
 * planner can raise priority during them. Spring Festival comes from the almanac table in the file; outside it,
 * from the ICU Chinese calendar.
 */

const monthDay = z.string().regex(/^\d{2}-\d{2}$/, 'MM-DD');

export const KeyPeriodsFileSchema = z
  .object({
    source: z.string().min(1),
    effectiveDate: z.iso.date(),
    notes: z.string().optional(),
    springFestival: z.record(z.string().regex(/^\d{4}$/), z.iso.date()),
    periods: z.array(
      z
        .object({
          code: z.string().min(1),
          nameZh: z.string().min(1),
          official: z.boolean(),
          rule: z.discriminatedUnion('type', [
            z
              .object({
                type: z.literal('fixed'),
                windows: z.array(z.object({ start: monthDay, end: monthDay }).strict()).min(1),
              })
              .strict(),
            z
              .object({
                type: z.literal('springFestival'),
                daysBefore: z.number().int().min(0),
                daysAfter: z.number().int().min(0),
              })
              .strict(),
          ]),
          multiplier: z.number().positive(),
          categories: z.array(z.string()),
        })
        .strict(),
    ),
  })
  .strict();
export type KeyPeriodsFile = z.infer<typeof KeyPeriodsFileSchema>;

/** One period resolved to dates (China calendar days, inclusive). */
export interface PeriodWindow {
  code: string;
  nameZh: string;
  start: string;
  end: string;
  multiplier: number;
  /** Key-goods category codes the period concerns; empty = all goods. */
  categories: string[];
  official: boolean;
}

let cached: KeyPeriodsFile | undefined;

export function loadKeyPeriods(): KeyPeriodsFile {
  cached ??= parseReference('key-periods.json', KeyPeriodsFileSchema);
  return cached;
}

const chineseCalendar = new Intl.DateTimeFormat('en-u-ca-chinese', {
  timeZone: CHINA_TIME_ZONE,
  month: 'numeric',
  day: 'numeric',
});

/** First day of the first (non-leap) lunar month in `year`, by the ICU Chinese calendar. */
export function lunarNewYearByIcu(year: number): string {
  for (let day = 20; day <= 52; day++) {
    const t = new Date(Date.UTC(year, 0, day, 4)); // noon in China
    const parts = chineseCalendar.formatToParts(t);
    if (
      parts.find((p) => p.type === 'month')?.value === '1' &&
      parts.find((p) => p.type === 'day')?.value === '1'
    ) {
      return chinaDate(t);
    }
  }
  throw new Error(`no lunar new year found in ${year}`);
}

/** 春节 (the first day of the lunar year) in `year`: the almanac table, else the ICU calendar. */
export function springFestival(
  year: number,
  file: KeyPeriodsFile = loadKeyPeriods(),
): { date: string; from: 'table' | 'icu' } {
  const listed = file.springFestival[String(year)];
  return listed ? { date: listed, from: 'table' } : { date: lunarNewYearByIcu(year), from: 'icu' };
}

/** Every period window that starts in `year`. */
export function periodWindows(year: number, file: KeyPeriodsFile = loadKeyPeriods()): PeriodWindow[] {
  const out: PeriodWindow[] = [];
  for (const p of file.periods) {
    const base = {
      code: p.code,
      nameZh: p.nameZh,
      multiplier: p.multiplier,
      categories: p.categories,
      official: p.official,
    };
    if (p.rule.type === 'fixed') {
      for (const w of p.rule.windows) {
        const endYear = w.end < w.start ? year + 1 : year;
        out.push({ ...base, start: `${year}-${w.start}`, end: `${endYear}-${w.end}` });
      }
    } else {
      const day = springFestival(year, file).date;
      out.push({ ...base, start: shiftDays(day, -p.rule.daysBefore), end: shiftDays(day, p.rule.daysAfter) });
    }
  }
  return out;
}

/** The periods covering China day `day` (YYYY-MM-DD). */
export function activePeriods(day: string, file: KeyPeriodsFile = loadKeyPeriods()): PeriodWindow[] {
  const year = Number(day.slice(0, 4));
  return [...periodWindows(year - 1, file), ...periodWindows(year, file)].filter(
    (w) => w.start <= day && day <= w.end,
  );
}

/** The crawl-priority factor on `day` for goods of `category` (a key-goods code, or none): the largest applying. */
export function periodMultiplier(
  day: string,
  category?: string,
  file: KeyPeriodsFile = loadKeyPeriods(),
): number {
  return activePeriods(day, file)
    .filter((w) => w.categories.length === 0 || (category !== undefined && w.categories.includes(category)))
    .reduce((max, w) => Math.max(max, w.multiplier), 1);
}
