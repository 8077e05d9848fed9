import type { WorkflowActor } from './workflowRepositories.js';

/*
 * Alert settings changed on the web (issue 15): overrides over the configuration's `alerts` section. The store
 * keeps every saved version (the newest applies) and audits each save in the same transaction; what the
 * overrides may contain and how they apply is src/workflow/alertSettings.ts.
 */

export interface StoredAlertSettings {
  /** The overrides as saved (validated by the caller before saving). */
  overrides: Record<string, unknown>;
  updatedBy: string;
  updatedAt: string;
}

export interface AlertSettingsRepository {
  /** The newest saved overrides, or null when none were ever saved. */
  current(): Promise<StoredAlertSettings | null>;
  /** Saves a new version with its audit entry (before and after), in one transaction. */
  save(overrides: Record<string, unknown>, who: WorkflowActor): Promise<void>;
}
