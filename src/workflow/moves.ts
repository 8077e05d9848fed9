import type { Lead, LeadState } from '../model/index.js';
import type { WorkflowActor, WorkflowDeps } from './deps.js';
import { transition } from './leadStateMachine.js';
import { WorkflowError } from './workflowError.js';

/** Refuses a move the state machine does not allow, with a message naming the state and the allowed steps. */
export function checkMove(from: LeadState, to: LeadState, reason: string, who: WorkflowActor): void {
  const result = transition(from, to, { actor: who.actor, at: who.at, reason });
  if (!result.ok) throw new WorkflowError('lead.illegal_transition', result.error.message);
}

/** Moves a lead by hand (refer, transfer, publish, close, reopen …), checked against the state machine. */
export async function moveLead(
  deps: Pick<WorkflowDeps, 'store'>,
  id: number,
  to: LeadState,
  reason: string,
  who: WorkflowActor,
  detail?: Record<string, unknown>,
): Promise<Lead> {
  const lead = await deps.store.leads.get(id);
  if (!lead) throw new WorkflowError('lead.not_found', `线索 ${id} 不存在 (lead ${id} not found)`);
  checkMove(lead.state, to, reason, who);
  return deps.store.leads.move(id, { from: lead.state, to, reason, ...(detail ? { detail } : {}) }, who);
}
