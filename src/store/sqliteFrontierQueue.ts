import type {
  CarrySite,
  EnqueueLimit,
  FrontierEntry,
  LeasedEntry,
  NewFrontierEntry,
  NextLease,
  RetryUpdate,
} from './crawlRepositories.js';
import type { Db } from './database.js';
import { isoNow, toEntry, type FrontierRow } from './frontierRows.js';
import { SqliteHostPolicyRepository } from './sqliteHostPolicy.js';

/** Carried rows go first: what the last run lost is retried before anything new is looked at. */
export const CARRIED_PRIORITY = 20;

/**
 * The frontier itself: rows in, leases out, and the row's fate after a failure (retry later or settle).
 * The item commit uses insertAllSync and leaseNextSync inside its own transaction.
 */
/** Extends `owner`'s live leases of the run to `until`: a worker's heartbeat, and the run's (sqliteCrawlRuns). */
export function renewLeasesSync(db: Db, runPk: number, owner: string, until: number): number {
  return db
    .prepare(
      `UPDATE crawl_frontier SET lease_until = ? WHERE run_pk = ? AND state = 'leased' AND lease_owner = ?`,
    )
    .run(until, runPk, owner).changes;
}

export class SqliteFrontierQueue {
  private readonly insertStmt;
  private readonly countQueryStmt;
  private readonly leaseStmt;
  private readonly outstandingStmt;
  private readonly hostPolicy: SqliteHostPolicyRepository;

