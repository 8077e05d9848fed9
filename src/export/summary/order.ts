import type { AuditEntry } from '../../common/auditChain.js';
import type { EvidenceFile, LeadDocumentFinding } from './types.js';

/*
 * The documents list things in a fixed order whatever order the caller passed them in, so the same lead
 * state gives the same bytes. Comparisons are by code unit, not locale (ICU versions differ).
 */

export function byPath(a: EvidenceFile, b: EvidenceFile): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

export function bySeq(a: AuditEntry, b: AuditEntry): number {
  return a.seq - b.seq;
}

export function byFindingId(a: LeadDocumentFinding, b: LeadDocumentFinding): number {
  return a.finding.id - b.finding.id;
}
