import { ALERT_KINDS, type AlertsConfig } from '../../config/schema.js';
import type { Alert, AlertRepository, DueDelivery, EnqueueResult } from '../../store/alertRepository.js';
import type { AlertChannel } from './channel.js';
import { buildDigest, digestWindow } from './digest.js';

/*
 * The alert queue. `enqueue` stores an alert once per dedup key with a delivery for each channel that
 * subscribes to its kind; `deliverDue(now)` sends what is due, and on failure records the error and schedules
 * the next attempt with exponential backoff, until `retry.maxAttempts` are used and the delivery is recorded
 * as failed. Time is whatever the caller passes as `now`: nothing here sleeps or reads the clock, so the
 * scheduler (or a test) drives retries by calling deliverDue again later.
 */

export interface AlertDispatcherOptions {
  repository: AlertRepository;
  channels: readonly AlertChannel[];
  retry: AlertsConfig['retry'];
  digest: AlertsConfig['digest'];
  /** How long a claimed delivery is held by this process before another may send it. */
  leaseMs?: number;
  /** Deliveries sent per deliverDue call (the rest wait for the next call). */
  batchSize?: number;
}

// The lease outlasts a batch of slow sends (100 × a 10 s timeout), so no second process sends one twice.
const DEFAULTS = { leaseMs: 30 * 60_000, batchSize: 100 };

export type DeliveryOutcome = 'delivered' | 'retrying' | 'failed';

export interface DeliveryResult {
  deliveryId: number;
  channelId: string;
  dedupKey: string;
  attempt: number;
  outcome: DeliveryOutcome;
  error?: string;
  /** ISO; when a retry is scheduled. */
  nextAttemptAt?: string;
}

export interface DeliveryReport {
  delivered: number;
  retrying: number;
  failed: number;
  results: DeliveryResult[];
}

/** Wait before attempt `attempt + 1`: baseDelayMs, doubled per further attempt, capped at maxDelayMs. */
export function retryDelayMs(attempt: number, retry: AlertsConfig['retry']): number {
  return Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

export class AlertDispatcher {
  private readonly channels: ReadonlyMap<string, AlertChannel>;
  private readonly leaseMs: number;
  private readonly batchSize: number;

  constructor(private readonly options: AlertDispatcherOptions) {
    this.channels = new Map(options.channels.map((c) => [c.id, c]));
    this.leaseMs = options.leaseMs ?? DEFAULTS.leaseMs;
    this.batchSize = options.batchSize ?? DEFAULTS.batchSize;
  }

  /** Stores the alert (unless its key is known) for every channel subscribed to its kind; due at createdAt. */
  async enqueue(alert: Alert): Promise<EnqueueResult> {
    const channelIds = this.options.channels.filter((c) => c.events.has(alert.kind)).map((c) => c.id);
    return this.options.repository.enqueue(alert, channelIds, new Date(alert.createdAt));
  }

  /**
   * Enqueues the previous China day's digest once `now` is past `digest.hourChina`; null when the digest is
   * off, not yet due, empty, or no channel takes it. Safe to call on every scheduler tick (deduplicated).
   */
  async enqueueDigest(now: Date): Promise<EnqueueResult | null> {
    const window = digestWindow(now, this.options.digest);
    if (!window || !this.options.channels.some((c) => c.events.has('digest'))) return null;
    const alerts = await this.options.repository.list({
      since: window.since,
      until: window.until,
      kinds: ALERT_KINDS,
      limit: Number.MAX_SAFE_INTEGER,
    });
    const digest = buildDigest(alerts, window, now);
    return digest ? this.enqueue(digest) : null;
  }

  /** Sends every delivery due at `now` (one batch), one at a time, and records each outcome. */
  async deliverDue(now: Date): Promise<DeliveryReport> {
    const due = await this.options.repository.claimDue(
      now,
      new Date(now.getTime() + this.leaseMs),
      this.batchSize,
    );
    const results: DeliveryResult[] = [];
    for (const delivery of due) results.push(await this.deliverOne(delivery, now));
    const count = (o: DeliveryOutcome) => results.filter((r) => r.outcome === o).length;
    return { delivered: count('delivered'), retrying: count('retrying'), failed: count('failed'), results };
  }

  private async deliverOne(delivery: DueDelivery, now: Date): Promise<DeliveryResult> {
    const { repository, retry } = this.options;
    const attempt = delivery.attempts + 1;
    const base = {
      deliveryId: delivery.id,
      channelId: delivery.channelId,
      dedupKey: delivery.alert.dedupKey,
    };
    const channel = this.channels.get(delivery.channelId);
    if (!channel) {
      // A channel taken out of the configuration: nothing left to retry with.
      const error = `提醒通道 ${delivery.channelId} 已不在配置中（channel no longer configured）`;
      await repository.markFailed(delivery.id, delivery.attempts, error, null, now);
      return { ...base, attempt: delivery.attempts, outcome: 'failed', error };
    }
    try {
      await channel.send(delivery.alert, { id: delivery.id, attempt, now });
      await repository.markDelivered(delivery.id, attempt, now);
      return { ...base, attempt, outcome: 'delivered' };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      if (attempt >= retry.maxAttempts) {
        await repository.markFailed(delivery.id, attempt, error, null, now);
        return { ...base, attempt, outcome: 'failed', error };
      }
      const next = new Date(now.getTime() + retryDelayMs(attempt, retry));
      await repository.markFailed(delivery.id, attempt, error, next, now);
      return { ...base, attempt, outcome: 'retrying', error, nextAttemptAt: next.toISOString() };
    }
  }

  async close(): Promise<void> {
    for (const channel of this.options.channels) await channel.close();
  }
}
