import type { Alert, AlertDelivery, StoredAlert } from './alertRepository.js';

/* Rows of the alert tables and their domain objects: one mapping for the SQLite and PostgreSQL stores. */

export interface AlertRow {
  pk: number;
  kind: Alert['kind'];
  dedup_key: string;
  subject: string;
  text: string;
  html: string;
  data: string;
  created_at: string;
}

export interface DeliveryRow {
  pk: number;
  alert_pk: number;
  channel_id: string;
  status: AlertDelivery['status'];
  attempts: number;
  last_error: string | null;
  next_attempt_at: number;
  delivered_at: string | null;
  failed_at: string | null;
}

/** Kept short: an error is for a person reading the delivery list, not a log archive. */
export const MAX_ERROR_CHARS = 1000;

export function toAlert(r: AlertRow): StoredAlert {
  return {
    id: r.pk,
    kind: r.kind,
    dedupKey: r.dedup_key,
    subject: r.subject,
    text: r.text,
    html: r.html,
    data: JSON.parse(r.data) as Record<string, unknown>,
    createdAt: r.created_at,
  };
}

export function toDelivery(r: DeliveryRow): AlertDelivery {
  return {
    id: r.pk,
    channelId: r.channel_id,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: r.status === 'pending' ? new Date(r.next_attempt_at).toISOString() : null,
    deliveredAt: r.delivered_at,
    failedAt: r.failed_at,
  };
}
