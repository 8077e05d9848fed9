import { createTask, parse, type ScheduledTask } from 'node-cron';

/*
 * When a cron expression fires next after a given moment. node-cron answers this only from the wall clock
 * (getNextRun), so a page or a test with its own clock asks here. The walk uses node-cron's own parse() for
 * the second/minute/hour/month sets and its own match() for the final word (day-of-month and day-of-week
 * rules included), so the time shown is the time node-cron fires.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function localParts(
  at: Date,
  timezone: string,
): { month: number; hour: number; minute: number; second: number } {
  let f = formats.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      month: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timezone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    month: parts.month ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The search gives up after this many steps (an expression that fires less than once in years). */
const MAX_STEPS = 200_000;

/** The first moment strictly after `from` at which `cron` fires in `timezone` (null: none found within years). */
export function nextFireTime(cron: string, timezone: string, from: Date, task?: ScheduledTask): Date | null {
  const fields = parse(cron);
  const matcher = task ?? createTask(cron, () => {}, { timezone });
  try {
    const seconds = new Set(fields.second);
    const minutes = new Set(fields.minute);
    const hours = new Set(fields.hour);
    const months = new Set(fields.month);
    let t = Math.floor(from.getTime() / 1000) * 1000 + 1000;
    for (let step = 0; step < MAX_STEPS; step++) {
      const p = localParts(new Date(t), timezone);
      const toNextMinute = (60 - p.second) * 1000;
      const toNextHour = (60 - p.minute) * 60_000 - p.second * 1000;
      const toNextDay = (24 - p.hour) * 3_600_000 - p.minute * 60_000 - p.second * 1000;
      if (!months.has(p.month)) t += toNextDay;
      else if (!hours.has(p.hour)) t += toNextHour;
      else if (!minutes.has(p.minute)) t += toNextMinute;
      else if (!seconds.has(p.second)) {
        const later = fields.second.filter((s) => s > p.second);
        t += later.length > 0 ? (Math.min(...later) - p.second) * 1000 : toNextMinute;
      } else if (matcher.match(new Date(t))) return new Date(t);
      else t += toNextDay; // the time of day matches, so the day does not
    }
    return null;
  } finally {
    if (!task) void matcher.destroy();
  }
}
