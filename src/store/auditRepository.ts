import type { AuditEntry, AuditEntryInput, AuditRow, ChainReport } from '../common/auditChain.js';

/*
 * The append-only audit log (issue 14). Entries are never changed or removed; each holds the hash of the one
 * before (src/common/auditChain.ts), so verify() names any row that was. A workflow step that changes state
 * appends its entry inside its own transaction with `appendAuditInTx` (sqliteAudit.ts), so the change and its
 * record commit together or not at all.
 */

export interface AuditQuery {
  subjectType?: string;
  /** Only with subjectType. */
  subjectId?: string;
  /** At most this many rows. */
  limit?: number;
  /** Rows after this seq (paging forward). */
  afterSeq?: number;
  /** The newest `limit` rows instead of the oldest (still returned oldest first). */
  latest?: boolean;
}

export interface AuditRepository {
  /** Links the entry after the last one and stores it; returns it with seq, prevHash and hash. */
  append(entry: AuditEntryInput): Promise<AuditEntry>;
  /**
   * Entries by seq. A row that cannot be read back as written is shown with `detail: {unreadableDetailJson}`;
   * verify() reports it.
   */
  list(query?: AuditQuery): Promise<AuditEntry[]>;
  /** Every row by seq, read in batches, as verification needs them (unreadable rows included). */
  all(options?: { batchSize?: number }): AsyncIterable<AuditRow>;
  /** The whole chain checked: every altered, deleted or moved row named. */
  verify(): Promise<ChainReport>;
}
