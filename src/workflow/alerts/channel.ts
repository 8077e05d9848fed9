import type { AlertEvent } from '../../config/schema.js';
import type { StoredAlert } from '../../store/alertRepository.js';

/** One configured way out for alerts. `send` resolves when the other side accepted the alert, else throws. */
export interface AlertChannel {
  readonly id: string;
  readonly kind: 'webhook' | 'smtp';
  /** What it receives: alert kinds as they happen, and/or `digest`. */
  readonly events: ReadonlySet<AlertEvent>;
  send(alert: StoredAlert, delivery: DeliveryAttempt): Promise<void>;
  close(): Promise<void>;
}

export interface DeliveryAttempt {
  /** The delivery's id: the same on every retry, so a receiver can drop a repeat. */
  id: number;
  /** 1 for the first attempt. */
  attempt: number;
  now: Date;
}
