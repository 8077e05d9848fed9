import type { Db } from './database.js';
import {
  FRONTIER_STATES,
  type ClaimResult,
  type EnqueueLimit,
  type FailedRequest,
  type FrontierEntry,
  type FrontierRepository,
  type FrontierState,
  type ItemCommit,
  type ItemCommitResult,
  LeaseLostError,
  type LeasedEntry,
  type NewFrontierEntry,
  type NextLease,
  type RetryUpdate,
  type RunTally,
} from './crawlRepositories.js';
import type { UpsertStatus } from './repositories.js';
import type { SqliteEvidenceRepository } from './sqliteEvidence.js';
import type { SqliteHitRepository } from './sqliteHits.js';
import { SqliteHostPolicyRepository } from './sqliteHostPolicy.js';
import type { SqliteListingRepository } from './sqliteListings.js';

interface FrontierRow {
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
  lease_owner: string | null;
  lease_until: number | null;
}

function toEntry(r: FrontierRow): FrontierEntry {
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
    leaseOwner: r.lease_owner,
    leaseUntil: r.lease_until,
  };
}

const iso = () => new Date().toISOString();

export class SqliteFrontierRepository implements FrontierRepository {
  private readonly insertStmt;
  private readonly countQueryStmt;
  private readonly leaseStmt;
  private readonly doneStmt;
  private readonly outstandingStmt;
  private readonly relistStmt;
  private readonly hostPolicy: SqliteHostPolicyRepository;
  private readonly keyStmt;
  private readonly runOfStmt;

  constructor(
    private readonly db: Db,
    private readonly listings: SqliteListingRepository,
    private readonly hits: SqliteHitRepository,
    private readonly evidence: SqliteEvidenceRepository,
  ) {
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
    this.doneStmt = db.prepare(
      `UPDATE crawl_frontier SET state = 'done', processed = processed + 1, listing_pk = @listingPk,
              listing_status = @status, relisting_of = @relistingOf, hits = @hits, new_leads = @newLeads,
              lease_owner = NULL, lease_until = NULL,
              updated_at = @at
       WHERE id = @id AND state = 'leased' AND lease_owner = @owner`,
    );
    // A listing of the same seller sharing a content key (newest first).
    this.relistStmt = db.prepare<[string, string, string, number], { pk: number; listing_id: string }>(
      `SELECT l.pk, l.listing_id FROM crawl_listing_keys k JOIN listings l ON l.pk = k.listing_pk
       WHERE k.platform = ? AND k.seller_id = ? AND k.key IN (SELECT value FROM json_each(?)) AND k.listing_pk <> ?
       ORDER BY k.listing_pk DESC LIMIT 1`,
    );
    this.keyStmt = db.prepare(
      'INSERT OR IGNORE INTO crawl_listing_keys (platform, seller_id, key, listing_pk) VALUES (?, ?, ?, ?)',
    );
    this.runOfStmt = db.prepare<[number], number>('SELECT run_pk FROM crawl_frontier WHERE id = ?').pluck();
    this.outstandingStmt = db.prepare<[number], { pending: number; leased: number; due: number | null }>(
      `SELECT sum(state = 'pending') AS pending, sum(state = 'leased') AS leased,
              min(CASE WHEN state = 'pending' THEN next_attempt_at END) AS due
       FROM crawl_frontier WHERE run_pk = ? AND state IN ('pending', 'leased')`,
    );
  }

