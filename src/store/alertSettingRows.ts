import type { StoredAlertSettings } from './alertSettingsRepository.js';

/*
 * A row of the alert_settings table, its domain object and the audit detail of a save: one mapping for the
 * SQLite and PostgreSQL stores.
 */

export interface AlertSettingsRow {
  id: number;
  settings_json: string;
  updated_by: string;
  updated_at: string;
}

/** The newest saved version (the one that applies). */
export const NEWEST_ALERT_SETTINGS = 'SELECT * FROM alert_settings ORDER BY id DESC LIMIT 1';

export const toStoredAlertSettings = (row: AlertSettingsRow): StoredAlertSettings => ({
  overrides: JSON.parse(row.settings_json) as Record<string, unknown>,
  updatedBy: row.updated_by,
  updatedAt: row.updated_at,
});

/** What the audit log records of a save: the overrides it replaced (null for the first save) and the new ones. */
export const alertSettingsAuditDetail = (
  before: AlertSettingsRow | undefined,
  overrides: Record<string, unknown>,
): Record<string, unknown> => ({
  before: before ? (JSON.parse(before.settings_json) as unknown) : null,
  after: overrides,
});