  constructor(private readonly db: Db) {
    this.hostPolicy = new SqliteHostPolicyRepository(db);
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO crawl_frontier (run_pk, kind, platform, domain, url, item_id, query, page_no, priority, created_at, updated_at)
       VALUES (@runPk, @kind, @platform, @domain, @url, @itemId, @query, @pageNo, @priority, @at, @at)`,
    );
    this.countQueryStmt = db
      .prepare('SELECT count(*) FROM crawl_frontier WHERE run_pk = ? AND platform = ? AND query = ?')
      .pluck();
    // The hosts under their concurrency cap (live leases of every run and process) and not backing off.
    this.leaseStmt = db.prepare<{ run: number; owner: string; now: number; until: number }, FrontierRow>(
      `WITH open_hosts AS (
         SELECT d.domain FROM domain_policy d
         WHERE d.backoff_until <= @now
           AND (SELECT count(*) FROM crawl_frontier g
                WHERE g.domain = d.domain AND g.state = 'leased' AND g.lease_until > @now) < d.max_concurrency)
       UPDATE crawl_frontier SET state = 'leased', lease_owner = @owner, lease_until = @until, updated_at = datetime('now')
       WHERE id = (SELECT f.id FROM crawl_frontier f
                   WHERE f.run_pk = @run AND f.state = 'pending' AND f.next_attempt_at <= @now
                     AND f.domain IN (SELECT domain FROM open_hosts)
                   ORDER BY f.priority DESC, f.id LIMIT 1)
       RETURNING *`,
    );
    this.outstandingStmt = db.prepare<[number], { pending: number; leased: number; due: number | null }>(
      `SELECT sum(state = 'pending') AS pending, sum(state = 'leased') AS leased,
              min(CASE WHEN state = 'pending' THEN next_attempt_at END) AS due
       FROM crawl_frontier WHERE run_pk = ? AND state IN ('pending', 'leased')`,
    );
  }

  insertAllSync(runPk: number, entries: NewFrontierEntry[], limit?: EnqueueLimit): number {
    let room = limit
      ? limit.maxRows - Number(this.countQueryStmt.get(runPk, limit.platform, limit.query))
      : Infinity;
    let inserted = 0;
    const at = isoNow();
    for (const e of entries) {
      if (room <= 0) break;
      const info = this.insertStmt.run({
        runPk,
        kind: e.kind,
        platform: e.platform,
        domain: e.domain,
        url: e.url,
        itemId: e.itemId ?? null,
        query: e.query ?? null,
        pageNo: e.pageNo ?? 1,
        priority: e.priority ?? 0,
        at,
      });
      if (info.changes > 0) {
        inserted++;
        room--;
      }
    }
    return inserted;
  }

  /** Leases a row and tries its host's request slot; runs inside the caller's transaction. */
  leaseNextSync(owner: string, next: NextLease): LeasedEntry | null {
    const row = this.leaseStmt.get({ run: next.runPk, owner, now: next.now, until: next.now + next.leaseMs });
    return row ? { entry: toEntry(row), slot: this.hostPolicy.tryAcquireSync(row.domain, next.now) } : null;
  }

  async enqueue(runPk: number, entries: NewFrontierEntry[], limit?: EnqueueLimit): Promise<number> {
    return this.db.transaction(() => this.insertAllSync(runPk, entries, limit)).immediate();
  }

  /**
   * Copies the job's unsettled failures into run `runPk`: every failed or blocked row of an earlier run of the
   * job that no later run has carried yet (a carried row that fails again is carried in turn), for the given
   * platforms. A row on the host a platform's search pages used to be served from, when that platform now lives
   * elsewhere (a new --base-url or port), is not carried: that address is gone. Its row stays in history.
   */
  async carryFailures(runPk: number, job: string, sites: CarrySite[]): Promise<number> {
    const info = this.db
      .prepare(
        `INSERT OR IGNORE INTO crawl_frontier (run_pk, kind, platform, domain, url, item_id, query, page_no, priority,
                                               carried_from, created_at, updated_at)
         SELECT @runPk, f.kind, f.platform, f.domain, f.url, f.item_id, f.query, f.page_no, @priority, f.id, @at, @at
         FROM crawl_frontier f
         JOIN json_each(@sites) site ON json_extract(site.value, '$.platform') = f.platform
         WHERE f.run_pk IN (SELECT run_pk FROM crawl_runs WHERE job = @job AND run_pk < @runPk)
           AND f.state IN ('failed', 'blocked')
           AND NOT EXISTS (SELECT 1 FROM crawl_frontier c WHERE c.carried_from = f.id)
           AND (f.domain = json_extract(site.value, '$.domain')
                OR f.domain NOT IN (SELECT s.domain FROM crawl_frontier s
                                    WHERE s.run_pk = f.run_pk AND s.platform = f.platform AND s.kind = 'search'))
         ORDER BY f.id`,
      )
      .run({ runPk, job, priority: CARRIED_PRIORITY, sites: JSON.stringify(sites), at: isoNow() });
    return info.changes;
  }

  async lease(runPk: number, owner: string, now: number, leaseMs: number): Promise<FrontierEntry | null> {
    const row = this.leaseStmt.get({ run: runPk, owner, now, until: now + leaseMs });
    return row ? toEntry(row) : null;
  }

  async leaseWithSlot(
    runPk: number,
    owner: string,
    now: number,
    leaseMs: number,
  ): Promise<LeasedEntry | null> {
    return this.db.transaction(() => this.leaseNextSync(owner, { runPk, now, leaseMs })).immediate();
  }

  async queryRows(runPk: number, platform: string, query: string): Promise<number> {
    return Number(this.countQueryStmt.get(runPk, platform, query));
  }

  async outstanding(runPk: number): Promise<{ pending: number; leased: number; nextDueAt: number | null }> {
    const r = this.outstandingStmt.get(runPk);
    return { pending: r?.pending ?? 0, leased: r?.leased ?? 0, nextDueAt: r?.due ?? null };
  }

  async renewLeases(runPk: number, owner: string, now: number, leaseMs: number): Promise<number> {
    return renewLeasesSync(this.db, runPk, owner, now + leaseMs);
  }

  /**
   * Returns `owner`'s leases of the run to pending (and a leased row with no owner or no lease time, as the
   * stale-lease sweep at time 0 would): a stopped coordinator's or worker's rows, in one statement.
   */
  async releaseLeases(runPk: number, owner: string): Promise<number> {
    return this.db
      .prepare(
        `UPDATE crawl_frontier SET state = 'pending', lease_owner = NULL, lease_until = NULL, updated_at = ?
         WHERE run_pk = ? AND state = 'leased'
           AND (lease_owner IS NULL OR lease_owner = ? OR coalesce(lease_until, 0) <= 0)`,
      )
      .run(isoNow(), runPk, owner).changes;
  }

  async release(frontierId: number, owner: string): Promise<void> {
    this.db
      .prepare(
        `UPDATE crawl_frontier SET state = 'pending', lease_owner = NULL, lease_until = NULL WHERE id = ? AND state = 'leased' AND lease_owner = ?`,
      )
      .run(frontierId, owner);
  }

  async releaseStaleLeases(
    runPk: number,
    now: number,
    isOwnerGone: (owner: string) => boolean,
  ): Promise<number> {
    return this.db
      .transaction(() => {
        const rows = this.db
          .prepare<[number], { id: number; lease_owner: string | null; lease_until: number | null }>(
            `SELECT id, lease_owner, lease_until FROM crawl_frontier WHERE run_pk = ? AND state = 'leased'`,
          )
          .all(runPk);
        const release = this.db.prepare(
          `UPDATE crawl_frontier SET state = 'pending', lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ?`,
        );
        let released = 0;
        const gone = new Map<string, boolean>();
        for (const r of rows) {
          const ownerGone =
            r.lease_owner === null ||
            (gone.get(r.lease_owner) ??
              gone.set(r.lease_owner, isOwnerGone(r.lease_owner)).get(r.lease_owner));
          if (ownerGone || (r.lease_until ?? 0) <= now) {
            release.run(isoNow(), r.id);
            released++;
          }
        }
        return released;
      })
      .immediate();
  }

  async retry(frontierId: number, owner: string, u: RetryUpdate): Promise<void> {
    this.db
      .prepare(
        `UPDATE crawl_frontier SET state = 'pending', lease_owner = NULL, lease_until = NULL,
                attempts = attempts + @retry, session_rotations = session_rotations + @rotation,
                rate_limits = rate_limits + @rateLimit,
                next_attempt_at = @next, error_class = @cls, last_error = @msg, updated_at = @at
         WHERE id = @id AND state = 'leased' AND lease_owner = @owner`,
      )
      .run({
        id: frontierId,
        owner,
        retry: u.spend === 'retry' ? 1 : 0,
        rotation: u.spend === 'rotation' ? 1 : 0,
        rateLimit: u.spend === 'rate_limit' ? 1 : 0,
        next: u.nextAttemptAt,
        cls: u.errorClass,
        msg: u.message.slice(0, 500),
        at: isoNow(),
      });
  }

  async settle(
    frontierId: number,
    owner: string,
    state: 'failed' | 'skipped' | 'blocked',
    errorClass: string,
    message: string,
  ): Promise<void> {
    this.db
      .prepare(
        `UPDATE crawl_frontier SET state = ?, error_class = ?, last_error = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?
         WHERE id = ? AND state = 'leased' AND lease_owner = ?`,
      )
      .run(state, errorClass, message.slice(0, 500), isoNow(), frontierId, owner);
  }

  async entries(runPk: number): Promise<FrontierEntry[]> {
    return this.db
      .prepare<[number], FrontierRow>('SELECT * FROM crawl_frontier WHERE run_pk = ? ORDER BY id')
      .all(runPk)
      .map(toEntry);
  }
}