  private insertAll(runPk: number, entries: NewFrontierEntry[], limit?: EnqueueLimit): number {
    let room = limit
      ? limit.maxRows - Number(this.countQueryStmt.get(runPk, limit.platform, limit.query))
      : Infinity;
    let inserted = 0;
    const at = iso();
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

  async claimRun(
    job: string,
    owner: string,
    now: number,
    heartbeatMs: number,
    isOwnerGone: (owner: string) => boolean,
  ): Promise<ClaimResult> {
    return this.db.transaction((): ClaimResult => {
      const running = this.db
        .prepare<[string], { run_pk: number; owner: string; heartbeat_until: number }>(
          `SELECT run_pk, owner, heartbeat_until FROM crawl_runs WHERE job = ? AND state = 'running' ORDER BY run_pk DESC LIMIT 1`,
        )
        .get(job);
      if (running) {
        if (running.heartbeat_until > now && !isOwnerGone(running.owner)) {
          return { kind: 'busy', runPk: running.run_pk, owner: running.owner };
        }
        this.db
          .prepare('UPDATE crawl_runs SET owner = ?, heartbeat_until = ? WHERE run_pk = ?')
          .run(owner, now + heartbeatMs, running.run_pk);
        return { kind: 'resume', runPk: running.run_pk, previousOwner: running.owner };
      }
      const at = iso();
      const runPk = Number(
        this.db
          .prepare(`INSERT INTO runs (kind, started_at, status) VALUES (?, ?, 'running')`)
          .run(`crawl:${job}`, at).lastInsertRowid,
      );
      this.db
        .prepare(
          `INSERT INTO crawl_runs (run_pk, job, state, owner, heartbeat_until, created_at) VALUES (?, ?, 'running', ?, ?, ?)`,
        )
        .run(runPk, job, owner, now + heartbeatMs, at);
      return { kind: 'new', runPk };
    })();
  }

  async savePlan(runPk: number, plan: unknown): Promise<void> {
    this.db.prepare('UPDATE crawl_runs SET plan = ? WHERE run_pk = ?').run(JSON.stringify(plan), runPk);
  }

  async plan(runPk: number): Promise<unknown> {
    const text = this.db.prepare('SELECT plan FROM crawl_runs WHERE run_pk = ?').pluck().get(runPk);
    return typeof text === 'string' ? JSON.parse(text) : null;
  }

  async heartbeat(runPk: number, owner: string, now: number, heartbeatMs: number): Promise<boolean> {
    return this.db.transaction(() => {
      const info = this.db
        .prepare(
          `UPDATE crawl_runs SET heartbeat_until = ? WHERE run_pk = ? AND owner = ? AND state = 'running'`,
        )
        .run(now + heartbeatMs, runPk, owner);
      if (info.changes === 0) return false;
      this.db
        .prepare(
          `UPDATE crawl_frontier SET lease_until = ? WHERE run_pk = ? AND state = 'leased' AND lease_owner = ?`,
        )
        .run(now + heartbeatMs, runPk, owner);
      return true;
    })();
  }

  async finishRun(runPk: number, owner: string): Promise<void> {
    this.db
      .prepare(`UPDATE crawl_runs SET state = 'finished' WHERE run_pk = ? AND owner = ?`)
      .run(runPk, owner);
  }

  async enqueue(runPk: number, entries: NewFrontierEntry[], limit?: EnqueueLimit): Promise<number> {
    return this.db.transaction(() => this.insertAll(runPk, entries, limit))();
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
    return this.db.transaction(() => this.leaseNextSync(owner, { runPk, now, leaseMs }))();
  }

  /** Leases a row and tries its host's request slot; runs inside the caller's transaction. */
  private leaseNextSync(owner: string, next: NextLease): LeasedEntry | null {
    const row = this.leaseStmt.get({ run: next.runPk, owner, now: next.now, until: next.now + next.leaseMs });
    return row ? { entry: toEntry(row), slot: this.hostPolicy.tryAcquireSync(row.domain, next.now) } : null;
  }

  async queryRows(runPk: number, platform: string, query: string): Promise<number> {
    return Number(this.countQueryStmt.get(runPk, platform, query));
  }

  async outstanding(runPk: number): Promise<{ pending: number; leased: number; nextDueAt: number | null }> {
    const r = this.outstandingStmt.get(runPk);
    return { pending: r?.pending ?? 0, leased: r?.leased ?? 0, nextDueAt: r?.due ?? null };
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
    return this.db.transaction(() => {
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
          (gone.get(r.lease_owner) ?? gone.set(r.lease_owner, isOwnerGone(r.lease_owner)).get(r.lease_owner));
        if (ownerGone || (r.lease_until ?? 0) <= now) {
          release.run(iso(), r.id);
          released++;
        }
      }
      return released;
    })();
  }

  async completeSearch(
    frontierId: number,
    owner: string,
    discovered: NewFrontierEntry[],
    limit?: EnqueueLimit,
    leaseNext?: NextLease,
  ): Promise<{ inserted: number; next: LeasedEntry | null }> {
    return this.db.transaction(() => {
      const runPk = this.runOfStmt.get(frontierId);
      const info = this.doneStmt.run({
        id: frontierId,
        owner,
        listingPk: null,
        status: null,
        hits: 0,
        newLeads: 0,
        relistingOf: null,
        at: iso(),
      });
      if (info.changes === 0) throw new LeaseLostError(frontierId);
      const inserted = this.insertAll(Number(runPk), discovered, limit);
      return { inserted, next: leaseNext ? this.leaseNextSync(owner, leaseNext) : null };
    })();
  }

