import type {
  CarrySite,
  EnqueueLimit,
  FrontierEntry,
  LeasedEntry,
  NewFrontierEntry,
  NextLease,
  RetryUpdate,
} from '../crawlRepositories.js';
import { isoNow, toEntry, type FrontierRow } from '../frontierRows.js';
import { CARRIED_PRIORITY } from '../sqliteFrontierQueue.js';
import type { PgConn, PgExec } from './pgDatabase.js';
import { PgHostPolicyRepository } from './pgHostPolicy.js';
import { leaseNextRow } from './pgLease.js';

/** Namespace of the advisory locks that keep a query's rows within its budget (second key: run and query). */
const BUDGET_LOCK = 727_003;

/**
 * The frontier on PostgreSQL: rows in, leases out (pgLease.ts), and the row's fate after a failure. Built on
 * a connection; the page commit builds one on its transaction's connection.
 */
/**
 * Extends `owner`'s live leases of the run to `until`: a worker's heartbeat, and the run's (pgCrawlRuns). Rows
 * are locked in id order, as the sweep's (releaseStaleLeases): the two cannot deadlock.
 */
export async function renewOwnLeases(
  c: PgExec,
  runPk: number,
  owner: string,
  until: number,
): Promise<number> {
  const info = await c.query(
    `UPDATE crawl_frontier SET lease_until = $1
     WHERE id IN (SELECT id FROM crawl_frontier WHERE run_pk = $2 AND state = 'leased' AND lease_owner = $3
                  ORDER BY id FOR UPDATE)
       AND state = 'leased' AND lease_owner = $3`,
    [until, runPk, owner],
  );
  return info.rowCount ?? 0;
}

export class PgFrontierQueue {
  constructor(private readonly conn: PgConn) {}

