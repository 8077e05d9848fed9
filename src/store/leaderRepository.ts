/*
 * Leader leases (issue 17): a named role that one process across all machines holds at a time — the cron
 * scheduler. The holder renews before `untilMs`; a holder that dies is replaced once its lease has lapsed.
 * Times are epoch milliseconds from the caller's clock (every machine's clock is assumed roughly in step:
 * the lease time should be well above the clock skew between them).
 */

export interface LeaderLeaseRow {
  name: string;
  owner: string;
  untilMs: number;
}

export interface LeaderRepository {
  /**
   * Takes the lease `name` for `owner` until `now + ttlMs` when it is free, lapsed (`until_ms <= now`) or
   * already `owner`'s (a renewal) — one atomic statement, so two contenders never both succeed. True when
   * `owner` holds it afterwards.
   */
  acquire(name: string, owner: string, now: number, ttlMs: number): Promise<boolean>;
  /** Gives the lease up at once if `owner` holds it (a clean stop: the successor need not wait). */
  release(name: string, owner: string): Promise<void>;
  /** The current row (lapsed or not), or null when nobody ever held it. */
  holder(name: string): Promise<LeaderLeaseRow | null>;
}
