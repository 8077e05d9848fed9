import type { LeadState } from '../model/index.js';
import type { Relisting } from '../store/index.js';
import type { WorkflowActor, WorkflowDeps } from './deps.js';
import { transition } from './leadStateMachine.js';

/*
 * A listing taken down after a notice that comes back under a new id (the crawler links the two by seller and
 * content) is a relisting: repeat infringement after a notice. It is recorded against the lead once, and the
 * lead is re-opened for review when its state allows; otherwise the relisting is recorded and left to the
 * officer (a lead already under review or referred keeps its state).
 */
export interface RelistingOutcome extends Relisting {
  reopened: boolean;
  from: LeadState | null;
}

export async function detectRelistings(
  deps: Pick<WorkflowDeps, 'store'>,
  who: WorkflowActor,
): Promise<RelistingOutcome[]> {
  const outcomes: RelistingOutcome[] = [];
  for (const relisting of await deps.store.leads.relistingsAfterTakedown()) {
    const lead = await deps.store.leads.get(relisting.leadId);
    if (!lead) continue;
    const reason = `重新上架：${relisting.listingId} 重新发布了已删除的 ${relisting.previousListingId} (relisting of a taken-down listing)`;
    const legal = transition(lead.state, 'reviewing', { actor: who.actor, at: who.at, reason }).ok;
    await deps.store.leads.recordRelisting(
      relisting,
      legal ? { from: lead.state, to: 'reviewing', reason } : null,
      who,
    );
    outcomes.push({ ...relisting, reopened: legal, from: lead.state });
  }
  return outcomes;
}
