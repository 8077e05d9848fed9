import { findGroupClusters, type GroupCluster } from '../leads/groupClusters.js';
import { decideJurisdiction, type JurisdictionDecision } from '../leads/jurisdiction.js';
import { referralSuggestion, type ReferralSuggestion } from '../leads/referralSuggestion.js';
import { detectRepeat, type RepeatVerdict } from '../leads/repeatInfringement.js';
import { referencePriceOf, riskScore, type RiskAssessment } from '../leads/riskScore.js';
import type { ClosedCaseEvent, FindingFacts, NoticeEvent, SellerHistory } from '../leads/types.js';
import type { Finding, Lead, Listing } from '../model/index.js';
import { resolveLocation } from '../reference/regions.js';
import type { WorkflowDeps } from './deps.js';

/*
 * Everything the lead rules (src/leads) say about one seller × right, computed from the store: the seller's
 * findings as facts, their notices and closed leads as history, repeat and group signals, the risk score with
 * its parts, the referral suggestion with its threshold version and figures, and the jurisdiction.
 */

export interface LeadAnalysis {
  facts: FindingFacts[];
  repeat: RepeatVerdict;
  group: GroupCluster | null;
  risk: RiskAssessment;
  referral: ReferralSuggestion;
  jurisdiction: JurisdictionDecision;
}

/** Findings compared when looking for a group of near-identical listings (the most recent of the right). */
const GROUP_WINDOW = 5_000;

type Deps = Pick<WorkflowDeps, 'store' | 'rightOf' | 'office'>;

/** The seller's region code: as the platform gives it, else read from the shown location (浙江 杭州). */
export function regionOf(seller: Listing['seller'] | undefined): { regionCode?: string } {
  if (seller?.regionCode) return { regionCode: seller.regionCode };
  const resolved = seller?.location ? resolveLocation(seller.location) : null;
  return resolved ? { regionCode: resolved.code } : {};
}

async function factsOf(deps: Deps, findings: readonly Finding[]): Promise<FindingFacts[]> {
  const facts: FindingFacts[] = [];
  for (const f of findings) {
    if (f.rightId === null) continue;
    const stored = await deps.store.listings.get(f.platform, f.listingId);
    const l = stored?.listing;
    facts.push({
      findingId: f.id,
      platform: f.platform,
      listingId: f.listingId,
      url: f.url,
      sellerId: f.sellerId,
      sellerName: f.sellerName,
      rightId: f.rightId,
      kind: f.kind,
      reason: f.reason,
      ...(f.tier ? { tier: f.tier } : {}),
      score: f.score,
      title: f.title,
      capturedAt: l?.capturedAt ?? f.createdAt,
      ...(l?.price !== undefined ? { price: l.price } : {}),
      ...(l?.sales !== undefined ? { sales: l.sales } : {}),
      ...(l?.category ? { category: l.category } : {}),
      ...regionOf(l?.seller),
      ...(l?.seller.creditCode ? { creditCode: l.seller.creditCode } : {}),
    });
  }
  return facts;
}

async function historyOf(deps: Deps, platform: string, sellerId: string): Promise<SellerHistory> {
  const notices: NoticeEvent[] = [];
  const closedCases: ClosedCaseEvent[] = [];
  for (const lead of await deps.store.leads.list({ platform, sellerId })) {
    const seller = { platform, sellerId, sellerName: lead.sellerName };
    for (const n of await deps.store.notices.forLead(lead.id)) {
      notices.push({
        noticeId: n.id,
        seller,
        rightId: lead.rightId ?? '',
        listingIds: n.items.map((i) => i.listingId),
        at: n.submittedAt ?? n.sentAt,
        outcome:
          n.status === 'taken_down' || n.status === 'rejected' || n.status === 'counter_noticed'
            ? n.status
            : 'pending',
      });
    }
    if (lead.state === 'closed') {
      const closed = (await deps.store.leads.transitions(lead.id)).filter((t) => t.to === 'closed').at(-1);
      closedCases.push({
        caseId: `lead-${lead.id}`,
        seller,
        kind: lead.kind,
        ...(lead.rightId ? { rightId: lead.rightId } : {}),
        closedAt: closed?.at ?? lead.updatedAt,
      });
    }
  }
  return { notices, closedCases };
}

