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

interface AuditDbRow {
  seq: number;
  at: string;
  actor: string;
  role: string;
  os_user: string;
  action: string;
  subject_type: string;
  subject_id: string;
  detail_json: string;
  prev_hash: string;
  hash: string;
}

const COLUMNS =
  'seq, at, actor, role, os_user, action, subject_type, subject_id, detail_json, prev_hash, hash';

/** Statements per connection, prepared once: appendAuditInTx is called on every workflow step. */
const statements = new WeakMap<Db, ReturnType<typeof prepare>>();

function prepare(db: Db) {
  return {
    last: db.prepare<[], { seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    ),
    insert: db.prepare(
      `INSERT INTO audit_log (${COLUMNS})
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

/** A stored row as the entry that was written, or why it cannot be that entry. */
function toRow(r: AuditDbRow): AuditRow {
  let detail: unknown;
  try {
    detail = JSON.parse(r.detail_json);
  } catch {
    detail = undefined;
  }
  const isObject = typeof detail === 'object' && detail !== null && !Array.isArray(detail);
  // append writes the canonical text; any other text (even re-spaced) was written by something else.
  if (!isObject || canonicalDetail(detail as Record<string, unknown>) !== r.detail_json) {
    return {
      seq: r.seq,
      prevHash: r.prev_hash,
      hash: r.hash,
      unreadable: 'detail_json is not the canonical JSON that was written',
    };
  }
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    role: r.role,
    osUser: r.os_user,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    detail: detail as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** For listing: an unreadable row keeps its raw detail text in view. */
function toEntry(r: AuditDbRow): AuditEntry {
  const row = toRow(r);
  if (!('unreadable' in row)) return row;
  return {
    ...row,
    at: r.at,
    actor: r.actor,
    role: r.role,
    osUser: r.os_user,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    detail: { unreadableDetailJson: r.detail_json },
  };
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
        `SELECT ${COLUMNS} FROM audit_log ${filter} ORDER BY seq ${order} LIMIT @limit`,
      )
      .all({
        subjectType: query.subjectType,
        subjectId: query.subjectId,
        afterSeq: query.afterSeq,
        limit: query.limit ?? -1,
      });
    if (query.latest) rows.reverse();
    return rows.map(toEntry);
  }

  async *all(options: { batchSize?: number } = {}): AsyncIterable<AuditRow> {
    const batch = this.db.prepare<[number, number], AuditDbRow>(
      `SELECT ${COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`,
    );
    const size = options.batchSize ?? DEFAULT_BATCH;
    // Keyset batches, not one open cursor: between batches the connection is free for other statements.
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const rows = batch.all(after, size);
      for (const r of rows) yield toRow(r);
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
