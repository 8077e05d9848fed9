import {
  NEWEST_ALERT_SETTINGS,
  alertSettingsAuditDetail,
  toStoredAlertSettings,
  type AlertSettingsRow,
} from './alertSettingRows.js';
import type { AlertSettingsRepository, StoredAlertSettings } from './alertSettingsRepository.js';
import type { Db } from './database.js';
import { auditInTx } from './workflowAudit.js';
import type { WorkflowActor } from './workflowRepositories.js';

export class SqliteAlertSettingsRepository implements AlertSettingsRepository {
  constructor(private readonly db: Db) {}

  private newest(): AlertSettingsRow | undefined {
    return this.db.prepare<[], AlertSettingsRow>(NEWEST_ALERT_SETTINGS).get();
  }

  async current(): Promise<StoredAlertSettings | null> {
    const row = this.newest();
    return row ? toStoredAlertSettings(row) : null;
  }

  async save(overrides: Record<string, unknown>, who: WorkflowActor): Promise<void> {
    this.db
      .transaction(() => {
        const before = this.newest();
        const info = this.db
          .prepare('INSERT INTO alert_settings (settings_json, updated_by, updated_at) VALUES (?, ?, ?)')
          .run(JSON.stringify(overrides), who.actor, who.at);
        auditInTx(
          this.db,
          who,
          'alerts.settings',
          { type: 'alert_settings', id: Number(info.lastInsertRowid) },
          alertSettingsAuditDetail(before, overrides),
        );
      })
      .immediate();
  }
}
