import type { LeadState, Right } from '../model/index.js';
import type { WorkflowActor, Store } from '../store/index.js';
import type { Notifier } from './noticeBody.js';
import type { NoticeChannel } from './noticeChannels.js';
import type { ProofRef } from './proofOfRight.js';

/*
 * What the workflow services are handed by the composition root: the store, how to find a right, how to
 * reach each platform, how to look at a listing again, and the clock. Services hold no other state.
 */

/** Whether a listing's page is still up (the takedown check re-fetches it). */
export type ListingProbe = (url: string, platform: string) => Promise<'up' | 'gone'>;

export interface WorkflowDeps {
  store: Pick<Store, 'findings' | 'leads' | 'notices' | 'evidence' | 'listings'>;
  rightOf: (rightId: string) => Promise<Right | null>;
  channelFor: (platform: string) => NoticeChannel;
  notifierFor: (right: Right | null) => Notifier;
  /** The holder's proof of right attached to a right (src/workflow/proofOfRight.ts proofLookup); absent = none. */
  proofOf?: (rightId: string) => Promise<ProofRef | null>;
  /** The enforcement office and its area (config `workflow.office`, else rules/leads/jurisdiction.json). */
  office: { name: string; regionCode: string; contact?: string };
  probe: ListingProbe;
  now: () => Date;
  /** When a platform's window to act on a notice sent at `sentAt` ends (rules/workflow/deadlines.json). */
  takedownDue: (platform: string, sentAt: string) => string;
}

/** A workflow actor at the deps' clock. */
export function actorAt(deps: Pick<WorkflowDeps, 'now'>, who: Omit<WorkflowActor, 'at'>): WorkflowActor {
  return { ...who, at: deps.now().toISOString() };
}

export type { WorkflowActor, LeadState };
