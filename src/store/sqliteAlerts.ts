import type {
  Alert,
  AlertQuery,
  AlertRepository,
  AlertWithDeliveries,
  DueDelivery,
  EnqueueResult,
} from './alertRepository.js';
import type { Db } from './database.js';

import { MAX_ERROR_CHARS, toAlert, toDelivery, type AlertRow, type DeliveryRow } from './alertRows.js';
export class SqliteAlertRepository implements AlertRepository {
  constructor(private readonly db: Db) {}

  async enqueue(alert: Alert, channelIds: readonly string[], dueAt: Date): Promise<EnqueueResult> {
    return this.db.transaction((): EnqueueResult => {
      const inserted = this.db
        .prepare(
          `INSERT INTO alerts (kind, dedup_key, subject, text, html, data, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING`,
        )
        .run(
          alert.kind,
          alert.dedupKey,
          alert.subject,
          alert.text,
          alert.html,
          JSON.stringify(alert.data),
          alert.createdAt,
        );
      const alertId = Number(
        this.db.prepare('SELECT pk FROM alerts WHERE dedup_key = ?').pluck().get(alert.dedupKey),
      );
      const addDelivery = this.db.prepare(
        `INSERT INTO alert_deliveries (alert_pk, channel_id, next_attempt_at) VALUES (?, ?, ?)
         ON CONFLICT (alert_pk, channel_id) DO NOTHING`,
      );
      const newDeliveries = [...new Set(channelIds)].filter(
        (channel) => addDelivery.run(alertId, channel, dueAt.getTime()).changes > 0,
      );
      return { alertId, isNew: inserted.changes > 0, newDeliveries };
    })();
  }

  async claimDue(now: Date, leaseUntil: Date, limit = 100): Promise<DueDelivery[]> {
    return this.db
      .transaction((): DueDelivery[] => {
        const rows = this.db
          .prepare<[number, number], DeliveryRow & { alert: string }>(
            `SELECT d.*, json_object('pk', a.pk, 'kind', a.kind, 'dedup_key', a.dedup_key, 'subject', a.subject,
                  'text', a.text, 'html', a.html, 'data', a.data, 'created_at', a.created_at) AS alert
           FROM alert_deliveries d JOIN alerts a ON a.pk = d.alert_pk
           WHERE d.status = 'pending' AND d.next_attempt_at <= ?
           ORDER BY d.next_attempt_at, d.pk LIMIT ?`,
          )
          .all(now.getTime(), limit);
        const lease = this.db.prepare('UPDATE alert_deliveries SET next_attempt_at = ? WHERE pk = ?');
        for (const r of rows) lease.run(leaseUntil.getTime(), r.pk);
        return rows.map((r) => ({
          id: r.pk,
          channelId: r.channel_id,
          attempts: r.attempts,
          alert: toAlert(JSON.parse(r.alert) as AlertRow),
        }));
      })
      .immediate();
  }

  async markDelivered(deliveryId: number, attempt: number, at: Date): Promise<void> {
    this.db
      .prepare(
        `UPDATE alert_deliveries SET status = 'delivered', attempts = ?, delivered_at = ?
         WHERE pk = ? AND status = 'pending'`,
      )
      .run(attempt, at.toISOString(), deliveryId);
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
      this.db
        .prepare(
          `UPDATE alert_deliveries SET attempts = ?, last_error = ?, next_attempt_at = ?
           WHERE pk = ? AND status = 'pending'`,
        )
        .run(attempt, message, nextAttemptAt.getTime(), deliveryId);
    } else {
      this.db
        .prepare(
          `UPDATE alert_deliveries SET status = 'failed', attempts = ?, last_error = ?, failed_at = ?
           WHERE pk = ? AND status = 'pending'`,
        )
        .run(attempt, message, at.toISOString(), deliveryId);
    }
  }

  async list(query: AlertQuery = {}): Promise<AlertWithDeliveries[]> {
    const kinds = query.kinds ? JSON.stringify(query.kinds) : null;
    const alerts = this.db
      .prepare<{ since: string | null; until: string | null; kinds: string | null; limit: number }, AlertRow>(
        `SELECT * FROM alerts
         WHERE (@since IS NULL OR created_at >= @since) AND (@until IS NULL OR created_at < @until)
           AND (@kinds IS NULL OR kind IN (SELECT value FROM json_each(@kinds)))
         ORDER BY created_at DESC, pk DESC LIMIT @limit`,
      )
      .all({ since: query.since ?? null, until: query.until ?? null, kinds, limit: query.limit ?? 100 })
      .map(toAlert);
    const deliveries = this.db.prepare<[number], DeliveryRow>(
      'SELECT * FROM alert_deliveries WHERE alert_pk = ? ORDER BY channel_id',
    );
    return alerts.map((a) => ({ ...a, deliveries: deliveries.all(a.id).map(toDelivery) }));
  }
}
