import type {
  Alert,
  AlertQuery,
  AlertRepository,
  AlertWithDeliveries,
  DueDelivery,
  EnqueueResult,
} from '../alertRepository.js';
import type { PgConn } from './pgDatabase.js';

/*
 * Alerts and their deliveries on PostgreSQL. Senders on several machines claim due deliveries with one
 * UPDATE over rows picked FOR UPDATE SKIP LOCKED: a row another sender is claiming is skipped, not waited
 * for, and one it has just leased is no longer due when re-checked; so no delivery is claimed twice.
 */

import { MAX_ERROR_CHARS, toAlert, toDelivery, type AlertRow, type DeliveryRow } from '../alertRows.js';
export class PgAlertRepository implements AlertRepository {
  constructor(private readonly conn: PgConn) {}

  enqueue(alert: Alert, channelIds: readonly string[], dueAt: Date): Promise<EnqueueResult> {
    return this.conn.tx(async (c) => {
      // ON CONFLICT waits for a concurrent insert of the same key, then does nothing; the SELECT that follows
      // (a new snapshot) sees that row.
      const inserted = await c.query<{ pk: number }>(
        `INSERT INTO alerts (kind, dedup_key, subject, text, html, data, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dedup_key) DO NOTHING RETURNING pk`,
        [
          alert.kind,
          alert.dedupKey,
          alert.subject,
          alert.text,
          alert.html,
          JSON.stringify(alert.data),
          alert.createdAt,
        ],
      );
      const alertId =
        inserted.rows[0]?.pk ??
        (await c.query<{ pk: number }>('SELECT pk FROM alerts WHERE dedup_key = $1', [alert.dedupKey]))
          .rows[0]!.pk;
      const channels = [...new Set(channelIds)];
      const added = await c.query<{ channel_id: string }>(
        `INSERT INTO alert_deliveries (alert_pk, channel_id, next_attempt_at)
         SELECT $1, channel, $3 FROM unnest($2::text[]) AS channel
         ON CONFLICT (alert_pk, channel_id) DO NOTHING RETURNING channel_id`,
        [alertId, channels, dueAt.getTime()],
      );
      const addedSet = new Set(added.rows.map((r) => r.channel_id));
      return {
        alertId,
        isNew: inserted.rows.length > 0,
        newDeliveries: channels.filter((ch) => addedSet.has(ch)),
      };
    });
  }

  async claimDue(now: Date, leaseUntil: Date, limit = 100): Promise<DueDelivery[]> {
    // One statement: pick the due rows (skipping those another sender has locked), lease them, return them
    // with their alerts, oldest due first.
    const { rows } = await this.conn.query<AlertRow & { d_pk: number; channel_id: string; attempts: number }>(
      `WITH due AS (
         SELECT pk, next_attempt_at AS due_at FROM alert_deliveries
         WHERE status = 'pending' AND next_attempt_at <= $1
         ORDER BY next_attempt_at, pk LIMIT $3
         FOR UPDATE SKIP LOCKED
       ), leased AS (
         UPDATE alert_deliveries d SET next_attempt_at = $2 FROM due WHERE d.pk = due.pk
         RETURNING d.pk, d.alert_pk, d.channel_id, d.attempts, due.due_at
       )
       SELECT l.pk AS d_pk, l.channel_id, l.attempts, a.*
       FROM leased l JOIN alerts a ON a.pk = l.alert_pk
       ORDER BY l.due_at, l.pk`,
      [now.getTime(), leaseUntil.getTime(), limit],
    );
    return rows.map((r) => ({
      id: r.d_pk,
      channelId: r.channel_id,
      attempts: r.attempts,
      alert: toAlert(r),
    }));
  }

  async markDelivered(deliveryId: number, attempt: number, at: Date): Promise<void> {
    await this.conn.query(
      `UPDATE alert_deliveries SET status = 'delivered', attempts = $1, delivered_at = $2
       WHERE pk = $3 AND status = 'pending'`,
      [attempt, at.toISOString(), deliveryId],
    );
  }

  async markFailed(
    deliveryId: number,
    attempt: number,
    error: string,
    nextAttemptAt: Date | null,
    at: Date,
  ): Promise<void> {
    const message = error.slice(0, MAX_ERROR_CHARS);
    if (nextAttemptAt) {
      await this.conn.query(
        `UPDATE alert_deliveries SET attempts = $1, last_error = $2, next_attempt_at = $3
         WHERE pk = $4 AND status = 'pending'`,
        [attempt, message, nextAttemptAt.getTime(), deliveryId],
      );
    } else {
      await this.conn.query(
        `UPDATE alert_deliveries SET status = 'failed', attempts = $1, last_error = $2, failed_at = $3
         WHERE pk = $4 AND status = 'pending'`,
        [attempt, message, at.toISOString(), deliveryId],
      );
    }
  }

  async list(query: AlertQuery = {}): Promise<AlertWithDeliveries[]> {
    const alerts = (
      await this.conn.query<AlertRow>(
        `SELECT * FROM alerts
         WHERE ($1::text IS NULL OR created_at >= $1) AND ($2::text IS NULL OR created_at < $2)
           AND ($3::text[] IS NULL OR kind = ANY($3))
         ORDER BY created_at DESC, pk DESC LIMIT $4`,
        [query.since ?? null, query.until ?? null, query.kinds ? [...query.kinds] : null, query.limit ?? 100],
      )
    ).rows.map(toAlert);
    const { rows } = await this.conn.query<DeliveryRow>(
      'SELECT * FROM alert_deliveries WHERE alert_pk = ANY($1::bigint[]) ORDER BY alert_pk, channel_id',
      [alerts.map((a) => a.id)],
    );
    return alerts.map((a) => ({
      ...a,
      deliveries: rows.filter((d) => d.alert_pk === a.id).map(toDelivery),
    }));
  }
}
