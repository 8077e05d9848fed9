import {
  UNLIMITED_BUCKET,
  type DomainLimits,
  type DomainState,
  type HostPolicyRepository,
  type SlotGrant,
} from '../crawlRepositories.js';
import type { PgConn } from './pgDatabase.js';

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

/** The bucket's level at $2 (refilled since refilled_at, capped at its size). */
const LEVEL = 'least(bucket_size, tokens + ($2 - refilled_at) * refill_per_sec / 1000.0)';

/*
 * Per-host politeness on PostgreSQL, shared by every worker on every machine. Each write is ONE statement on
 * the host's domain_policy row: PostgreSQL locks the row for the UPDATE and, when another worker updated it
 * first, re-checks the WHERE clause against that worker's result (READ COMMITTED re-evaluation) — so a slot
 * (minimum interval with the Crawl-delay floor, token bucket, back-off) is granted to one worker only, and
 * backOff never shortens a pause however the calls interleave.
 */
export class PgHostPolicyRepository implements HostPolicyRepository {
  constructor(private readonly conn: PgConn) {}

  async configure(domain: string, l: DomainLimits, now: number): Promise<void> {
    await this.conn.query(
      `INSERT INTO domain_policy (domain, max_concurrency, min_interval_ms, bucket_size, refill_per_sec, tokens,
                                  refilled_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $4, $6, $7)
       ON CONFLICT (domain) DO UPDATE SET max_concurrency = EXCLUDED.max_concurrency,
         min_interval_ms = EXCLUDED.min_interval_ms, bucket_size = EXCLUDED.bucket_size,
         refill_per_sec = EXCLUDED.refill_per_sec, tokens = least(domain_policy.tokens, EXCLUDED.bucket_size),
         updated_at = EXCLUDED.updated_at`,
      [
        domain,
        l.maxConcurrency,
        l.minIntervalMs,
        l.bucketSize,
        l.refillPerSec,
        now,
        new Date().toISOString(),
      ],
    );
  }

  async setCrawlDelay(domain: string, crawlDelayMs: number, now: number): Promise<void> {
    // The request that fetched robots.txt already took a slot without knowing the delay: push the next one.
    await this.conn.query(
      'UPDATE domain_policy SET crawl_delay_ms = $2, next_allowed_at = greatest(next_allowed_at, $3) WHERE domain = $1',
      [domain, crawlDelayMs, now + crawlDelayMs],
    );
  }

  /**
   * Takes a slot if one is free now: true when taken. A host without interval, Crawl-delay or bucket limit
   * has no state to advance, so a read suffices; otherwise one conditional UPDATE takes it.
   */
  async tryAcquire(domain: string, now: number): Promise<boolean> {
    const open = await this.conn.query(
      `SELECT 1 FROM domain_policy WHERE domain = $1 AND backoff_until <= $2 AND min_interval_ms = 0
         AND crawl_delay_ms = 0 AND bucket_size >= ${UNLIMITED_BUCKET}`,
      [domain, now],
    );
    if (open.rowCount) return true;
    return this.takeSlot(domain, now);
  }

  /** tryAcquire's conditional UPDATE alone, for a caller that knows the host is limited. */
  async takeSlot(domain: string, now: number): Promise<boolean> {
    const taken = await this.conn.query(
      `UPDATE domain_policy SET tokens = ${LEVEL} - 1, refilled_at = $2,
              next_allowed_at = $2 + greatest(min_interval_ms, crawl_delay_ms)
       WHERE domain = $1 AND next_allowed_at <= $2 AND backoff_until <= $2 AND ${LEVEL} >= 1`,
      [domain, now],
    );
    return (taken.rowCount ?? 0) > 0;
  }

  async acquire(domain: string, now: number): Promise<SlotGrant> {
    if (await this.tryAcquire(domain, now)) return { granted: true };
    // Refused: say how long to wait (read after the refusal; a worker may have moved it since — the caller
    // simply asks again then).
    const r = await this.row(domain);
    if (!r) throw new Error(`domain_policy: host ${domain} not configured`);
    if (r.backoff_until > now) return { granted: false, waitMs: r.backoff_until - now, reason: 'backoff' };
    if (r.next_allowed_at > now)
      return { granted: false, waitMs: r.next_allowed_at - now, reason: 'interval' };
    const tokens = Math.min(r.bucket_size, r.tokens + ((now - r.refilled_at) * r.refill_per_sec) / 1000);
    const waitMs = Math.max(1, Math.ceil(((1 - tokens) / r.refill_per_sec) * 1000));
    return { granted: false, waitMs, reason: 'tokens' };
  }

  async backOff(domain: string, until: number, reason: string): Promise<void> {
    await this.conn.query(
      `UPDATE domain_policy SET backoff_until = $2, backoff_reason = $3, updated_at = $4
       WHERE domain = $1 AND backoff_until < $2`,
      [domain, until, reason, new Date().toISOString()],
    );
  }

  private async row(domain: string): Promise<PolicyRow | null> {
    const { rows } = await this.conn.query<PolicyRow>('SELECT * FROM domain_policy WHERE domain = $1', [
      domain,
    ]);
    return rows[0] ?? null;
  }

  async get(domain: string): Promise<DomainState | null> {
    const r = await this.row(domain);
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
    const { rows } = await this.conn.query<{ status: number; body: string; fetched_at: number }>(
      'SELECT status, body, fetched_at FROM robots_cache WHERE origin = $1',
      [origin],
    );
    const r = rows[0];
    return r ? { status: r.status, body: r.body, fetchedAt: r.fetched_at } : null;
  }

  async saveRobots(origin: string, status: number, body: string, fetchedAt: number): Promise<void> {
    await this.conn.query(
      `INSERT INTO robots_cache (origin, status, body, fetched_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (origin) DO UPDATE SET status = EXCLUDED.status, body = EXCLUDED.body,
         fetched_at = EXCLUDED.fetched_at`,
      [origin, status, body, fetchedAt],
    );
  }
}
