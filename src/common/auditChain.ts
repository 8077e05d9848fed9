import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { MarkwatchError } from './errors.js';
import { fieldPath } from './jsonFile.js';

/*
 * The audit log's hash chain, as pure functions. Each entry's hash covers its own fields and the hash of the
 * entry before it, so changing, removing or moving any stored row breaks the chain where it happened. The
 * serialisation is RFC 8785 (JSON Canonicalization Scheme): keys sorted, numbers and strings written one way
 * only, so the same entry hashes the same in any process or language that implements the RFC.
 *
 * What a chain alone cannot show: that its newest rows were removed (`VerifyOptions.lastSeq`, the store's
 * counter or an outside anchor, closes that gap), or that every row from some point on was rewritten and
 * re-hashed in order. Only a head noted outside the database (`ChainReport.head`, printed by `audit verify`)
 * shows the latter.
 */

/** The prevHash of the first entry. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** What a caller records: who did what to which subject, when, and the particulars. */
export const AuditEntryInputSchema = z
  .object({
    /** ISO 8601 in UTC (`2026-12-04T13:00:00.000Z`). */
    at: z.iso.datetime(),
    /** Account or process that acted (`staff-li`, `system`). */
    actor: z.string().min(1),
    role: z.string().min(1),
    /** The operating-system user that ran the process, beside the account (shared logins). */
    osUser: z.string(),
    action: z.string().min(1),
    /** What was acted on: `lead`, `finding`, `notice`, `right` … */
    subjectType: z.string().min(1),
    subjectId: z.string().min(1),
    detail: z.record(z.string(), z.unknown()),
  })
  .strict();

export type AuditEntryInput = z.infer<typeof AuditEntryInputSchema>;

/** One stored entry: the input plus its place in the chain. */
export interface AuditEntry extends AuditEntryInput {
  /** 1, 2, 3 … with no gaps. */
  seq: number;
  /** The previous entry's hash; AUDIT_GENESIS_HASH for seq 1. */
  prevHash: string;
  /** SHA-256 (hex) of auditCanonicalJson of this entry. */
  hash: string;
}

/** A stored row that could not be read back as the entry that was written (e.g. its detail is not that JSON). */
export interface UnreadableAuditRow {
  seq: number;
  prevHash: string;
  hash: string;
  /** What could not be read, for the message. */
  unreadable: string;
}

export type AuditRow = AuditEntry | UnreadableAuditRow;

/** A refused entry (code `audit.invalid_entry`); nothing was written. */
export class AuditEntryError extends MarkwatchError {
  constructor(message: string) {
    super('audit.invalid_entry', message);
  }
}

/** The canonical JSON of an entry (every field but `hash`): RFC 8785, so the key order is always the same. */
export function auditCanonicalJson(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, actor, role, osUser, action, subjectType, subjectId, detail, prevHash } = entry;
  const text = canonicalize({
    seq,
    at,
    actor,
    role,
    osUser,
    action,
    subjectType,
    subjectId,
    detail,
    prevHash,
  });
  if (text === undefined) throw new AuditEntryError('审计记录无法序列化 (audit entry cannot be serialised)');
  return text;
}

/** SHA-256 (hex) of the entry's canonical JSON. */
export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(auditCanonicalJson(entry), 'utf8').digest('hex');
}

/** The canonical JSON of a detail object: what the store writes, and the only text it reads back as one. */
export function canonicalDetail(detail: Record<string, unknown>): string {
  return canonicalize(detail) ?? '{}';
}

/**
 * Validates `input` and links it after `last` (null: the chain is empty). The returned detail is the stored
 * form (its canonical JSON parsed back), so the entry equals what a later read returns.
 */
