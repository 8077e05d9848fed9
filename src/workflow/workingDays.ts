import { z } from 'zod';
import { chinaDate, isCalendarDate, shiftDays } from '../common/chinaTime.js';
import { MarkwatchError } from '../common/errors.js';
import { type JsonProblem, parseJsonFile } from '../common/jsonFile.js';
import { packagePath } from '../common/packageRoot.js';

/*
 * Working days (工作日) in China: Monday–Friday, minus the public holidays, plus the 调休 make-up working
 * days, as the State Council's yearly notice sets them (rules/workflow/holidays-cn.json). A year the file does
 * not cover is an error naming the year: the 调休 pattern changes every year and cannot be guessed.
 *
 * Days are China calendar days (YYYY-MM-DD); an instant is first turned into its China date.
 */

export const HOLIDAY_CALENDAR_FILE = packagePath('rules', 'workflow', 'holidays-cn.json');

const isoDate = z.string().refine(isCalendarDate, 'expected a date YYYY-MM-DD');

const HolidayRangeSchema = z.strictObject({
  name: z.string().min(1),
  nameEn: z.string().min(1),
  start: isoDate,
  end: isoDate,
});

const HolidayYearSchema = z
  .strictObject({
    year: z.number().int().min(2000).max(2100),
    notice: z.strictObject({
      title: z.string().min(1),
      number: z.string().min(1),
      issued: isoDate,
      url: z.url(),
    }),
    holidays: z.array(HolidayRangeSchema).min(1),
    makeupWorkdays: z.array(z.strictObject({ date: isoDate, for: z.string().min(1) })),
  })
  .superRefine((y, ctx) => {
    const inYear = (d: string) => d.startsWith(`${y.year}-`);
    const off = new Set<string>();
    y.holidays.forEach((h, i) => {
      if (!inYear(h.start) || !inYear(h.end)) {
        ctx.addIssue({ code: 'custom', path: ['holidays', i], message: `range outside ${y.year}` });
      }
      if (h.end < h.start)
        ctx.addIssue({ code: 'custom', path: ['holidays', i, 'end'], message: 'before start' });
      for (let d = h.start; d <= h.end; d = shiftDays(d, 1)) off.add(d);
    });
    y.makeupWorkdays.forEach((m, i) => {
      if (!inYear(m.date))
        ctx.addIssue({ code: 'custom', path: ['makeupWorkdays', i, 'date'], message: `outside ${y.year}` });
      if (!isWeekend(m.date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['makeupWorkdays', i, 'date'],
          message: 'a make-up working day is a Saturday or Sunday',
        });
      }
      if (off.has(m.date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['makeupWorkdays', i, 'date'],
          message: 'also inside a holiday range',
        });
      }
    });
  });

export const HolidayCalendarFileSchema = z
  .strictObject({
    source: z.string().min(1),
    effectiveDate: isoDate,
    notes: z.array(z.string()),
    years: z.array(HolidayYearSchema).min(1),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<number>();
    file.years.forEach((y, i) => {
      if (seen.has(y.year))
        ctx.addIssue({ code: 'custom', path: ['years', i, 'year'], message: `year ${y.year} twice` });
      seen.add(y.year);
    });
  });
export type HolidayCalendarFile = z.infer<typeof HolidayCalendarFileSchema>;

/** A calendar year the file does not cover, a bad date, or a bad calendar file. */
export class HolidayCalendarError extends MarkwatchError {
  constructor(
    message: string,
    readonly problems: readonly JsonProblem[] = [],
  ) {
    super('workflow.calendar', message);
  }
}

/** The holiday calendar, ready for lookups. */
export interface HolidayCalendar {
  /** Years covered, ascending. */
  readonly years: readonly number[];
  /** Holiday date → holiday name. */
  readonly holidays: ReadonlyMap<string, string>;
  /** Make-up working day → the holiday it makes up for. */
  readonly makeupWorkdays: ReadonlyMap<string, string>;
  /** The notice per year (title, number, URL), for citing. */
  readonly notices: ReadonlyMap<number, HolidayCalendarFile['years'][number]['notice']>;
}

