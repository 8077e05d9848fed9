import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Right } from '../model/index.js';

/*
 * Key-goods categories (重点商品) and key periods (重点时段) that steer the crawl planner: categories weight
 * the queries of the rights they cover, an active period multiplies the page budget. Data, with its source,
 * in rules/crawl/priorities.json.
 */

const monthDay = z.string().regex(/^\d{2}-\d{2}$/, 'MM-DD');

export const PrioritiesSchema = z
  .object({
    source: z.string().min(1),
    effectiveDate: z.iso.date(),
    notes: z.string().optional(),
    categories: z.array(
      z
        .object({
          code: z.string().min(1),
          nameZh: z.string().min(1),
          weight: z.number().positive(),
          keywords: z.array(z.string().min(1)).min(1),
        })
        .strict(),
    ),
    springFestivalDates: z
      .object({ source: z.string().min(1), dates: z.array(z.iso.date()) })
      .strict()
      .optional(),
    periods: z.array(
      z
        .object({
          code: z.string().min(1),
          window: z.union([
            z.object({ start: monthDay, end: monthDay }).strict(),
            z.object({ lunarNewYearOffsetDays: z.tuple([z.number().int(), z.number().int()]) }).strict(),
          ]),
          multiplier: z.number().positive(),
        })
        .strict(),
    ),
  })
  .strict();
export type Priorities = z.infer<typeof PrioritiesSchema>;

export const PRIORITIES_FILE = fileURLToPath(new URL('../../rules/crawl/priorities.json', import.meta.url));

export function loadPriorities(file: string = PRIORITIES_FILE): Priorities {
  const result = PrioritiesSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${file}: field "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

const DAY = 86_400_000;
const chineseDate = new Intl.DateTimeFormat('en-u-ca-chinese', {
  month: 'numeric',
  day: 'numeric',
  timeZone: 'Asia/Shanghai',
});

/**
 * Spring Festival (正月初一) of a Gregorian year, as a UTC midnight timestamp of its Beijing date: from the
 * data table when it covers the year, else from the ICU Chinese calendar (may be a day off, see the data).
 */
export function lunarNewYear(year: number, table: readonly string[] = []): number {
  const listed = table.find((d) => d.startsWith(`${year}-`));
  if (listed) return Date.parse(`${listed}T00:00:00Z`);
  for (let t = Date.UTC(year, 0, 19); t <= Date.UTC(year, 1, 22); t += DAY) {
    const parts = chineseDate.formatToParts(new Date(t + 4 * 3_600_000));
    const month = parts.find((p) => p.type === 'month')?.value;
    const day = parts.find((p) => p.type === 'day')?.value;
    if (month === '1' && day === '1') return t;
  }
  throw new Error(`no Chinese new year found in ${year}`);
}

/** The calendar date in Beijing as a UTC midnight timestamp (periods are Beijing dates). */
function beijingDay(now: Date): number {
  const d = new Date(now.getTime() + 8 * 3_600_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

function inMonthDayWindow(day: number, start: string, end: string): boolean {
  const md = new Date(day).toISOString().slice(5, 10);
  return start <= end ? md >= start && md <= end : md >= start || md <= end;
}

/** The key periods `now` falls in. */
export function activePeriods(priorities: Priorities, now: Date): Priorities['periods'] {
  const day = beijingDay(now);
  const year = new Date(day).getUTCFullYear();
  return priorities.periods.filter((p) => {
    if ('start' in p.window) return inMonthDayWindow(day, p.window.start, p.window.end);
    const [from, to] = p.window.lunarNewYearOffsetDays;
    return [year - 1, year, year + 1].some((y) => {
      const ny = lunarNewYear(y, priorities.springFestivalDates?.dates);
      return day >= ny + from * DAY && day <= ny + to * DAY;
    });
  });
}

/** Budget multiplier: the largest of the active periods (1 outside every period). */
export function budgetMultiplier(priorities: Priorities, now: Date): number {
  return Math.max(1, ...activePeriods(priorities, now).map((p) => p.multiplier));
}

/** The text a right is "about": its goods, GI category and names. */
function rightTopics(right: Right): string {
  switch (right.kind) {
    case 'trademark':
      return [right.name, ...(right.goods ?? [])].join(' ');
    case 'gi':
      return `${right.name} ${right.category}`;
    case 'special':
      return right.name;
    case 'patent':
      return '';
  }
}

/** The weight of the key-goods category a right belongs to (the largest that applies; 1 if none). */
export function categoryWeight(
  priorities: Priorities,
  right: Right,
): { weight: number; category: string | null } {
  const topics = rightTopics(right);
  let best: { weight: number; category: string | null } = { weight: 1, category: null };
  for (const c of priorities.categories) {
    if (c.weight > best.weight && c.keywords.some((k) => topics.includes(k)))
      best = { weight: c.weight, category: c.code };
  }
  return best;
}
