import type { AlertSettingsRepository, StoredAlertSettings } from './alertSettingsRepository.js';
import type { Db } from './database.js';
import { auditInTx } from './workflowAudit.js';
import type { WorkflowActor } from './workflowRepositories.js';

interface Row {
  id: number;
  settings_json: string;
  updated_by: string;
  updated_at: string;
}

export class SqliteAlertSettingsRepository implements AlertSettingsRepository {
  constructor(private readonly db: Db) {}

  private newest(): Row | undefined {
    return this.db.prepare<[], Row>('SELECT * FROM alert_settings ORDER BY id DESC LIMIT 1').get();
  }

  async current(): Promise<StoredAlertSettings | null> {
    const row = this.newest();
    return row
      ? {
          overrides: JSON.parse(row.settings_json) as Record<string, unknown>,
          updatedBy: row.updated_by,
          updatedAt: row.updated_at,
        }
      : null;
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
          {
            before: before ? (JSON.parse(before.settings_json) as unknown) : null,
            after: overrides,
          },
        );
      })
      .immediate();
  }
}
