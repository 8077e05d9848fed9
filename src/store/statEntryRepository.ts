import type { RightKind } from '../model/index.js';
import type { WorkflowActor } from './workflowRepositories.js';

/*
 * Officer-entered figures of the quarterly statistics form (issue 16) and the workflow facts markwatch itself
 * observes for it. Row codes are the form's (rules/stats/); the store keeps them as text and does not judge.
 */

/** One case (案件) as an officer enters it; amounts in whole fen, dates as China calendar days. */
export interface NewStatCase {
  unit: string;
  caseNo: string;
  row: string;
  openedOn: string | null;
  closedOn: string | null;
  referredOn: string | null;
  amountInvolvedFen: number | null;
  finesFen: number | null;
  lossesRecoveredFen: number | null;
  foreignLossesRecoveredFen: number | null;
  ecommerce: boolean;
  keyMarket: boolean;
  rural: boolean;
  foreignVictim: boolean;
  /** The markwatch lead the case grew from, so an observed referral of it is not counted twice. */
  leadId: number | null;
  note: string;
}

export interface StatCase extends NewStatCase {
  id: number;
  enteredBy: string;
  enteredAt: string;
}

/** One enforcement action (or a tally of several) for block 1. */
export interface NewStatAction {
  unit: string;
  ref: string;
  on: string;
  actions: number;
  deployments: number;
  marketActions: number;
  marketDeployments: number;
  /** 辖区重点实体市场数量 as of `on` (a stock, not summed); null when this entry does not say. */
  keyMarkets: number | null;
  note: string;
}

export interface StatAction extends NewStatAction {
  id: number;
  enteredBy: string;
  enteredAt: string;
}

/** A lead's move to 已移送公安, as recorded by the workflow. */
export interface ObservedReferral {
  leadId: number;
  kind: RightKind;
  rightId: string | null;
  platform: string;
  /** The instant of the (latest) move to referred within the window. */
  referredAt: string;
  actor: string;
}

/** Counts of what markwatch did online in a window: shown beside the form, not on it. */
export interface ObservedActivity {
  leadsOpened: number;
  noticesSent: number;
  listingsTakenDown: number;
  leadsTransferred: number;
  leadsReferred: number;
}

export interface SaveResult {
  inserted: number;
  updated: number;
}

export interface StatEntryRepository {
  /** Inserts or updates (by unit + case number) all cases in one transaction, one audit entry each. */
  saveCases(cases: readonly NewStatCase[], who: WorkflowActor): Promise<SaveResult>;
  /** Inserts or updates (by unit + ref) all actions in one transaction, one audit entry each. */
  saveActions(actions: readonly NewStatAction[], who: WorkflowActor): Promise<SaveResult>;
  cases(unit: string): Promise<StatCase[]>;
  actions(unit: string): Promise<StatAction[]>;
  /** Units that have entries, for the web form's choice. */
  units(): Promise<string[]>;
  /** Leads moved to referred in [fromInstant, toInstant), one per lead (its latest such move). */
  observedReferrals(fromInstant: string, toInstant: string): Promise<ObservedReferral[]>;
  observedActivity(fromInstant: string, toInstant: string): Promise<ObservedActivity>;
}