  /**
   * Inserts rows one by one (a duplicate by URL or item id is skipped and costs no budget). With a limit, the
   * count-then-insert runs under an advisory lock on (run, platform, query): two workers completing result
   * pages of one query at once would otherwise both see the same room and overshoot its budget.
   */
  async insertAll(runPk: number, entries: NewFrontierEntry[], limit?: EnqueueLimit): Promise<number> {
    if (entries.length === 0) return 0;
    return this.conn.tx(async (c) => {
      let room = Infinity;
      if (limit) {
        await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
          BUDGET_LOCK,
          JSON.stringify([runPk, limit.platform, limit.query]),
        ]);
        room = limit.maxRows - (await new PgFrontierQueue(c).queryRows(runPk, limit.platform, limit.query));
      }
      let inserted = 0;
      const at = isoNow();
      for (const e of entries) {
        if (room <= 0) break;
        const info = await c.query(
          `INSERT INTO crawl_frontier (run_pk, kind, platform, domain, url, item_id, query, page_no, priority,
                                       created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) ON CONFLICT DO NOTHING`,
          [
            runPk,
            e.kind,
            e.platform,
            e.domain,
            e.url,
            e.itemId ?? null,
            e.query ?? null,
            e.pageNo ?? 1,
            e.priority ?? 0,
            at,
          ],
        );
        if (info.rowCount) {
          inserted++;
          room--;
        }
      }
      return inserted;
    });
  }

  /** Leases a row and tries its host's request slot, in one transaction (the caller's when inside one). */
  async leaseNext(owner: string, next: NextLease): Promise<LeasedEntry | null> {
    return this.conn.tx(async (c) => {
      const leased = await leaseNextRow(c, next.runPk, owner, next.now, next.now + next.leaseMs);
      if (!leased) return null;
      // The lease already read the host under its lock: an unlimited host needs no second look.
      const slot =
        leased.unlimited || (await new PgHostPolicyRepository(c).takeSlot(leased.row.domain, next.now));
      return { entry: toEntry(leased.row), slot };
    });
  }

  enqueue(runPk: number, entries: NewFrontierEntry[], limit?: EnqueueLimit): Promise<number> {
    return this.insertAll(runPk, entries, limit);
  }

  /** As SqliteFrontierQueue.carryFailures; the sites come in as two parallel arrays (unnest). */
  async carryFailures(runPk: number, job: string, sites: CarrySite[]): Promise<number> {
    const info = await this.conn.query(
      `INSERT INTO crawl_frontier (run_pk, kind, platform, domain, url, item_id, query, page_no, priority,
                                   carried_from, created_at, updated_at)
       SELECT $1, f.kind, f.platform, f.domain, f.url, f.item_id, f.query, f.page_no, $3, f.id, $6, $6
       FROM crawl_frontier f
       JOIN unnest($4::text[], $5::text[]) AS site(platform, domain) ON site.platform = f.platform
       WHERE f.run_pk IN (SELECT run_pk FROM crawl_runs WHERE job = $2 AND run_pk < $1)
         AND f.state IN ('failed', 'blocked')
         AND NOT EXISTS (SELECT 1 FROM crawl_frontier c WHERE c.carried_from = f.id)
         AND (f.domain = site.domain
              OR f.domain NOT IN (SELECT s.domain FROM crawl_frontier s
                                  WHERE s.run_pk = f.run_pk AND s.platform = f.platform AND s.kind = 'search'))
       ORDER BY f.id
       ON CONFLICT DO NOTHING`,
      [runPk, job, CARRIED_PRIORITY, sites.map((s) => s.platform), sites.map((s) => s.domain), isoNow()],
    );
    return info.rowCount ?? 0;
  }

  async lease(runPk: number, owner: string, now: number, leaseMs: number): Promise<FrontierEntry | null> {
    const leased = await this.conn.tx((c) => leaseNextRow(c, runPk, owner, now, now + leaseMs));
    return leased ? toEntry(leased.row) : null;
  }

  leaseWithSlot(runPk: number, owner: string, now: number, leaseMs: number): Promise<LeasedEntry | null> {
    return this.leaseNext(owner, { runPk, now, leaseMs });
  }

  async queryRows(runPk: number, platform: string, query: string): Promise<number> {
    const { rows } = await this.conn.query<{ n: number }>(
      'SELECT count(*) AS n FROM crawl_frontier WHERE run_pk = $1 AND platform = $2 AND query = $3',
      [runPk, platform, query],
    );
    return rows[0]?.n ?? 0;
  }

  async outstanding(runPk: number): Promise<{ pending: number; leased: number; nextDueAt: number | null }> {
    const { rows } = await this.conn.query<{ pending: number; leased: number; due: number | null }>(
      `SELECT count(*) FILTER (WHERE state = 'pending') AS pending, count(*) FILTER (WHERE state = 'leased') AS leased,
              min(next_attempt_at) FILTER (WHERE state = 'pending') AS due
       FROM crawl_frontier WHERE run_pk = $1 AND state IN ('pending', 'leased')`,
      [runPk],
    );
    const r = rows[0];
    return { pending: r?.pending ?? 0, leased: r?.leased ?? 0, nextDueAt: r?.due ?? null };
  }

  async renewLeases(runPk: number, owner: string, now: number, leaseMs: number): Promise<number> {
    return renewOwnLeases(this.conn, runPk, owner, now + leaseMs);
  }

  /**
   * Returns `owner`'s leases of the run to pending (and a leased row with no owner or no lease time, as the
   * stale-lease sweep at time 0 would): a stopped coordinator's or worker's rows, in one statement. Rows are
   * locked in id order, as the sweep's and the heartbeat's, so none of them can deadlock another.
   */
  async releaseLeases(runPk: number, owner: string): Promise<number> {
    const info = await this.conn.query(
      `UPDATE crawl_frontier SET state = 'pending', lease_owner = NULL, lease_until = NULL, updated_at = $3
       WHERE id IN (SELECT id FROM crawl_frontier
                    WHERE run_pk = $1 AND state = 'leased'
                      AND (lease_owner IS NULL OR lease_owner = $2 OR coalesce(lease_until, 0) <= 0)
                    ORDER BY id FOR UPDATE)`,
      [runPk, owner, isoNow()],
    );
    return info.rowCount ?? 0;
  }

  async release(frontierId: number, owner: string): Promise<void> {
    await this.conn.query(
      `UPDATE crawl_frontier SET state = 'pending', lease_owner = NULL, lease_until = NULL
       WHERE id = $1 AND state = 'leased' AND lease_owner = $2`,
      [frontierId, owner],
    );
  }

  /**
   * Which owners are gone is asked of the caller (a local process table) first; the rows are then returned
   * to pending by ONE UPDATE. Its rows are locked in id order (as the heartbeat's), so two sweeps or a sweep
   * and a heartbeat cannot deadlock, and PostgreSQL re-checks the condition on each row it had to wait for: a
   * row whose owner meanwhile committed it (done) or renewed its lease (heartbeat) is left alone.
   */
  async releaseStaleLeases(
    runPk: number,
    now: number,
    isOwnerGone: (owner: string) => boolean,
  ): Promise<number> {
    const { rows } = await this.conn.query<{ lease_owner: string }>(
      `SELECT DISTINCT lease_owner FROM crawl_frontier
       WHERE run_pk = $1 AND state = 'leased' AND lease_owner IS NOT NULL`,
      [runPk],
    );
    const gone = rows.map((r) => r.lease_owner).filter((o) => isOwnerGone(o));
    const info = await this.conn.tx((c) =>
      c.query(
        `UPDATE crawl_frontier SET state = 'pending', lease_owner = NULL, lease_until = NULL, updated_at = $4
         WHERE id IN (SELECT id FROM crawl_frontier
                      WHERE run_pk = $1 AND state = 'leased'
                        AND (lease_owner IS NULL OR lease_owner = ANY($3::text[]) OR coalesce(lease_until, 0) <= $2)
                      ORDER BY id FOR UPDATE)`,
        [runPk, now, gone, isoNow()],
      ),
    );
    return info.rowCount ?? 0;
  }

  async retry(frontierId: number, owner: string, u: RetryUpdate): Promise<void> {
    await this.conn.query(
      `UPDATE crawl_frontier SET state = 'pending', lease_owner = NULL, lease_until = NULL,
              attempts = attempts + $3, session_rotations = session_rotations + $4, rate_limits = rate_limits + $5,
              next_attempt_at = $6, error_class = $7, last_error = $8, updated_at = $9
       WHERE id = $1 AND state = 'leased' AND lease_owner = $2`,
      [
        frontierId,
        owner,
        u.spend === 'retry' ? 1 : 0,
        u.spend === 'rotation' ? 1 : 0,
        u.spend === 'rate_limit' ? 1 : 0,
        u.nextAttemptAt,
        u.errorClass,
        u.message.slice(0, 500),
        isoNow(),
      ],
    );
  }

  async settle(
    frontierId: number,
    owner: string,
    state: 'failed' | 'skipped' | 'blocked',
    errorClass: string,
    message: string,
  ): Promise<void> {
    await this.conn.query(
      `UPDATE crawl_frontier SET state = $3, error_class = $4, last_error = $5, lease_owner = NULL,
              lease_until = NULL, updated_at = $6
       WHERE id = $1 AND state = 'leased' AND lease_owner = $2`,
      [frontierId, owner, state, errorClass, message.slice(0, 500), isoNow()],
    );
  }

  async entries(runPk: number): Promise<FrontierEntry[]> {
    const { rows } = await this.conn.query<FrontierRow & Record<string, unknown>>(
      'SELECT * FROM crawl_frontier WHERE run_pk = $1 ORDER BY id',
      [runPk],
    );
    return rows.map(toEntry);
  }
}
