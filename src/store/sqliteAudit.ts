import {
  canonicalDetail,
  chainEntry,
  ChainVerifier,
  type AuditEntry,
  type AuditEntryInput,
  type AuditRow,
  type ChainReport,
} from '../common/auditChain.js';
import type { AuditQuery, AuditRepository } from './auditRepository.js';
import type { Db } from './database.js';
import { AUDIT_COLUMNS, auditEntryOf, auditRowOf, type AuditDbRow } from './auditRows.js';

/** Statements per connection, prepared once: appendAuditInTx is called on every workflow step. */
const statements = new WeakMap<Db, ReturnType<typeof prepare>>();

function prepare(db: Db) {
  return {
    last: db.prepare<[], { seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    ),
    insert: db.prepare(
      `INSERT INTO audit_log (${AUDIT_COLUMNS})
       VALUES (@seq, @at, @actor, @role, @osUser, @action, @subjectType, @subjectId, @detailJson, @prevHash, @hash)`,
    ),
  };
}

function statementsOf(db: Db) {
  let s = statements.get(db);
  if (!s) {
    s = prepare(db);
    statements.set(db, s);
  }
  return s;
}

/**
 * Appends one audit entry on `db`, synchronously. Inside a transaction already open on `db` (a workflow
 * transition) it becomes part of it; otherwise it runs in its own IMMEDIATE transaction. Either way the last
 * hash is read and the row inserted under the write lock, so two processes cannot fork the chain. Callers that
 * open their own transaction should use `.immediate()` too: a deferred one that read first fails with
 * SQLITE_BUSY when another process appended meanwhile, instead of waiting for it.
 */
export function appendAuditInTx(db: Db, input: AuditEntryInput): AuditEntry {
  const s = statementsOf(db);
  const append = (): AuditEntry => {
    const entry = chainEntry(s.last.get() ?? null, input);
    s.insert.run({ ...entry, detailJson: canonicalDetail(entry.detail) });
    return entry;
  };
  return db.inTransaction ? append() : db.transaction(append).immediate();
}

const DEFAULT_BATCH = 1000;

export class SqliteAuditRepository implements AuditRepository {
  constructor(private readonly db: Db) {}

  async append(entry: AuditEntryInput): Promise<AuditEntry> {
    return appendAuditInTx(this.db, entry);
  }

  async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const where: string[] = [];
    if (query.subjectType !== undefined) where.push('subject_type = @subjectType');
    if (query.subjectId !== undefined) where.push('subject_id = @subjectId');
    if (query.afterSeq !== undefined) where.push('seq > @afterSeq');
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const order = query.latest ? 'DESC' : 'ASC';
    const rows = this.db
      .prepare<Record<string, unknown>, AuditDbRow>(
        `SELECT ${AUDIT_COLUMNS} FROM audit_log ${filter} ORDER BY seq ${order} LIMIT @limit`,
      )
      .all({
        subjectType: query.subjectType,
        subjectId: query.subjectId,
        afterSeq: query.afterSeq,
        limit: query.limit ?? -1,
      });
    if (query.latest) rows.reverse();
    return rows.map(auditEntryOf);
  }

  async *all(options: { batchSize?: number } = {}): AsyncIterable<AuditRow> {
    const batch = this.db.prepare<[number, number], AuditDbRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`,
    );
    const size = options.batchSize ?? DEFAULT_BATCH;
    // Keyset batches, not one open cursor: between batches the connection is free for other statements.
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const rows = batch.all(after, size);
      for (const r of rows) yield auditRowOf(r);
      if (rows.length < size) return;
      after = rows[rows.length - 1]!.seq;
    }
  }

  async verify(): Promise<ChainReport> {
    // Read before the rows: an entry appended while they stream has a higher seq and is no false alarm.
    const lastSeq = this.db
      .prepare<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'")
      .pluck()
      .get();
    const verifier = new ChainVerifier();
    for await (const row of this.all()) verifier.add(row);
    return verifier.finish(lastSeq === undefined ? {} : { lastSeq });
  }
}
