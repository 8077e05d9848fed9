import type { AlertEvent } from '../config/schema.js';

/*
 * Alerts and their deliveries (issue 14). The Alert shape lives here, the lowest layer that stores it;
 * src/workflow/alerts builds, sends and schedules alerts through this interface only.
 */

/** One alert message: an alert kind as it happened, or a day's digest of them. */
export interface Alert {
  kind: AlertEvent;
  /** The same key is stored once and delivered once per channel, however often it is raised. */
  dedupKey: string;
  /** Chinese-first, one line (control characters removed). */
  subject: string;
  /** Plain-text body (listing text stripped of control characters). */
  text: string;
  /** HTML body for e-mail (listing text escaped). */
  html: string;
  /** The facts behind the alert, as JSON (the webhook's payload carries them). */
  data: Record<string, unknown>;
  /** ISO instant. */
  createdAt: string;
}

export interface StoredAlert extends Alert {
  id: number;
}

export type AlertDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface AlertDelivery {
  id: number;
  channelId: string;
  status: AlertDeliveryStatus;
  /** Attempts made so far. */
  attempts: number;
  lastError: string | null;
  /** When a pending delivery is due next (ISO); null once delivered or failed. */
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  /** When it was given up (ISO), after its last attempt failed. */
  failedAt: string | null;
}

/** A delivery handed to a sender, with its alert. */
export interface DueDelivery {
  id: number;
  channelId: string;
  attempts: number;
  alert: StoredAlert;
}

export interface AlertWithDeliveries extends StoredAlert {
  deliveries: AlertDelivery[];
}

export interface AlertQuery {
  /** Created at or after (ISO). */
  since?: string;
  /** Created before (ISO). */
  until?: string;
  kinds?: readonly AlertEvent[];
  /** Newest first; default 100. */
  limit?: number;
}

export interface EnqueueResult {
  alertId: number;
  /** False when an alert with this dedup key was already stored (its first content is kept). */
  isNew: boolean;
  /** Channels that got a delivery by this call (a channel that already had one gets none). */
  newDeliveries: string[];
}

export interface AlertRepository {
  /** Stores the alert unless its dedup key is known, and a delivery due at `dueAt` for each channel lacking one. */
  enqueue(alert: Alert, channelIds: readonly string[], dueAt: Date): Promise<EnqueueResult>;
  /**
   * Pending deliveries due at `now`, oldest first, each leased until `leaseUntil` (so a second process does
   * not send it too; a sender that dies lets the lease lapse and the delivery is due again).
   */
  claimDue(now: Date, leaseUntil: Date, limit?: number): Promise<DueDelivery[]>;
  markDelivered(deliveryId: number, attempt: number, at: Date): Promise<void>;
  /** Records a failed attempt: due again at `nextAttemptAt`, or given up (status failed) when it is null. */
  markFailed(
    deliveryId: number,
    attempt: number,
    error: string,
    nextAttemptAt: Date | null,
    at: Date,
  ): Promise<void>;
  list(query?: AlertQuery): Promise<AlertWithDeliveries[]>;
}