export function chainEntry(last: { seq: number; hash: string } | null, input: AuditEntryInput): AuditEntry {
  const parsed = AuditEntryInputSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${fieldPath(i.path) || '(entry)'}: ${i.message}`);
    throw new AuditEntryError(`审计记录无效 (invalid audit entry): ${problems.join('; ')}`);
  }
  let detailJson: string;
  try {
    detailJson = canonicalDetail(parsed.data.detail);
  } catch (err) {
    // NaN, Infinity, lone surrogates and cycles have no canonical JSON.
    throw new AuditEntryError(`审计记录无效 (invalid audit entry): detail: ${(err as Error).message}`);
  }
  const content = {
    ...parsed.data,
    detail: JSON.parse(detailJson) as Record<string, unknown>,
    seq: last ? last.seq + 1 : 1,
    prevHash: last ? last.hash : AUDIT_GENESIS_HASH,
  };
  return { ...content, hash: auditEntryHash(content) };
}

export type ChainProblemKind = 'altered' | 'deleted' | 'reordered' | 'broken_link' | 'out_of_order';

/** One thing wrong with the chain, naming the row. */
export interface ChainProblem {
  kind: ChainProblemKind;
  /** The row concerned: the altered, moved or out-of-order row; the first missing one; the later row of a break. */
  seq: number;
  /** deleted: the last missing seq (equal to `seq` for one row). */
  toSeq?: number;
  /** reordered: the seq whose place the row was found in · broken_link: the row before the break. */
  atSeq?: number;
  /** 0-based index in the rows as read (for deleted: of the row after the gap; rows.length at the end). */
  position: number;
  /** Chinese first, then English in parentheses. */
  message: string;
}

export interface ChainReport {
  ok: boolean;
  /** Rows read. */
  rows: number;
  problems: ChainProblem[];
  /** The last row read (null for an empty log): note it elsewhere to anchor the chain's end. */
  head: { seq: number; hash: string } | null;
}

export interface VerifyOptions {
  /** The highest seq ever written, when known: rows after the last one read were deleted. */
  lastSeq?: number;
}

/** Above this many bad rows a moved row is looked for only one place either side (the search is quadratic). */
const FULL_SEARCH_LIMIT = 200;

interface Slot {
  seq: number;
  hash: string;
}

/** Recomputes and compares; an entry that cannot be serialised was not written as it is now. */
function hashMatches(row: AuditRow): boolean {
  if ('unreadable' in row) return false;
  try {
    return auditEntryHash(row) === row.hash;
  } catch {
    return false;
  }
}

function deletedMessage(from: number, to: number, newest = false): string {
  const zh = newest ? '（最末的记录）' : '';
  const en = newest ? ', the newest,' : '';
  return from === to
    ? `第 ${from} 条审计记录${zh}被删除 (audit row seq ${from}${en} was deleted)`
    : `第 ${from}–${to} 条审计记录${zh}被删除 (audit rows seq ${from}–${to}${en} were deleted)`;
}

/**
 * Checks rows one at a time, in the order read, keeping only the previous row and the rows found wrong, so a
 * long log can be streamed through it. `finish` classifies: a row whose stored hash matches its content under
 * another row's seq was moved (a swap shows as two such rows); any other mismatch is an alteration; a seq gap
 * is a deletion; a break in the links between two rows that each hash correctly means one of them was altered
 * and re-hashed.
 */
export class ChainVerifier {
  private position = 0;
  private prev: Slot | null = null;
  private readonly bad: { row: AuditRow; position: number }[] = [];
  private readonly breaks: { seq: number; position: number; prevSeq: number | null }[] = [];
  private readonly problems: ChainProblem[] = [];
  /** Positions whose link break is already explained (a gap or a seq out of order before the row). */
  private readonly explained = new Set<number>();

  add(row: AuditRow): void {
    const position = this.position++;
    const prev = this.prev;
    if (!hashMatches(row)) this.bad.push({ row, position });
    const expectedSeq = prev ? prev.seq + 1 : 1;
    if (row.seq > expectedSeq) {
      this.problems.push({
        kind: 'deleted',
        seq: expectedSeq,
        toSeq: row.seq - 1,
        position,
        message: deletedMessage(expectedSeq, row.seq - 1),
      });
      this.explained.add(position);
    } else if (row.seq < expectedSeq) {
      this.problems.push({
        kind: 'out_of_order',
        seq: row.seq,
        ...(prev ? { atSeq: prev.seq } : {}),
        position,
        message:
          `第 ${row.seq} 条审计记录排在第 ${prev?.seq ?? 0} 条之后：序号重复或倒序 ` +
          `(audit row seq ${row.seq} follows seq ${prev?.seq ?? 0}: duplicate or out-of-order seq)`,
      });
      this.explained.add(position);
    }
    if (row.prevHash !== (prev ? prev.hash : AUDIT_GENESIS_HASH)) {
      this.breaks.push({ seq: row.seq, position, prevSeq: prev?.seq ?? null });
    }
    this.prev = { seq: row.seq, hash: row.hash };
  }

  finish(options: VerifyOptions = {}): ChainReport {
    const problems = [...this.problems];
    const badPositions = new Set(this.bad.map((b) => b.position));
    const candidates = this.bad.map((b) => b.row.seq);
    for (const { row, position } of this.bad) {
      const from = 'unreadable' in row ? null : this.movedFrom(row, candidates);
      problems.push(
        from === null
          ? {
              kind: 'altered',
              seq: row.seq,
              position,
              message:
                'unreadable' in row
                  ? `第 ${row.seq} 条审计记录内容被修改：读不回写入的内容 (audit row seq ${row.seq} was altered: ${row.unreadable})`
                  : `第 ${row.seq} 条审计记录内容被修改 (audit row seq ${row.seq} was altered)`,
            }
          : {
              kind: 'reordered',
              seq: from,
              atSeq: row.seq,
              position,
              message:
                `第 ${from} 条审计记录出现在第 ${row.seq} 条的位置：记录顺序被调换 ` +
                `(audit row seq ${from} was found in the place of seq ${row.seq}: rows swapped or reordered)`,
            },
      );
    }
    for (const b of this.breaks) {
      // A bad row, or a gap or disorder just before, already accounts for the break.
      if (badPositions.has(b.position) || badPositions.has(b.position - 1) || this.explained.has(b.position))
        continue;
      problems.push(
        b.prevSeq === null
          ? {
              kind: 'broken_link',
              seq: b.seq,
              position: b.position,
              message:
                `第 ${b.seq} 条审计记录不是链的起点：前序哈希不是创始值，已被修改并重算哈希 ` +
                `(audit row seq ${b.seq} does not start the chain: its prevHash is not the genesis value; it was altered and re-hashed)`,
            }
          : {
              kind: 'broken_link',
              seq: b.seq,
              atSeq: b.prevSeq,
              position: b.position,
              message:
                `第 ${b.prevSeq} 条与第 ${b.seq} 条审计记录之间的哈希链断开：其中一条被修改并重算了哈希 ` +
                `(audit chain broken between seq ${b.prevSeq} and seq ${b.seq}: one of them was altered and re-hashed)`,
            },
      );
    }
    const lastRead = this.prev?.seq ?? 0;
    if (options.lastSeq !== undefined && options.lastSeq > lastRead) {
      problems.push({
        kind: 'deleted',
        seq: lastRead + 1,
        toSeq: options.lastSeq,
        position: this.position,
        message: deletedMessage(lastRead + 1, options.lastSeq, true),
      });
    }
    problems.sort((a, b) => a.position - b.position || a.seq - b.seq);
    return {
      ok: problems.length === 0,
      rows: this.position,
      problems,
      head: this.prev ? { seq: this.prev.seq, hash: this.prev.hash } : null,
    };
  }

  /** The seq under which `row`'s content hashes to its stored hash, if another seq does. */
  private movedFrom(row: AuditEntry, candidates: number[]): number | null {
    const near = [row.seq - 1, row.seq + 1];
    const tries = candidates.length <= FULL_SEARCH_LIMIT ? [...candidates, ...near] : near;
    for (const seq of new Set(tries)) {
      if (seq === row.seq || seq < 1) continue;
      try {
        if (auditEntryHash({ ...row, seq }) === row.hash) return seq;
      } catch {
        return null;
      }
    }
    return null;
  }
}

/** Every problem of the chain `rows`, in the order read (by seq). */
export function verifyChain(rows: Iterable<AuditRow>, options: VerifyOptions = {}): ChainReport {
  const verifier = new ChainVerifier();
  for (const row of rows) verifier.add(row);
  return verifier.finish(options);
}