/** Groups of sellers with near-identical listings among the recent lead-tier findings (of one right or all). */
export async function findingGroups(deps: Deps, rightId?: string): Promise<GroupCluster[]> {
  const findings = await deps.store.findings.list({
    tier: 'lead',
    limit: GROUP_WINDOW,
    ...(rightId ? { rightId } : {}),
  });
  return findGroupClusters(
    await factsOf(
      deps,
      findings.filter((f) => f.review !== 'dismissed'),
    ),
  );
}

/** The analysis of `lead` (or of the lead a finding would open: pass its seller, right and the finding). */
export async function analyseLead(
  deps: Deps,
  lead: Pick<Lead, 'platform' | 'sellerId' | 'rightId'> & { id?: number },
  extra: readonly Finding[] = [],
): Promise<LeadAnalysis> {
  const sellerFindings = (
    await deps.store.findings.list({ platform: lead.platform, sellerId: lead.sellerId })
  ).filter((f) => f.review !== 'dismissed' && f.tier !== 'watch');
  for (const f of extra) if (!sellerFindings.some((s) => s.id === f.id)) sellerFindings.push(f);
  const sellerFacts = await factsOf(deps, sellerFindings);
  const relistings = lead.id === undefined ? [] : await deps.store.leads.relistingsOf(lead.id);
  for (const r of relistings) {
    const fact = sellerFacts.find((f) => f.listingId === r.listingId);
    const notice = await deps.store.notices.get(r.noticeId);
    const takenDownAt = notice?.items.find((i) => i.listingId === r.previousListingId)?.takenDownAt;
    if (fact && takenDownAt) fact.relistedFrom = { listingId: r.previousListingId, takenDownAt };
  }
  const facts = sellerFacts.filter((f) => f.rightId === lead.rightId);
  const history = await historyOf(deps, lead.platform, lead.sellerId);
  const repeat = detectRepeat(facts, history);
  const rightFindings = lead.rightId
    ? await deps.store.findings.list({ rightId: lead.rightId, tier: 'lead', limit: GROUP_WINDOW })
    : [];
  const groupFacts = await factsOf(
    deps,
    rightFindings.filter((f) => f.review !== 'dismissed'),
  );
  for (const f of facts) if (!groupFacts.some((g) => g.findingId === f.findingId)) groupFacts.push(f);
  const group =
    findGroupClusters(groupFacts).find((c) =>
      c.sellers.some((s) => s.platform === lead.platform && s.sellerId === lead.sellerId),
    ) ?? null;
  const right = lead.rightId ? await deps.rightOf(lead.rightId) : null;
  const risk = riskScore({
    findings: facts,
    referencePrice: right ? referencePriceOf(right) : null,
    repeat,
    group,
  });
  const referral = referralSuggestion(sellerFacts);
  const jurisdiction = jurisdictionFor(deps, lead.platform, facts.find((f) => f.regionCode)?.regionCode);
  return { facts, repeat, group, risk, referral, jurisdiction };
}

function jurisdictionFor(deps: Deps, platform: string, regionCode: string | undefined): JurisdictionDecision {
  return decideJurisdiction(
    { platform, ...(regionCode ? { regionCode } : {}) },
    { office: { name: deps.office.name, regionCode: deps.office.regionCode } },
  );
}

/**
 * The bureau a lead belongs to, without the rest of the analysis (the 线索通报 list asks this of every open
 * lead; group clusters over thousands of findings per lead would make that list slow). The lead's stored
 * region first, else the region read from its findings' listings.
 */
export async function leadJurisdiction(
  deps: Deps,
  lead: Pick<Lead, 'platform' | 'sellerId' | 'rightId' | 'regionCode'>,
): Promise<JurisdictionDecision> {
  if (lead.regionCode) return jurisdictionFor(deps, lead.platform, lead.regionCode);
  const findings = (
    await deps.store.findings.list({ platform: lead.platform, sellerId: lead.sellerId })
  ).filter((f) => f.rightId === lead.rightId && f.review !== 'dismissed');
  const facts = await factsOf(deps, findings);
  return jurisdictionFor(deps, lead.platform, facts.find((f) => f.regionCode)?.regionCode);
}
