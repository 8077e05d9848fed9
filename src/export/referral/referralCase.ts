import { createHash } from 'node:crypto';
import type { BlobStore } from '../../store/blobStore.js';
import { MarkwatchError } from '../../common/errors.js';
import type { RecordedAttachment } from '../../leads/referralAttachments.js';
import type { Evidence, Lead, Notice, Right } from '../../model/index.js';
import type { AuditRepository } from '../../store/auditRepository.js';
import type { WorkflowDeps } from '../../workflow/deps.js';
import { analyseLead, type LeadAnalysis } from '../../workflow/leadAnalysis.js';
import { safeEntryPath } from '../package/safePath.js';

/*
 * Everything a referral document says about one lead, read from the store: the lead, its right, the lead
 * rules' analysis (referral suggestion with threshold version and figures), its notices and takedown checks,
 * the referral as recorded (Order 310 attachments and references, from the audit log), and each evidence
 * file, re-hashed from the blob store: a file whose bytes no longer match its stored SHA-256 stops the export.
 */

export interface ReferralDeps extends Pick<WorkflowDeps, 'store' | 'rightOf' | 'office'> {
  /** Where the evidence bytes are (`store.blobs`: the data directory, or PostgreSQL). */
  blobs: BlobStore;
  /** The audit log, for the referral as recorded (`leads refer`); without it the record part is empty. */
  audit?: Pick<AuditRepository, 'list'>;
}

export interface PackagedEvidence {
  evidence: Evidence;
  /** The entry name inside the archive. */
  entry: string;
}

export interface ReferralRecord {
  at: string;
  actor: string;
  reason: string;
  attachments: RecordedAttachment[];
}

export interface ReferralCase {
  lead: Lead;
  right: Right | null;
  analysis: LeadAnalysis;
  notices: Notice[];
  evidence: PackagedEvidence[];
  record: ReferralRecord | null;
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  html: '.html',
  screenshot: '.png',
  headers: '.json',
  warc: '.warc',
  image: '.img',
  manifest: '.json',
};

function evidenceError(message: string): MarkwatchError {
  return new MarkwatchError('export.evidence', message);
}

async function hashOf(blobs: BlobStore, p: PackagedEvidence): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of blobs.open(p.evidence.sha256)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch (err) {
    throw evidenceError(
      `无法读取证据文件 ${p.evidence.path}：${(err as Error).message} (cannot read the evidence file)`,
    );
  }
  return { sha256: hash.digest('hex'), bytes };
}

async function referralRecord(deps: ReferralDeps, leadId: number): Promise<ReferralRecord | null> {
  if (!deps.audit) return null;
  const entries = await deps.audit.list({ subjectType: 'lead', subjectId: String(leadId) });
  const referral = entries.filter((e) => e.action === 'lead.move' && e.detail.to === 'referred').at(-1);
  if (!referral) return null;
  const detail = (referral.detail.detail ?? {}) as { attachments?: { code: string; refs?: string[] }[] };
  return {
    at: referral.at,
    actor: referral.actor,
    reason: typeof referral.detail.reason === 'string' ? referral.detail.reason : '',
    attachments: (detail.attachments ?? []).flatMap((a) =>
      (a.refs ?? []).map((ref) => ({ code: a.code, ref })),
    ),
  };
}

export async function referralCase(deps: ReferralDeps, leadId: number): Promise<ReferralCase> {
  const lead = await deps.store.leads.get(leadId);
  if (!lead) throw new MarkwatchError('lead.not_found', `线索 ${leadId} 不存在 (lead ${leadId} not found)`);
  const analysis = await analyseLead(deps, lead);
  const right = lead.rightId ? await deps.rightOf(lead.rightId) : null;
  const listings = [...new Map(analysis.facts.map((f) => [`${f.platform}\u0000${f.listingId}`, f])).values()];
  listings.sort((a, b) => a.platform.localeCompare(b.platform) || a.listingId.localeCompare(b.listingId));
  const evidence: PackagedEvidence[] = [];
  const seen = new Set<string>();
  for (const f of listings) {
    const stored = await deps.store.evidence.forListing(f.platform, f.listingId);
    stored.sort(
      (a, b) => a.capturedAt.localeCompare(b.capturedAt) || a.kind.localeCompare(b.kind) || a.id - b.id,
    );
    for (const e of stored) {
      const name = `${e.kind}-${e.sha256.slice(0, 16)}${EXTENSIONS[e.kind] ?? '.bin'}`;
      const entry = safeEntryPath('evidence', f.platform, f.listingId, name);
      if (seen.has(entry)) continue;
      seen.add(entry);
      const p: PackagedEvidence = { evidence: e, entry };
      const actual = await hashOf(deps.blobs, p);
      if (actual.sha256 !== e.sha256) {
        throw evidenceError(
          `证据文件 ${e.path} 的 SHA-256 为 ${actual.sha256}，与登记的 ${e.sha256} 不符，已停止导出 (evidence altered on disk)`,
        );
      }
      evidence.push(p);
    }
  }
  const notices = await deps.store.notices.forLead(leadId);
  return { lead, right, analysis, notices, evidence, record: await referralRecord(deps, leadId) };
}
