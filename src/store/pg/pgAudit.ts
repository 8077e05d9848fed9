import { chainEntry, ChainVerifier, canonicalDetail } from '../../common/auditChain.js';
import type { AuditEntry, AuditEntryInput, AuditRow, ChainReport } from '../../common/auditChain.js';
import type { AuditQuery, AuditRepository } from '../auditRepository.js';
import { AUDIT_COLUMNS, actorAuditInput, auditEntryOf, auditRowOf, type AuditDbRow } from '../auditRows.js';
import type { WorkflowActor } from '../workflowRepositories.js';
import type { PgConn } from './pgDatabase.js';

/*
 * The append-only audit log on PostgreSQL. Appends from every machine form one chain: each takes the
 * transaction-scoped advisory lock AUDIT_CHAIN_LOCK before reading the last link, so the next appender waits
 * until this one commits and then reads its row (READ COMMITTED takes a fresh snapshot per statement). The
 * triggers of 0410_audit.sql refuse any row that is not the next link, so even a writer that skipped the lock
 * could not fork the chain; it would fail instead.
 */

/** pg_advisory_xact_lock key of the audit chain ("mw" 0410); no other lock of markwatch uses it. */
export const AUDIT_CHAIN_LOCK = 0x6d770410;

/**
 * Takes the audit chain's lock for the rest of the transaction. A workflow change takes it FIRST, before any row
 * lock: every workflow transaction appends to the one chain anyway, so they are serialised by it, and taking it
 * first means no transaction holds a lead row while waiting for the chain (which would deadlock against one that
 * holds the chain and waits for the row).
 */
export async function lockAuditChain(c: PgConn): Promise<void> {
  await c.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
}

/**
 * Appends one entry on `conn`: inside a transaction already open there (a workflow change) it commits or rolls
 * back with it, and the lock is held until then; on the pool it runs in its own transaction. The input is
 * validated before anything is written.
 */
export async function appendPgAudit(conn: PgConn, input: AuditEntryInput): Promise<AuditEntry> {
  chainEntry(null, input); // throws on a bad entry before the lock is taken
  return conn.tx(async (c) => {
    await lockAuditChain(c);
    const { rows } = await c.query<{ seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    const entry = chainEntry(rows[0] ?? null, input);
    await c.query(
      `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        entry.seq,
        entry.at,
        entry.actor,
        entry.role,
        entry.osUser,
        entry.action,
        entry.subjectType,
        entry.subjectId,
        canonicalDetail(entry.detail),
        entry.prevHash,
        entry.hash,
      ],
    );
    return entry;
  });
}

/** The audit entry of a workflow change, appended inside the caller's transaction (PostgreSQL's auditInTx). */
export async function pgAuditInTx(
  conn: PgConn,
  who: WorkflowActor,
  action: string,
  subject: { type: string; id: string | number },
  detail: Record<string, unknown>,
): Promise<void> {
  await appendPgAudit(conn, actorAuditInput(who, action, subject, detail));
}

const DEFAULT_BATCH = 1000;

export class PgAuditRepository implements AuditRepository {
  constructor(private readonly conn: PgConn) {}

  append(entry: AuditEntryInput): Promise<AuditEntry> {
    return appendPgAudit(this.conn, entry);
  }

  async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      values.push(value);
      where.push(`${sql} $${values.length}`);
    };
    if (query.subjectType !== undefined) add('subject_type =', query.subjectType);
    if (query.subjectId !== undefined) add('subject_id =', query.subjectId);
    if (query.afterSeq !== undefined) add('seq >', query.afterSeq);
    values.push(query.limit ?? null); // LIMIT NULL: no limit
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const order = query.latest ? 'DESC' : 'ASC';
    const { rows } = await this.conn.query<AuditDbRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log ${filter} ORDER BY seq ${order} LIMIT $${values.length}`,
      values,
    );
    if (query.latest) rows.reverse();
    return rows.map(auditEntryOf);
  }

  async *all(options: { batchSize?: number } = {}): AsyncIterable<AuditRow> {
    const size = options.batchSize ?? DEFAULT_BATCH;
    // Keyset batches, not one open cursor: no client is held between batches.
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const { rows } = await this.conn.query<AuditDbRow>(
        `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [after, size],
      );
      for (const r of rows) yield auditRowOf(r);
      if (rows.length < size) return;
      after = rows[rows.length - 1]!.seq;
    }
  }

  async verify(): Promise<ChainReport> {
    // Read before the rows: an entry appended while they stream has a higher seq and is no false alarm.
    const { rows } = await this.conn.query<{ seq: number }>('SELECT seq FROM audit_log_head');
    const lastSeq = rows[0]?.seq;
    const verifier = new ChainVerifier();
    for await (const row of this.all()) verifier.add(row);
    return verifier.finish(lastSeq === undefined ? {} : { lastSeq });
  }
}
