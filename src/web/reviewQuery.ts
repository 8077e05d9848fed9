import { FINDING_REVIEWS, TIERS, type FindingReview, type Tier } from '../model/index.js';
import type { FindingQuery } from '../store/index.js';

/*
 * The review queue's filters live in the URL (?platform=shopa&tier=lead&page=2 …), so a filtered view can be
 * bookmarked and shared. Unknown values are reported by name, not guessed.
 */

export const PAGE_SIZE = 50;

export interface ReviewFilters {
  query: FindingQuery;
  page: number;
  /** The filter values as given, for the form and the pagination links. */
  values: Record<string, string>;
  problems: string[];
}

const FIELDS = [
  'review',
  'tier',
  'platform',
  'right',
  'kind',
  'reason',
  'category',
  'region',
  'minScore',
  'from',
  'to',
  'sort',
  'page',
] as const;

export function parseReviewFilters(params: URLSearchParams): ReviewFilters {
  const values: Record<string, string> = {};
  for (const f of FIELDS) {
    const v = params.get(f)?.trim();
    if (v) values[f] = v.slice(0, 200);
  }
  const problems: string[] = [];
  const query: FindingQuery = { review: 'new' };
  if (values.review === 'all') delete query.review;
  else if (values.review) {
    if ((FINDING_REVIEWS as readonly string[]).includes(values.review))
      query.review = values.review as FindingReview;
    else problems.push(`review：未知取值「${values.review}」`);
  }
  if (values.tier) {
    if ((TIERS as readonly string[]).includes(values.tier)) query.tier = values.tier as Tier;
    else problems.push(`tier：未知取值「${values.tier}」`);
  }
  if (values.platform) query.platform = values.platform;
  if (values.right) query.rightId = values.right;
  if (values.kind) query.kind = values.kind;
  if (values.reason) query.reason = values.reason;
  if (values.category) query.category = values.category;
  if (values.region) {
    if (/^\d{2,6}$/.test(values.region)) query.region = values.region;
    else problems.push(`region：应为 2–6 位区划代码前缀`);
  }
  if (values.minScore) {
    const n = Number(values.minScore);
    if (Number.isFinite(n) && n >= 0 && n <= 1) query.minScore = n;
    else problems.push('minScore：应为 0 到 1 之间的数');
  }
  for (const [field, key] of [
    ['from', 'since'],
    ['to', 'until'],
  ] as const) {
    const v = values[field];
    if (!v) continue;
    if (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00+08:00`))) {
      // A China date: from its start; `to` up to the end of that day.
      const start = Date.parse(`${v}T00:00:00+08:00`) + (field === 'to' ? 86_400_000 : 0);
      query[key] = new Date(start).toISOString();
    } else problems.push(`${field}：应为日期 YYYY-MM-DD`);
  }
  if (values.sort === 'newest') query.sort = 'newest';
  else if (values.sort && values.sort !== 'score') problems.push(`sort：应为 score 或 newest`);
  const page =
    values.page && /^\d{1,6}$/.test(values.page) && Number(values.page) > 0 ? Number(values.page) : 1;
  return { query, page, values, problems };
}

/** The URL of the same filters on another page (or with one value changed). */
export function reviewUrl(
  values: Record<string, string>,
  change: Record<string, string | null> = {},
): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...change })) if (v) params.set(k, v);
  const qs = params.toString();
  return qs ? `/review?${qs}` : '/review';
}
