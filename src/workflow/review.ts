import type { DismissReason, Finding, Lead, LeadState } from '../model/index.js';
import { DISMISS_REASONS } from '../model/index.js';
import type { ConfirmResult } from '../store/index.js';
import type { WorkflowActor } from './deps.js';
import { WorkflowError } from './workflowError.js';
import { checkMove } from './moves.js';
import { regionOf } from './leadAnalysis.js';
import type { WorkflowDeps } from './deps.js';

/*
 * Staff review of findings. Confirming opens the seller's lead for the right (one seller on one platform ×
 * one right) or joins it; a lead that had been dismissed or closed goes back to review. Dismissing takes a
 * reason from the list and may excuse the seller for the right (the whitelist, visible and reversible).
 */

const LEAD_NEXT_ON_CONFIRM: Partial<Record<LeadState, LeadState>> = {
  new: 'reviewing',
  reviewing: 'confirmed',
  dismissed: 'reviewing',
  closed: 'reviewing',
};

export interface RiskAssessment {
  score: number;
  tier: Lead['riskTier'];
  parts: unknown;
}

/** Computes a lead's risk from its seller's findings (src/leads); injected so review stays testable. */
export type AssessRisk = (finding: Finding) => Promise<RiskAssessment>;

export async function confirmFinding(
  deps: Pick<WorkflowDeps, 'store'>,
  id: number,
  who: WorkflowActor,
  assess: AssessRisk,
): Promise<ConfirmResult> {
  const finding = await deps.store.findings.get(id);
  if (!finding) throw new WorkflowError('finding.not_found', `发现 ${id} 不存在 (finding ${id} not found)`);
  const risk = await assess(finding);
  const listing = await deps.store.listings.get(finding.platform, finding.listingId);
  // One transaction: the finding, the lead (opened, or re-weighed and moved), their audit entries.
  return deps.store.findings.confirm(id, who, {
    state: 'confirmed',
    riskScore: risk.score,
    riskTier: risk.tier,
    risk: risk.parts,
    regionCode: regionOf(listing?.listing.seller).regionCode ?? null,
    reason: `发现 ${id} 经审核确认 (finding ${id} confirmed)`,
    // A confirmed finding on a lead under review confirms it; on a dismissed or closed lead it puts the lead
    // back under review.
    joinMove: (state) => {
      const to = LEAD_NEXT_ON_CONFIRM[state];
      if (!to) return null;
      const reason = `新确认的发现 ${id} (finding ${id} confirmed)`;
      checkMove(state, to, reason, who);
      return { from: state, to, reason };
    },
  });
}

export function parseDismissReason(value: string): DismissReason {
  if (!(DISMISS_REASONS as readonly string[]).includes(value)) {
    throw new WorkflowError(
      'finding.dismiss_reason',
      `--reason: 未知的排除理由 "${value}"，可选：${DISMISS_REASONS.join(', ')} (unknown dismissal reason)`,
    );
  }
  return value as DismissReason;
}

export async function dismissFinding(
  deps: Pick<WorkflowDeps, 'store'>,
  id: number,
  who: WorkflowActor,
  dismissal: { reason: DismissReason; note: string; whitelist: boolean },
): Promise<Finding> {
  if (dismissal.reason === 'other' && dismissal.note.trim() === '') {
    throw new WorkflowError(
      'finding.dismiss_note',
      '--note: 选择“其他”时必须说明理由 (a note is required for reason "other")',
    );
  }
  return deps.store.findings.dismiss(id, who, dismissal);
}
