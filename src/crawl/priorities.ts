import { chinaDate } from '../common/chinaTime.js';
import { keyGoodsCategoriesOf, loadKeyGoods, type KeyGoodsFile } from '../reference/keyGoods.js';
import {
  activePeriods as periodsOn,
  loadKeyPeriods,
  periodMultiplier,
  type KeyPeriodsFile,
  type PeriodWindow,
} from '../reference/keyPeriods.js';
import type { Right } from '../model/index.js';

/*
 * What steers the crawl planner: key-goods categories (重点商品) weight the queries of the rights they cover,
 * key periods (重点时段) raise the budget. Both are reference data of the rights registry
 * (data/reference/key-goods.json, key-periods.json) with their sources.
 */

export interface Priorities {
  keyGoods: KeyGoodsFile;
  keyPeriods: KeyPeriodsFile;
}

export function loadPriorities(): Priorities {
  return { keyGoods: loadKeyGoods(), keyPeriods: loadKeyPeriods() };
}

/** The calendar day in China (periods are China dates). */
export const chinaDay = chinaDate;

export function activePeriods(priorities: Priorities, now: Date): PeriodWindow[] {
  return periodsOn(chinaDay(now), priorities.keyPeriods);
}

/** Budget multiplier: the largest of the active periods that concern all goods (1 outside every period). */
export function budgetMultiplier(priorities: Priorities, now: Date): number {
  return periodMultiplier(chinaDay(now), undefined, priorities.keyPeriods);
}

/** The text a right is "about": its names, goods and GI category. */
function rightTopics(right: Right): string {
  switch (right.kind) {
    case 'trademark':
      return [right.name, ...right.aliases, ...(right.goods ?? [])].join(' ');
    case 'gi':
      return `${right.name} ${right.category}`;
    case 'special':
      return right.name;
    case 'patent':
      return '';
  }
}

/**
 * The weight of a right's queries: its heaviest key-goods category, times a key period that concerns that
 * category only (e.g. 农资 in the farming season); 1 for a right in no category.
 */
export function categoryWeight(
  priorities: Priorities,
  right: Right,
  now: Date,
): { weight: number; category: string | null } {
  const categories = keyGoodsCategoriesOf(rightTopics(right), priorities.keyGoods);
  let best: { weight: number; category: string | null } = { weight: 1, category: null };
  const day = chinaDay(now);
  const general = periodMultiplier(day, undefined, priorities.keyPeriods);
  for (const c of categories) {
    const weight = c.weight * (periodMultiplier(day, c.code, priorities.keyPeriods) / general);
    if (weight > best.weight) best = { weight, category: c.code };
  }
  return best;
}
