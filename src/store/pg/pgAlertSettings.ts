import {
  NEWEST_ALERT_SETTINGS,
  alertSettingsAuditDetail,
  toStoredAlertSettings,
  type AlertSettingsRow,
} from '../alertSettingRows.js';
import type { AlertSettingsRepository, StoredAlertSettings } from '../alertSettingsRepository.js';
import type { WorkflowActor } from '../workflowRepositories.js';
import { pgAuditInTx } from './pgAudit.js';
import type { PgConn } from './pgDatabase.js';

/*
 * Alert settings on PostgreSQL: each save is a new row (the newest applies) whose audit entry records the
 * settings it replaced. Reading the newest and inserting the next run under a SHARE ROW EXCLUSIVE table lock,
 * so two machines saving at once record each other as "before" in order, never the same row twice.
 */

export class PgAlertSettingsRepository implements AlertSettingsRepository {
  constructor(private readonly conn: PgConn) {}

  async current(): Promise<StoredAlertSettings | null> {
    const row = (await this.conn.query<AlertSettingsRow>(NEWEST_ALERT_SETTINGS)).rows[0];
    return row ? toStoredAlertSettings(row) : null;
  }

  save(overrides: Record<string, unknown>, who: WorkflowActor): Promise<void> {
    return this.conn.tx(async (c) => {
      await c.query('LOCK TABLE alert_settings IN SHARE ROW EXCLUSIVE MODE');
      const before = (await c.query<AlertSettingsRow>(NEWEST_ALERT_SETTINGS)).rows[0];
      const { rows } = await c.query<{ id: number }>(
        'INSERT INTO alert_settings (settings_json, updated_by, updated_at) VALUES ($1, $2, $3) RETURNING id',
        [JSON.stringify(overrides), who.actor, who.at],
      );
      await pgAuditInTx(
        c,
        who,
        'alerts.settings',
        { type: 'alert_settings', id: rows[0]!.id },
        alertSettingsAuditDetail(before, overrides),
      );
    });
  }
}
