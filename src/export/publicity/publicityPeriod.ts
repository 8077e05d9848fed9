import { isCalendarDate } from '../../common/chinaTime.js';
import { MarkwatchError } from '../../common/errors.js';
import type { WorkflowDeps } from '../../workflow/deps.js';
import { publicityList } from '../../workflow/publicityList.js';
import type { PublicityRow } from '../../workflow/publicity.js';

/*
 * The 公示 rows of one period: handled notices whose result came on a China date from `from` to `to`
 * (inclusive), already redacted by src/workflow/publicity.ts, oldest result first.
 */

export interface PublicityPeriod {
  /** China dates YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
}

/** Every handled notice is read: a period's list must not be cut short by a page size. */
const ALL_HANDLED = 1_000_000_000;

export function checkPeriod(period: PublicityPeriod): PublicityPeriod {
  for (const field of ['from', 'to'] as const) {
    if (!isCalendarDate(period[field])) {
      throw new MarkwatchError(
        'export.bad_period',
        `--${field}：「${period[field]}」不是有效日期 YYYY-MM-DD (not a calendar date)`,
      );
    }
  }
  if (period.from > period.to) {
    throw new MarkwatchError(
      'export.bad_period',
      `--from ${period.from} 晚于 --to ${period.to} (the period ends before it starts)`,
    );
  }
  return period;
}

export async function publicityRowsBetween(
  deps: Pick<WorkflowDeps, 'store'>,
  period: PublicityPeriod,
): Promise<PublicityRow[]> {
  const { from, to } = checkPeriod(period);
  const rows = await publicityList(deps, ALL_HANDLED);
  return rows
    .filter((r) => r.outcomeDate >= from && r.outcomeDate <= to)
    .sort(
      (a, b) =>
        a.outcomeDate.localeCompare(b.outcomeDate) ||
        Number(a.noticeId) - Number(b.noticeId) ||
        a.listingUrl.localeCompare(b.listingUrl),
    );
}
