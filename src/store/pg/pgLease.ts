import { UNLIMITED_BUCKET } from '../crawlRepositories.js';
import type { FrontierRow } from '../frontierRows.js';
import type { PgExec } from './pgDatabase.js';

/*
 * Leasing a frontier row on PostgreSQL, where workers on many machines lease at once.
 *
 * The concurrency cap of a host counts the live leases of every run and process, so counting and leasing
 * must not interleave between two workers: each lease first takes the host's domain_policy row lock (SELECT …
 * FOR UPDATE), and only the NEXT statement counts the host's leases and takes the row — READ COMMITTED gives
 * each statement a fresh snapshot, so by then every earlier lease of the host is visible, and the next worker
 * waits for the lock until this one commits. The row itself is taken with FOR UPDATE SKIP LOCKED, so a worker
 * never waits on, nor takes, a row another transaction is working on. A host found full or paused after all
 * is skipped and the next candidate host tried. Two statements per lease: each round trip counts on the hot
 * path.
 */

/** Locks the host of the run's best due pending row, among hosts that look open (not paused, under cap). */
const LOCK_CANDIDATE_HOST = `
  WITH open_hosts AS (
    SELECT o.domain FROM domain_policy o
    WHERE o.backoff_until <= $2 AND NOT (o.domain = ANY($3::text[]))
      AND (SELECT count(*) FROM crawl_frontier g
           WHERE g.domain = o.domain AND g.state = 'leased' AND g.lease_until > $2) < o.max_concurrency),
  candidate AS (
    SELECT f.domain FROM crawl_frontier f
    WHERE f.run_pk = $1 AND f.state = 'pending' AND f.next_attempt_at <= $2
      AND f.domain IN (SELECT domain FROM open_hosts)
    ORDER BY f.priority DESC, f.id LIMIT 1)
  SELECT d.domain, d.max_concurrency AS cap, d.backoff_until,
         (d.min_interval_ms = 0 AND d.crawl_delay_ms = 0 AND d.bucket_size >= ${UNLIMITED_BUCKET}) AS unlimited
  FROM domain_policy d WHERE d.domain = (SELECT domain FROM candidate)
  FOR UPDATE OF d`;

/** Under the host lock: the host's best due row, if its live leases (counted now) are under its cap. */
const LEASE_ROW = `
  UPDATE crawl_frontier SET state = 'leased', lease_owner = $4, lease_until = $5, updated_at = $6
  WHERE id = (SELECT f.id FROM crawl_frontier f
              WHERE f.run_pk = $1 AND f.domain = $2 AND f.state = 'pending' AND f.next_attempt_at <= $3
              ORDER BY f.priority DESC, f.id LIMIT 1
              FOR UPDATE SKIP LOCKED)
    AND state = 'pending'
    AND (SELECT count(*) FROM crawl_frontier g
         WHERE g.domain = $2 AND g.state = 'leased' AND g.lease_until > $3) < $7
  RETURNING *`;

export interface LeasedRow {
  row: FrontierRow;
  /** The host has no interval, Crawl-delay or bucket limit: its request slot is free (nothing to advance). */
  unlimited: boolean;
}

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
): Promise<LeasedRow | null> {
  const skipped: string[] = [];
  for (;;) {
    const host = await conn.query<{ domain: string; cap: number; backoff_until: number; unlimited: boolean }>(
      LOCK_CANDIDATE_HOST,
      [runPk, now, skipped],
    );
    const h = host.rows[0];
    if (!h) return null;
    skipped.push(h.domain);
    if (h.backoff_until > now) continue;
    const leased = await conn.query<FrontierRow & Record<string, unknown>>(LEASE_ROW, [
      runPk,
      h.domain,
      now,
      owner,
      until,
      new Date().toISOString(),
      h.cap,
    ]);
    if (leased.rows[0]) return { row: leased.rows[0], unlimited: h.unlimited };
  }
}
