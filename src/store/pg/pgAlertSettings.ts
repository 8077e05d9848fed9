import type { AlertSettingsRepository, StoredAlertSettings } from '../alertSettingsRepository.js';
import type { WorkflowActor } from '../workflowRepositories.js';
import { pgAuditInTx } from './pgAudit.js';
import type { PgConn } from './pgDatabase.js';

/*
 * Alert settings on PostgreSQL: each save is a new row (the newest applies) whose audit entry records the
 * settings it replaced. Reading the newest and inserting the next run under a SHARE ROW EXCLUSIVE table lock,
 * so two machines saving at once record each other as "before" in order, never the same row twice.
 */

interface Row {
  id: number;
  settings_json: string;
  updated_by: string;
  updated_at: string;
}

const NEWEST = 'SELECT * FROM alert_settings ORDER BY id DESC LIMIT 1';

export class PgAlertSettingsRepository implements AlertSettingsRepository {
  constructor(private readonly conn: PgConn) {}

  async current(): Promise<StoredAlertSettings | null> {
    const row = (await this.conn.query<Row>(NEWEST)).rows[0];
    return row
      ? {
          overrides: JSON.parse(row.settings_json) as Record<string, unknown>,
          updatedBy: row.updated_by,
          updatedAt: row.updated_at,
        }
      : null;
  }

  save(overrides: Record<string, unknown>, who: WorkflowActor): Promise<void> {
    return this.conn.tx(async (c) => {
      await c.query('LOCK TABLE alert_settings IN SHARE ROW EXCLUSIVE MODE');
      const before = (await c.query<Row>(NEWEST)).rows[0];
      const { rows } = await c.query<{ id: number }>(
        'INSERT INTO alert_settings (settings_json, updated_by, updated_at) VALUES ($1, $2, $3) RETURNING id',
        [JSON.stringify(overrides), who.actor, who.at],
      );
      await pgAuditInTx(
        c,
        who,
        'alerts.settings',
        { type: 'alert_settings', id: rows[0]!.id },
        {
          before: before ? (JSON.parse(before.settings_json) as unknown) : null,
          after: overrides,
        },
      );
    });
  }
}
