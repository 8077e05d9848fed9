import type { StatAction, StatCase } from './statEntryRepository.js';

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

export const bit = (b: boolean) => (b ? 1 : 0);
