import type { Db } from './database.js';
import {
  UNLIMITED_BUCKET,
  type DomainLimits,
  type DomainState,
  type HostPolicyRepository,
  type SlotGrant,
} from './crawlRepositories.js';

interface PolicyRow {
  domain: string;
  max_concurrency: number;
  min_interval_ms: number;
  crawl_delay_ms: number;
  bucket_size: number;
  refill_per_sec: number;
  tokens: number;
  refilled_at: number;
  next_allowed_at: number;
  backoff_until: number;
  backoff_reason: string | null;
}

/**
 * Per-host politeness kept in SQLite so that it holds across workers and processes: every request takes a
 * slot with one atomic UPDATE (minimum interval with the robots Crawl-delay as floor, token bucket, back-off).
 */
export class SqliteHostPolicyRepository implements HostPolicyRepository {
  private readonly acquireStmt;
  private readonly getStmt;
  private readonly unlimitedStmt;

  constructor(private readonly db: Db) {
    this.acquireStmt = db.prepare(
      `UPDATE domain_policy SET
         tokens = min(bucket_size, tokens + (@now - refilled_at) * refill_per_sec / 1000.0) - 1,
         refilled_at = @now,
         next_allowed_at = @now + max(min_interval_ms, crawl_delay_ms)
       WHERE domain = @domain AND next_allowed_at <= @now AND backoff_until <= @now
         AND min(bucket_size, tokens + (@now - refilled_at) * refill_per_sec / 1000.0) >= 1`,
    );
    this.getStmt = db.prepare<[string], PolicyRow>('SELECT * FROM domain_policy WHERE domain = ?');
    this.unlimitedStmt = db
      .prepare<[string, number], number>(
        `SELECT 1 FROM domain_policy WHERE domain = ? AND backoff_until <= ? AND min_interval_ms = 0
           AND crawl_delay_ms = 0 AND bucket_size >= ${UNLIMITED_BUCKET}`,
      )
      .pluck();
  }

  async configure(domain: string, l: DomainLimits, now: number): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO domain_policy (domain, max_concurrency, min_interval_ms, bucket_size, refill_per_sec, tokens, refilled_at, updated_at)
         VALUES (@domain, @c, @i, @b, @r, @b, @now, datetime('now'))
         ON CONFLICT (domain) DO UPDATE SET max_concurrency = @c, min_interval_ms = @i, bucket_size = @b,
           refill_per_sec = @r, tokens = min(tokens, @b), updated_at = datetime('now')`,
      )
      .run({ domain, c: l.maxConcurrency, i: l.minIntervalMs, b: l.bucketSize, r: l.refillPerSec, now });
  }

  async setCrawlDelay(domain: string, crawlDelayMs: number, now: number): Promise<void> {
    // The request that fetched robots.txt already took a slot without knowing the delay: push the next one.
    this.db
      .prepare(
        'UPDATE domain_policy SET crawl_delay_ms = ?, next_allowed_at = max(next_allowed_at, ?) WHERE domain = ?',
      )
      .run(crawlDelayMs, now + crawlDelayMs, domain);
  }

  /**
   * The synchronous core of acquire's fast path (also used inside the frontier's lease transaction). A host
   * without interval, Crawl-delay or bucket limit has no state to advance: a read suffices.
   */
  tryAcquireSync(domain: string, now: number): boolean {
    const open = this.unlimitedStmt.get(domain, now);
    if (open !== undefined) return true;
    return this.acquireStmt.run({ domain, now }).changes > 0;
  }

  async acquire(domain: string, now: number): Promise<SlotGrant> {
    if (this.tryAcquireSync(domain, now)) return { granted: true };
    const r = this.getStmt.get(domain);
    if (!r) throw new Error(`domain_policy: host ${domain} not configured`);
    if (r.backoff_until > now) return { granted: false, waitMs: r.backoff_until - now, reason: 'backoff' };
    if (r.next_allowed_at > now)
      return { granted: false, waitMs: r.next_allowed_at - now, reason: 'interval' };
    const tokens = Math.min(r.bucket_size, r.tokens + ((now - r.refilled_at) * r.refill_per_sec) / 1000);
    const waitMs = Math.max(1, Math.ceil(((1 - tokens) / r.refill_per_sec) * 1000));
    return { granted: false, waitMs, reason: 'tokens' };
  }

  async backOff(domain: string, until: number, reason: string): Promise<void> {
    this.db
      .prepare(
        `UPDATE domain_policy SET backoff_until = ?, backoff_reason = ?, updated_at = datetime('now')
         WHERE domain = ? AND backoff_until < ?`,
      )
      .run(until, reason, domain, until);
  }

  async get(domain: string): Promise<DomainState | null> {
    const r = this.getStmt.get(domain);
    if (!r) return null;
    return {
      domain: r.domain,
      maxConcurrency: r.max_concurrency,
      minIntervalMs: r.min_interval_ms,
      bucketSize: r.bucket_size,
      refillPerSec: r.refill_per_sec,
      crawlDelayMs: r.crawl_delay_ms,
      tokens: r.tokens,
      nextAllowedAt: r.next_allowed_at,
      backoffUntil: r.backoff_until,
      backoffReason: r.backoff_reason,
    };
  }

  async robots(origin: string) {
    const r = this.db
      .prepare<[string], { status: number; body: string; fetched_at: number }>(
        'SELECT status, body, fetched_at FROM robots_cache WHERE origin = ?',
      )
      .get(origin);
    return r ? { status: r.status, body: r.body, fetchedAt: r.fetched_at } : null;
  }

  async saveRobots(origin: string, status: number, body: string, fetchedAt: number): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO robots_cache (origin, status, body, fetched_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (origin) DO UPDATE SET status = excluded.status, body = excluded.body, fetched_at = excluded.fetched_at`,
      )
      .run(origin, status, body, fetchedAt);
  }
}
