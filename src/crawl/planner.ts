import { pinyin } from 'pinyin-pro';
import type { Right } from '../model/index.js';
import { budgetMultiplier, activePeriods, categoryWeight, type Priorities } from './priorities.js';

/*
 * The planner (pure): active rights → search queries per platform within a page budget. Each right yields
 * its name, its aliases and the commonest evasion forms (toneless pinyin, the name split by a space), and
 * with `categoryWords` the name plus its goods word; queries are weighted by form and by the key-goods
 * category of the right, the budget is shared out by weight, and an active key period raises the budget.
 */

export const QUERY_FORMS = ['explicit', 'name', 'alias', 'pinyin', 'spaced', 'category'] as const;
export type QueryForm = (typeof QUERY_FORMS)[number];

/** How much of the budget a form deserves relative to the plain name. */
export const FORM_WEIGHTS: Record<QueryForm, number> = {
  explicit: 1,
  name: 1,
  alias: 0.8,
  pinyin: 0.4,
  spaced: 0.3,
  category: 0.3,
};

export interface PlannedQuery {
  platform: string;
  query: string;
  form: QueryForm;
  rightIds: string[];
  weight: number;
  /** Frontier rows (search pages + item pages) this query may add. */
  budget: number;
}

export interface CrawlPlan {
  /** Pages per platform after the key-period multiplier. */
  budgetPerPlatform: number;
  multiplier: number;
  periods: string[];
  queries: PlannedQuery[];
  /** Queries left out because the budget ran out. */
  dropped: number;
}

export interface PlanOptions {
  platforms: string[];
  /** Pages per platform per run before the key-period multiplier. */
  budget: number;
  now: Date;
  priorities: Priorities;
  /** Explicit queries of the job (used instead of the rights when given). */
  queries?: string[];
  /** Forms to generate (default: name, alias, pinyin, spaced). */
  forms?: QueryForm[];
  /** The least budget a query gets (a search page and a few items). */
  minBudgetPerQuery?: number;
}

const DEFAULT_FORMS: QueryForm[] = ['name', 'alias', 'pinyin', 'spaced'];
const CJK = /\p{Script=Han}/u;

interface Candidate {
  query: string;
  form: QueryForm;
  rightIds: Set<string>;
  weight: number;
}

function formsOf(right: Right, forms: Set<QueryForm>): { query: string; form: QueryForm }[] {
  if (right.kind === 'patent') return forms.has('name') ? [{ query: right.number, form: 'name' }] : [];
  const out: { query: string; form: QueryForm }[] = [];
  if (forms.has('name')) out.push({ query: right.name, form: 'name' });
  if (forms.has('alias')) for (const a of right.aliases) out.push({ query: a, form: 'alias' });
  const han = [...right.name].filter((ch) => CJK.test(ch));
  if (han.length >= 2 && han.length === [...right.name].length) {
    if (forms.has('pinyin'))
      out.push({ query: pinyin(right.name, { toneType: 'none', type: 'array' }).join(''), form: 'pinyin' });
    if (forms.has('spaced')) out.push({ query: `${han[0]} ${han.slice(1).join('')}`, form: 'spaced' });
  }
  if (forms.has('category')) {
    const goods =
      right.kind === 'trademark' ? right.goods?.[0] : right.kind === 'gi' ? right.category : undefined;
    if (goods && !right.name.includes(goods)) out.push({ query: `${right.name} ${goods}`, form: 'category' });
  }
  return out;
}

export function planCrawl(rights: Right[], options: PlanOptions): CrawlPlan {
  const multiplier = budgetMultiplier(options.priorities, options.now);
  const budgetPerPlatform = Math.max(1, Math.round(options.budget * multiplier));
  const minBudget = options.minBudgetPerQuery ?? 4;
  const candidates = new Map<string, Candidate>();
  const add = (query: string, form: QueryForm, rightId: string | null, weight: number) => {
    const key = query.trim().toLowerCase();
    if (!key) return;
    const c = candidates.get(key) ?? { query: query.trim(), form, rightIds: new Set<string>(), weight: 0 };
    if (rightId) c.rightIds.add(rightId);
    if (weight > c.weight) Object.assign(c, { weight, form });
    candidates.set(key, c);
  };
  if (options.queries && options.queries.length > 0) {
    for (const q of options.queries) add(q, 'explicit', null, FORM_WEIGHTS.explicit);
  } else {
    const forms = new Set(options.forms ?? DEFAULT_FORMS);
    for (const right of rights) {
      const { weight } = categoryWeight(options.priorities, right, options.now);
      for (const f of formsOf(right, forms)) add(f.query, f.form, right.id, FORM_WEIGHTS[f.form] * weight);
    }
  }
  // Heaviest first; ties in a stable order so a resumed run re-plans identically.
  const ranked = [...candidates.values()].sort((a, b) => b.weight - a.weight || (a.query < b.query ? -1 : 1));
  const total = ranked.reduce((s, c) => s + c.weight, 0);
  const queries: PlannedQuery[] = [];
  let dropped = 0;
  for (const platform of options.platforms) {
    let left = budgetPerPlatform;
    for (const c of ranked) {
      if (left < Math.min(minBudget, budgetPerPlatform)) {
        if (platform === options.platforms[0]) dropped++;
        continue;
      }
      const share = Math.max(minBudget, Math.floor((budgetPerPlatform * c.weight) / total));
      const budget = Math.min(left, share);
      left -= budget;
      queries.push({
        platform,
        query: c.query,
        form: c.form,
        rightIds: [...c.rightIds].sort(),
        weight: c.weight,
        budget,
      });
    }
    // Rounding leaves a few pages over: the heaviest queries get them.
    const mine = queries.filter((q) => q.platform === platform);
    for (let i = 0; left > 0 && mine.length > 0; i++, left--)
      (mine[i % mine.length] as PlannedQuery).budget++;
  }
  return {
    budgetPerPlatform,
    multiplier,
    periods: activePeriods(options.priorities, options.now).map((p) => p.code),
    queries,
    dropped,
  };
}