/** Builds the lookup form of a validated calendar file. */
export function holidayCalendarFrom(file: HolidayCalendarFile): HolidayCalendar {
  const holidays = new Map<string, string>();
  const makeupWorkdays = new Map<string, string>();
  const notices = new Map<number, HolidayCalendarFile['years'][number]['notice']>();
  for (const y of file.years) {
    notices.set(y.year, y.notice);
    for (const h of y.holidays)
      for (let d = h.start; d <= h.end; d = shiftDays(d, 1)) holidays.set(d, h.name);
    for (const m of y.makeupWorkdays) makeupWorkdays.set(m.date, m.for);
  }
  const years = file.years.map((y) => y.year).sort((a, b) => a - b);
  return { years, holidays, makeupWorkdays, notices };
}

/** Reads and validates a holiday calendar file; the error names the file and every bad field. */
export function loadHolidayCalendar(file: string = HOLIDAY_CALENDAR_FILE): HolidayCalendar {
  const parsed = parseJsonFile(file, HolidayCalendarFileSchema, {
    error: (message, problems) => new HolidayCalendarError(message, problems),
  });
  return holidayCalendarFrom(parsed);
}

let defaultCalendar: HolidayCalendar | null = null;
/** The shipped calendar, read once. */
export function defaultHolidayCalendar(): HolidayCalendar {
  defaultCalendar ??= loadHolidayCalendar();
  return defaultCalendar;
}

/** A China day: a YYYY-MM-DD string as is, an instant as its China date. */
export type ChinaDay = string | Date;

function toDay(day: ChinaDay, field = 'date'): string {
  if (day instanceof Date) {
    if (Number.isNaN(day.getTime())) throw new HolidayCalendarError(`${field}：无效时间 (invalid date)`);
    return chinaDate(day);
  }
  if (!isCalendarDate(day)) {
    throw new HolidayCalendarError(`${field}：「${day}」不是 YYYY-MM-DD 日期 (not a date YYYY-MM-DD)`);
  }
  return day;
}

function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function coverYear(day: string, calendar: HolidayCalendar): void {
  const year = Number(day.slice(0, 4));
  if (calendar.years.includes(year)) return;
  const covered = calendar.years.length > 0 ? `${calendar.years[0]}–${calendar.years.at(-1)}` : '无';
  throw new HolidayCalendarError(
    `节假日日历未收录${year}年（已收录：${covered}），无法计算${day}是否为工作日；` +
      `请按国务院办公厅${year}年部分节假日安排的通知补充 rules/workflow/holidays-cn.json ` +
      `(the holiday calendar does not cover ${year}; covered: ${covered}; add that year's State Council notice)`,
  );
}

/** True for a China working day; an error for a year the calendar does not cover. */
export function isWorkingDay(date: ChinaDay, calendar: HolidayCalendar = defaultHolidayCalendar()): boolean {
  const day = toDay(date);
  coverYear(day, calendar);
  if (calendar.makeupWorkdays.has(day)) return true;
  if (calendar.holidays.has(day)) return false;
  return !isWeekend(day);
}

/**
 * The n-th working day after `date` (the start day itself is not counted, as in Civil Code Art. 201); n = 0
 * gives `date`, a negative n counts back.
 */
export function addWorkingDays(
  date: ChinaDay,
  n: number,
  calendar: HolidayCalendar = defaultHolidayCalendar(),
): string {
  if (!Number.isInteger(n)) throw new HolidayCalendarError(`n：「${n}」不是整数 (not an integer)`);
  let day = toDay(date);
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0;) {
    day = shiftDays(day, step);
    if (isWorkingDay(day, calendar)) left -= 1;
  }
  return day;
}

/**
 * Working days after `a` up to and including `b` (a's own day is not counted), so that
 * addWorkingDays(a, workingDaysBetween(a, b)) is the last working day on or before b. Negative when b < a.
 */
export function workingDaysBetween(
  a: ChinaDay,
  b: ChinaDay,
  calendar: HolidayCalendar = defaultHolidayCalendar(),
): number {
  const from = toDay(a, 'a');
  const to = toDay(b, 'b');
  if (to < from) return -workingDaysBetween(to, from, calendar);
  let count = 0;
  for (let day = shiftDays(from, 1); day <= to; day = shiftDays(day, 1)) {
    if (isWorkingDay(day, calendar)) count += 1;
  }
  return count;
}