  async commitItem(c: ItemCommit): Promise<ItemCommitResult> {
    return this.db.transaction((): ItemCommitResult => {
      const { pk, status } = this.listings.upsertSync(c.listing, c.contentHash);
      let hits = 0;
      let flaggedHits = 0;
      let newLeadIds: number[] = [];
      let evidence = 0;
      let relistingOf: string | null = null;
      if (status === 'new') {
        const previous = this.relistStmt.get(
          c.listing.platform,
          c.listing.seller.id,
          JSON.stringify(c.relistingKeys),
          pk,
        );
        if (previous) {
          relistingOf = previous.listing_id;
          const runPk = this.runOfStmt.get(c.frontierId);
          this.db
            .prepare(
              'INSERT OR IGNORE INTO crawl_relistings (listing_pk, previous_pk, run_pk, detected_at) VALUES (?, ?, ?, ?)',
            )
            .run(pk, previous.pk, runPk, iso());
        }
      }
      if (status !== 'unchanged') {
        for (const key of c.relistingKeys) this.keyStmt.run(c.listing.platform, c.listing.seller.id, key, pk);
        const found = c.match(c.listing);
        hits = found.length;
        flaggedHits = found.filter((h) => h.flagged).length;
        if (found.length > 0) newLeadIds = this.hits.recordSync(pk, c.contentHash, found).newLeadIds;
        for (const e of c.evidence) this.evidence.addSync(pk, e);
        evidence = c.evidence.length;
      }
      const info = this.doneStmt.run({
        id: c.frontierId,
        owner: c.owner,
        listingPk: pk,
        status,
        hits,
        newLeads: newLeadIds.length,
        relistingOf,
        at: iso(),
      });
      if (info.changes === 0) throw new LeaseLostError(c.frontierId);
      const next = c.leaseNext ? this.leaseNextSync(c.owner, c.leaseNext) : null;
      return { listingPk: pk, status, hits, flaggedHits, newLeadIds, evidence, relistingOf, next };
    })();
  }

  async retry(frontierId: number, owner: string, u: RetryUpdate): Promise<void> {
    this.db
      .prepare(
        `UPDATE crawl_frontier SET state = 'pending', lease_owner = NULL, lease_until = NULL,
                attempts = attempts + @retry, session_rotations = session_rotations + @rotation,
                next_attempt_at = @next, error_class = @cls, last_error = @msg, updated_at = @at
         WHERE id = @id AND state = 'leased' AND lease_owner = @owner`,
      )
      .run({
        id: frontierId,
        owner,
        retry: u.sessionRotation ? 0 : 1,
        rotation: u.sessionRotation ? 1 : 0,
        next: u.nextAttemptAt,
        cls: u.errorClass,
        msg: u.message.slice(0, 500),
        at: iso(),
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
      .run(state, errorClass, message.slice(0, 500), iso(), frontierId, owner);
  }

  async recordFailure(f: FailedRequest): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO crawl_errors (run_pk, frontier_id, url, error_class, status, message, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(f.runPk, f.frontierId, f.url, f.errorClass, f.status, f.message.slice(0, 500), iso());
  }

  async tally(runPk: number): Promise<RunTally> {
    const states = Object.fromEntries(FRONTIER_STATES.map((s) => [s, 0])) as Record<FrontierState, number>;
    for (const r of this.db
      .prepare<[number], { state: FrontierState; n: number }>(
        'SELECT state, count(*) AS n FROM crawl_frontier WHERE run_pk = ? GROUP BY state',
      )
      .all(runPk))
      states[r.state] = r.n;
    const listings: Record<UpsertStatus, number> = { new: 0, changed: 0, unchanged: 0 };
    for (const r of this.db
      .prepare<[number], { listing_status: UpsertStatus; n: number }>(
        `SELECT listing_status, count(*) AS n FROM crawl_frontier
         WHERE run_pk = ? AND state = 'done' AND listing_status IS NOT NULL GROUP BY listing_status`,
      )
      .all(runPk))
      listings[r.listing_status] = r.n;
    const errorsByClass: Record<string, number> = {};
    for (const r of this.db
      .prepare<[number], { error_class: string; n: number }>(
        'SELECT error_class, count(*) AS n FROM crawl_errors WHERE run_pk = ? GROUP BY error_class ORDER BY error_class',
      )
      .all(runPk))
      errorsByClass[r.error_class] = r.n;
    const sums = this.db
      .prepare<[number], { hits: number | null; leads: number | null; relistings: number | null }>(
        `SELECT sum(hits) AS hits, sum(new_leads) AS leads, count(relisting_of) AS relistings
         FROM crawl_frontier WHERE run_pk = ?`,
      )
      .get(runPk);
    const failedRequests = Number(
      this.db
        .prepare(
          `SELECT count(*) FROM crawl_errors WHERE run_pk = ? AND error_class NOT IN ('robots', 'offline')`,
        )
        .pluck()
        .get(runPk),
    );
    const duplicateCommits = Number(
      this.db
        .prepare('SELECT count(*) FROM crawl_frontier WHERE run_pk = ? AND processed > 1')
        .pluck()
        .get(runPk),
    );
    return {
      states,
      listings,
      hits: sums?.hits ?? 0,
      newLeads: sums?.leads ?? 0,
      relistings: sums?.relistings ?? 0,
      offline: Number(
        this.db
          .prepare(
            `SELECT count(*) FROM crawl_frontier WHERE run_pk = ? AND error_class = 'offline' AND state = 'skipped'`,
          )
          .pluck()
          .get(runPk),
      ),
      failedRequests,
      errorsByClass,
      duplicateCommits,
    };
  }

  async entries(runPk: number): Promise<FrontierEntry[]> {
    return this.db
      .prepare<[number], FrontierRow>('SELECT * FROM crawl_frontier WHERE run_pk = ? ORDER BY id')
      .all(runPk)
      .map(toEntry);
  }
}
