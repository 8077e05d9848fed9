import type { FrontierRow } from '../frontierRows.js';
import type { PgExec } from './pgDatabase.js';

/*
 * Leasing a frontier row on PostgreSQL, where workers on many machines lease at once.
 *
 * The concurrency cap of a host counts the live leases of every run and process, so counting and leasing
 * must not interleave between two workers: each lease takes the host's domain_policy row lock (SELECT … FOR
 * UPDATE) and counts the host's leases only after it holds the lock — by then (READ COMMITTED: each statement
 * sees what committed before it) every earlier lease of the host is visible, and the next worker waits until
 * this one commits. The row itself is taken with FOR UPDATE SKIP LOCKED, so a worker never waits on, nor
 * takes, a row another transaction is working on. A host found full or paused after all is skipped and the
 * next candidate host tried.
 */

/** The best due pending row of the run, among hosts that look open (not paused, under their cap). */
const CANDIDATE_HOST = `
  WITH open_hosts AS (
    SELECT d.domain FROM domain_policy d
    WHERE d.backoff_until <= $2 AND NOT (d.domain = ANY($3::text[]))
      AND (SELECT count(*) FROM crawl_frontier g
           WHERE g.domain = d.domain AND g.state = 'leased' AND g.lease_until > $2) < d.max_concurrency)
  SELECT f.domain FROM crawl_frontier f
  WHERE f.run_pk = $1 AND f.state = 'pending' AND f.next_attempt_at <= $2
    AND f.domain IN (SELECT domain FROM open_hosts)
  ORDER BY f.priority DESC, f.id LIMIT 1`;

const LOCK_HOST =
  'SELECT max_concurrency AS cap, backoff_until FROM domain_policy WHERE domain = $1 FOR UPDATE';

const LIVE_LEASES = `SELECT count(*) AS n FROM crawl_frontier WHERE domain = $1 AND state = 'leased' AND lease_until > $2`;

const LEASE_ROW = `
  UPDATE crawl_frontier SET state = 'leased', lease_owner = $4, lease_until = $5, updated_at = $6
  WHERE id = (SELECT f.id FROM crawl_frontier f
              WHERE f.run_pk = $1 AND f.domain = $2 AND f.state = 'pending' AND f.next_attempt_at <= $3
              ORDER BY f.priority DESC, f.id LIMIT 1
              FOR UPDATE SKIP LOCKED)
    AND state = 'pending'
  RETURNING *`;

/**
 * Leases the next due row of `runPk` for `owner` until `until`. Must run inside a transaction (`conn` is a
 * transaction's connection): the host lock is held until it commits.
 */
export async function leaseNextRow(
  conn: PgExec,
  runPk: number,
  owner: string,
  now: number,
  until: number,
): Promise<FrontierRow | null> {
  const skipped: string[] = [];
  for (;;) {
    const candidate = await conn.query<{ domain: string }>(CANDIDATE_HOST, [runPk, now, skipped]);
    const domain = candidate.rows[0]?.domain;
    if (domain === undefined) return null;
    skipped.push(domain);
    const host = await conn.query<{ cap: number; backoff_until: number }>(LOCK_HOST, [domain]);
    const h = host.rows[0];
    if (!h || h.backoff_until > now) continue;
    // A statement of its own, after the lock is held: its snapshot includes every lease committed before.
    const live = await conn.query<{ n: number }>(LIVE_LEASES, [domain, now]);
    if ((live.rows[0]?.n ?? 0) >= h.cap) continue;
    const leased = await conn.query<FrontierRow & Record<string, unknown>>(LEASE_ROW, [
      runPk,
      domain,
      now,
      owner,
      until,
      new Date().toISOString(),
    ]);
    if (leased.rows[0]) return leased.rows[0];
  }
}
