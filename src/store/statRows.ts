import type { RightKind } from '../model/index.js';
import type {
  NewStatAction,
  NewStatCase,
  ObservedReferral,
  StatAction,
  StatCase,
} from './statEntryRepository.js';
import type { WorkflowActor } from './workflowRepositories.js';

/* Rows of the statistics tables and their domain objects: one mapping for the SQLite and PostgreSQL stores. */

export interface CaseRow {
  pk: number;
  unit: string;
  case_no: string;
  row_code: string;
  opened_on: string | null;
  closed_on: string | null;
  referred_on: string | null;
  amount_involved_fen: number | null;
  fines_fen: number | null;
  losses_recovered_fen: number | null;
  foreign_losses_recovered_fen: number | null;
  ecommerce: number;
  key_market: number;
  rural: number;
  foreign_victim: number;
  lead_pk: number | null;
  note: string;
  entered_by: string;
  entered_at: string;
}

export interface ActionRow {
  pk: number;
  unit: string;
  ref: string;
  on_date: string;
  actions: number;
  deployments: number;
  market_actions: number;
  market_deployments: number;
  key_markets: number | null;
  note: string;
  entered_by: string;
  entered_at: string;
}

export function toCase(r: CaseRow): StatCase {
  return {
    id: r.pk,
    unit: r.unit,
    caseNo: r.case_no,
    row: r.row_code,
    openedOn: r.opened_on,
    closedOn: r.closed_on,
    referredOn: r.referred_on,
    amountInvolvedFen: r.amount_involved_fen,
    finesFen: r.fines_fen,
    lossesRecoveredFen: r.losses_recovered_fen,
    foreignLossesRecoveredFen: r.foreign_losses_recovered_fen,
    ecommerce: r.ecommerce === 1,
    keyMarket: r.key_market === 1,
    rural: r.rural === 1,
    foreignVictim: r.foreign_victim === 1,
    leadId: r.lead_pk,
    note: r.note,
    enteredBy: r.entered_by,
    enteredAt: r.entered_at,
  };
}

export function toAction(r: ActionRow): StatAction {
  return {
    id: r.pk,
    unit: r.unit,
    ref: r.ref,
    on: r.on_date,
    actions: r.actions,
    deployments: r.deployments,
    marketActions: r.market_actions,
    marketDeployments: r.market_deployments,
    keyMarkets: r.key_markets,
    note: r.note,
    enteredBy: r.entered_by,
    enteredAt: r.entered_at,
  };
}

/** A lead's latest move to referred in a window, as the observed-referral query selects it. */
export interface ReferralRow {
  pk: number;
  kind: RightKind;
  right_key: string;
  platform: string;
  at: string;
  actor: string;
}

export function toObservedReferral(r: ReferralRow): ObservedReferral {
  return {
    leadId: r.pk,
    kind: r.kind,
    rightId: r.right_key === '' ? null : r.right_key,
    platform: r.platform,
    referredAt: r.at,
    actor: r.actor,
  };
}

const bit = (b: boolean) => (b ? 1 : 0);

/**
 * The values of a case's upsert, in the order of its columns: unit, case_no, row_code, opened_on, closed_on,
 * referred_on, amount_involved_fen, fines_fen, losses_recovered_fen, foreign_losses_recovered_fen, ecommerce,
 * key_market, rural, foreign_victim, lead_pk, note, entered_by, entered_at.
 */
export function caseValues(k: NewStatCase, who: WorkflowActor): unknown[] {
  return [
    k.unit,
    k.caseNo,
    k.row,
    k.openedOn,
    k.closedOn,
    k.referredOn,
    k.amountInvolvedFen,
    k.finesFen,
    k.lossesRecoveredFen,
    k.foreignLossesRecoveredFen,
    bit(k.ecommerce),
    bit(k.keyMarket),
    bit(k.rural),
    bit(k.foreignVictim),
    k.leadId,
    k.note,
    who.actor,
    who.at,
  ];
}

/**
 * The values of an action's upsert, in the order of its columns: unit, ref, on_date, actions, deployments,
 * market_actions, market_deployments, key_markets, note, entered_by, entered_at.
 */
export function actionValues(a: NewStatAction, who: WorkflowActor): unknown[] {
  return [
    a.unit,
    a.ref,
    a.on,
    a.actions,
    a.deployments,
    a.marketActions,
    a.marketDeployments,
    a.keyMarkets,
    a.note,
    who.actor,
    who.at,
  ];
}
