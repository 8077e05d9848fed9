import { chinaTimestamp } from '../../common/chinaTime.js';
import type {
  Evidence,
  Finding,
  Lead,
  LeadTransition,
  Listing,
  Notice,
  Right,
  RuleFire,
} from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { auditExcerpt, type AuditExcerpt } from './auditExcerpt.js';

/*
 * Everything a lead package holds, read from the store for one lead: the lead, its findings with their
 * listings and the rules that fired, its transitions and notices, every evidence artefact of its listings, the
 * right as it stood when matched, and its chain of custody. Only this lead's data is held in memory.
 */

export type PackageStore = Pick<
  Store,
  'blobs' | 'leads' | 'findings' | 'listings' | 'hits' | 'evidence' | 'audit' | 'rights' | 'notices'
>;

/** A holder's proof of right (registration certificate, licence) by hash, looked up by another module. */
export type ProofOfRightLookup = (rightId: string) => Promise<{ sha256: string; fileName: string } | null>;

export interface FiredRules {
  findingId: number;
  listingId: string;
  reason: string;
  score: number;
  rules: RuleFire[];
}

export interface RightSnapshot {
  rightId: string;
  kind: Right['kind'] | null;
  /** Which revision was in force when the lead's first finding was made, and since when. */
  revision: number | null;
  revisionAt: string | null;
  matchedAt: string;
  registrationNo: string | null;
  classes: number[];
  goods: string[];
  holder: string | null;
  validFrom: string | null;
  validTo: string | null;
  proofOfRight: { sha256: string; fileName: string } | null;
  note: string;
}

export interface LeadMaterial {
  lead: Lead;
  findings: Finding[];
  listings: Listing[];
  transitions: LeadTransition[];
  notices: Notice[];
  rules: FiredRules[];
  evidence: Evidence[];
  right: RightSnapshot | null;
  audit: AuditExcerpt;
}

function numberOf(right: Right): string | null {
  if (right.kind === 'trademark') return right.registrationNo;
  if (right.kind === 'patent') return right.number;
  return right.announcementNo ?? null;
}

async function rightSnapshot(
  store: PackageStore,
  rightId: string,
  matchedAt: string,
  proofOfRight: ProofOfRightLookup | undefined,
): Promise<RightSnapshot> {
  const history = await store.rights.history(rightId);
  // The approved content in force at the match: the last approval or import at or before it.
  const approved = history.filter((r) => r.action === 'approve' || r.action === 'import');
  const atMatch = approved.filter((r) => r.at <= matchedAt).pop();
  const used = atMatch ?? approved[0] ?? null;
  const right = used?.data ?? (await store.rights.get(rightId))?.inForce ?? null;
  const proof = proofOfRight ? await proofOfRight(rightId) : null;
  const note = atMatch
    ? '匹配时有效的核准版本 (the approved version in force when matched)'
    : used
      ? '匹配时尚无核准版本，取最早的核准版本 (no approved version at the match; the earliest approval is shown)'
      : '权利库中无核准记录 (no approved record in the registry)';
  return {
    rightId,
    kind: right?.kind ?? null,
    revision: used?.revision ?? null,
    revisionAt: used?.at ?? null,
    matchedAt,
    registrationNo: right ? numberOf(right) : null,
    classes: right?.kind === 'trademark' ? right.niceClasses : [],
    goods: right?.kind === 'trademark' ? (right.goods ?? []) : right?.kind === 'gi' ? [right.category] : [],
    holder:
      right?.kind === 'trademark'
        ? right.owner
        : right?.kind === 'patent'
          ? right.patentee
          : (right?.name ?? null),
    validFrom:
      right && 'validFrom' in right ? right.validFrom : right?.kind === 'patent' ? right.filingDate : null,
    validTo: right && 'validTo' in right ? right.validTo : null,
    proofOfRight: proof,
    note: [note, proofOfRightNote(proof, proofOfRight !== undefined)].filter(Boolean).join('；'),
  };
}

function proofOfRightNote(proof: unknown, lookedUp: boolean): string {
  if (proof) return '';
  return lookedUp
    ? '权利人未上传权利证明 (the holder has not uploaded a proof of right)'
    : '未接入权利证明查询 (no proof-of-right lookup configured)';
}

/** Reads one lead's material; null when the lead does not exist. */
export async function leadMaterial(
  store: PackageStore,
  leadId: number,
  proofOfRight?: ProofOfRightLookup,
): Promise<LeadMaterial | null> {
  const lead = await store.leads.get(leadId);
  if (!lead) return null;
  const findings = (await store.findings.list({ leadId })).sort((a, b) => a.id - b.id);
  const listings: Listing[] = [];
  const rules: FiredRules[] = [];
  const evidence = new Map<string, Evidence>();
  const seenListings = new Set<string>();
  for (const f of findings) {
    const key = `${f.platform}\u0000${f.listingId}`;
    const hits = await store.hits.forListing(f.listingPk);
    for (const h of hits.filter((x) => x.rightId === f.rightId && x.reason === f.reason)) {
      rules.push({
        findingId: f.id,
        listingId: f.listingId,
        reason: h.reason,
        score: h.score,
        rules: h.rules,
      });
    }
    if (seenListings.has(key)) continue;
    seenListings.add(key);
    const stored = await store.listings.get(f.platform, f.listingId);
    if (stored) listings.push(stored.listing);
    for (const e of await store.evidence.forListing(f.platform, f.listingId))
      evidence.set(`${e.kind}:${e.sha256}`, e);
  }
  const notices = await store.notices.forLead(leadId);
  const matchedAt = findings[0]?.createdAt ?? lead.openedAt;
  const subjects = [
    { type: 'lead', id: String(leadId) },
    ...findings.map((f) => ({ type: 'finding', id: String(f.id) })),
    ...notices.map((n) => ({ type: 'notice', id: String(n.id) })),
  ];
  return {
    lead,
    findings,
    listings,
    transitions: await store.leads.transitions(leadId),
    notices,
    rules,
    evidence: [...evidence.values()].sort(
      (a, b) =>
        a.capturedAt.localeCompare(b.capturedAt) ||
        a.kind.localeCompare(b.kind) ||
        a.sha256.localeCompare(b.sha256),
    ),
    right: lead.rightId ? await rightSnapshot(store, lead.rightId, matchedAt, proofOfRight) : null,
    audit: await auditExcerpt(store.audit, subjects),
  };
}

/** A capture time in both zones the package states. */
export function bothZones(utc: string): { utc: string; shanghai: string } {
  return { utc, shanghai: chinaTimestamp(utc) };
}
