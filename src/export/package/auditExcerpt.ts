import { auditEntryHash, type AuditEntry } from '../../common/auditChain.js';
import type { AuditRepository } from '../../store/index.js';

/*
 * The chain of custody of one lead, cut from the audit log so that it can be checked without the database:
 * every entry about the lead, its findings and its notices in full (each hash recomputes from its content), and
 * between them the rows about other subjects as hash links only (seq, prevHash, hash — their content is not
 * this lead's business). Consecutive rows link, so the excerpt shows the lead's entries are one stretch of a
 * single chain; `head` is the excerpt's last row, to compare with the live log or an outside anchor.
 */

/** A row about another subject: only its place in the chain. */
export interface AuditLink {
  seq: number;
  prevHash: string;
  hash: string;
  redacted: true;
}

export type ExcerptRow = AuditEntry | AuditLink;

export interface AuditExcerpt {
  algorithm: string;
  rows: ExcerptRow[];
  /** Link rows left out because the stretch was longer than the limit (the chain cannot be followed there). */
  omittedLinks: number;
  head: { seq: number; hash: string } | null;
}

/** Longest stretch of other subjects' rows carried as links; past it the gap is recorded, not filled. */
export const MAX_LINKS_PER_GAP = 20_000;

export interface Subject {
  type: string;
  id: string;
}

async function entriesOf(audit: AuditRepository, subjects: readonly Subject[]): Promise<AuditEntry[]> {
  const bySeq = new Map<number, AuditEntry>();
  for (const s of subjects) {
    for (const e of await audit.list({ subjectType: s.type, subjectId: s.id })) bySeq.set(e.seq, e);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The excerpt for `subjects` (the lead, its findings, its notices). */
export async function auditExcerpt(
  audit: AuditRepository,
  subjects: readonly Subject[],
): Promise<AuditExcerpt> {
  const entries = await entriesOf(audit, subjects);
  const rows: ExcerptRow[] = [];
  let omittedLinks = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as AuditEntry;
    const prev = rows[rows.length - 1];
    const gap = prev ? entry.seq - prev.seq - 1 : 0;
    if (prev && gap > 0) {
      if (gap > MAX_LINKS_PER_GAP) omittedLinks += gap;
      else {
        const between = await audit.list({ afterSeq: prev.seq, limit: gap });
        for (const r of between)
          rows.push({ seq: r.seq, prevHash: r.prevHash, hash: r.hash, redacted: true });
      }
    }
    rows.push(entry);
  }
  // The excerpt's own last row, not the live log's head: another subject's later entry must not change the
  // package (the same lead state gives the same bytes); the live log is compared by seq and hash.
  const tail = rows[rows.length - 1];
  const head = tail ? { seq: tail.seq, hash: tail.hash } : null;
  return {
    algorithm: 'SHA-256 over RFC 8785 canonical JSON (src/common/auditChain.ts)',
    rows,
    omittedLinks,
    head,
  };
}

/** The time of the excerpt's last full entry: the package's fixed timestamp. */
export function lastEntryTime(excerpt: AuditExcerpt): string | null {
  for (let i = excerpt.rows.length - 1; i >= 0; i--) {
    const r = excerpt.rows[i] as ExcerptRow;
    if (!('redacted' in r)) return r.at;
  }
  return null;
}

/** The entry's hash, or '' when its content cannot be serialised (it was not written like that). */
function safeHash(row: AuditEntry): string {
  try {
    return auditEntryHash(row);
  } catch {
    return '';
  }
}

/**
 * Checks an excerpt on its own: each full entry's hash recomputes, seqs follow one another (except over an
 * omitted stretch), and each row's prevHash is the hash of the row before. Returns the problems (empty: ok).
 */
export function verifyAuditExcerpt(excerpt: unknown): string[] {
  const problems: string[] = [];
  const ex = excerpt as Partial<AuditExcerpt> | null;
  if (!ex || !Array.isArray(ex.rows)) return ['审计摘录缺失或格式错误 (audit excerpt missing or malformed)'];
  let prev: { seq: number; hash: string } | null = null;
  for (const row of ex.rows as ExcerptRow[]) {
    if (!('redacted' in row)) {
      if (safeHash(row) !== row.hash) {
        problems.push(
          `审计记录 seq ${row.seq} 的哈希不符：内容被修改 (audit entry seq ${row.seq} hash mismatch: altered)`,
        );
      }
    }
    if (prev) {
      if (row.seq === prev.seq + 1 && row.prevHash !== prev.hash) {
        problems.push(
          `审计链在 seq ${prev.seq} 与 ${row.seq} 之间断开 (audit chain broken between seq ${prev.seq} and ${row.seq})`,
        );
      } else if (row.seq <= prev.seq || (row.seq !== prev.seq + 1 && !(ex.omittedLinks ?? 0))) {
        problems.push(
          `审计摘录在 seq ${prev.seq} 之后缺少或错排记录 (audit excerpt rows missing or out of order after seq ${prev.seq})`,
        );
      }
    }
    prev = { seq: row.seq, hash: row.hash };
  }
  return problems;
}
