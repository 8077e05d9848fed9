import { createHash } from 'node:crypto';
import type { AuditRepository, WorkflowActor } from '../../store/index.js';
import type { ExportSummary } from './bulkExport.js';

/*
 * A package can only show that it agrees with itself: whoever swaps a file can recompute the manifest and its
 * digest. What anchors it is a record kept elsewhere. Each export writes every lead's manifest digest into the
 * office's hash-chained audit log (subject `lead_package`, id = the digest), and `markwatch verify` looks the
 * digests up there: a package whose digest the log never recorded was not issued by this office as it is.
 */

export const PACKAGE_SUBJECT = 'lead_package';

/** Records each lead's manifest digest of an export, one audit entry per lead. */
export async function recordPackageExport(
  audit: Pick<AuditRepository, 'append'>,
  who: WorkflowActor,
  summary: ExportSummary,
  channel: 'cli' | 'web',
): Promise<void> {
  for (const d of summary.digests) {
    await audit.append({
      ...who,
      action: 'export.lead_package',
      subjectType: PACKAGE_SUBJECT,
      subjectId: d.digest,
      detail: { leadId: d.leadId, folder: d.folder, channel },
    });
  }
}

export interface DigestRecord {
  digest: string;
  /** The audit entry that recorded it, or null when this log never did. */
  recorded: { seq: number; at: string; actor: string; leadId: unknown } | null;
}

/** Looks each digest up in the audit log. */
export async function findPackageRecords(
  audit: Pick<AuditRepository, 'list'>,
  digests: readonly string[],
): Promise<DigestRecord[]> {
  const out: DigestRecord[] = [];
  for (const digest of digests) {
    const [entry] = await audit.list({ subjectType: PACKAGE_SUBJECT, subjectId: digest, limit: 1 });
    out.push({
      digest,
      recorded: entry
        ? { seq: entry.seq, at: entry.at, actor: entry.actor, leadId: entry.detail['leadId'] }
        : null,
    });
  }
  return out;
}

/**
 * Records an export of a document (a file the CLI wrote, a download the web sent) with the SHA-256 of its
 * bytes, so the office can later say what left it; returns the hash.
 */
export async function recordExport(
  audit: Pick<AuditRepository, 'append'>,
  who: WorkflowActor,
  action: string,
  subject: { type: string; id: string },
  bytes: Buffer | string,
  detail: Record<string, unknown>,
): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await audit.append({
    ...who,
    action,
    subjectType: subject.type,
    subjectId: subject.id,
    detail: { sha256, ...detail },
  });
  return sha256;
}
