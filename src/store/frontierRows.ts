import type { FrontierEntry, FrontierState } from './crawlRepositories.js';

/** A crawl_frontier row as SQLite returns it, and its mapping to the repository's type. */
export interface FrontierRow {
  id: number;
  run_pk: number;
  kind: FrontierEntry['kind'];
  platform: string;
  domain: string;
  url: string;
  item_id: string | null;
  query: string | null;
  page_no: number;
  priority: number;
  state: FrontierState;
  attempts: number;
  session_rotations: number;
  rate_limits: number;
  carried_from: number | null;
  lease_owner: string | null;
  lease_until: number | null;
}

export function toEntry(r: FrontierRow): FrontierEntry {
  return {
    id: r.id,
    runPk: r.run_pk,
    kind: r.kind,
    platform: r.platform,
    domain: r.domain,
    url: r.url,
    itemId: r.item_id,
    query: r.query,
    pageNo: r.page_no,
    priority: r.priority,
    state: r.state,
    attempts: r.attempts,
    sessionRotations: r.session_rotations,
    rateLimits: r.rate_limits,
    carriedFrom: r.carried_from,
    leaseOwner: r.lease_owner,
    leaseUntil: r.lease_until,
  };
}

export const isoNow = (): string => new Date().toISOString();
