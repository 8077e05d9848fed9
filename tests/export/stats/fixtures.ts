import type { NewStatCase, StatAction, StatCase } from '../../../src/store/index.js';
import { computeForm, type StatsForm } from '../../../src/export/stats/computeForm.js';
import { mergeCases } from '../../../src/export/stats/formCases.js';
import { loadFormSpec } from '../../../src/export/stats/formSpec.js';
import type { ObservedCase } from '../../../src/export/stats/observed.js';
import { parseQuarter } from '../../../src/export/stats/quarter.js';

/*
 * A constructed year for one unit. Designed so that each counting rule shows:
 * - February and August cases both count in Q3 (cumulative from 1 January); an October case does not;
 *   a case opened in December 2025 counts as closed in 2026 but not as opened;
 * - case tm-1 is e-commerce AND foreign-victim: it counts in both columns;
 * - three trademark cases of ¥50 涉案金额 are 0.015 万元 → 0.02 (rounding each first would give 0.03), and
 *   three fines of ¥40 are 0.012 → 0.01 (each first: 0.00); the GI case adds ¥150 → total 0.03, not 0.02 + 0.02;
 * - lead 8's referral at 2026-09-30T15:59:59Z is 23:59:59 in China (in Q3); lead 7's at 16:00:00Z is 1 October;
 * - case tm-3 grew from lead 9, whose referral markwatch also saw: one referral, from both.
 */

export const UNIT = '某市市场监督管理局';
const AT = '2026-10-02T01:00:00.000Z';

export function statCase(over: Partial<NewStatCase> & { caseNo: string }, id = 1): StatCase {
  return {
    unit: UNIT,
    row: 'trademark',
    openedOn: null,
    closedOn: null,
    referredOn: null,
    amountInvolvedFen: null,
    finesFen: null,
    lossesRecoveredFen: null,
    foreignLossesRecoveredFen: null,
    ecommerce: false,
    keyMarket: false,
    rural: false,
    foreignVictim: false,
    leadId: null,
    note: '',
    id,
    enteredBy: 'zhang',
    enteredAt: AT,
    ...over,
  };
}

export const CASES: StatCase[] = [
  statCase(
    {
      caseNo: 'tm-1',
      openedOn: '2026-02-10',
      closedOn: '2026-08-20',
      ecommerce: true,
      foreignVictim: true,
      amountInvolvedFen: 5000,
      finesFen: 4000,
      foreignLossesRecoveredFen: 123456,
    },
    1,
  ),
  statCase(
    {
      caseNo: 'tm-2',
      openedOn: '2026-08-03',
      closedOn: '2026-09-30',
      ecommerce: true,
      amountInvolvedFen: 5000,
      finesFen: 4000,
    },
    2,
  ),
  statCase(
    {
      caseNo: 'tm-3',
      openedOn: '2026-05-05',
      closedOn: '2026-06-01',
      referredOn: '2026-06-01',
      leadId: 9,
      amountInvolvedFen: 5000,
      finesFen: 4000,
      lossesRecoveredFen: 1_000_000,
    },
    3,
  ),
  statCase({ caseNo: 'tm-4', openedOn: '2026-10-05', ecommerce: true, amountInvolvedFen: 99_999_999 }, 4),
  statCase({ caseNo: 'tm-5', openedOn: '2025-12-30', closedOn: '2026-03-01' }, 5),
  statCase(
    {
      caseNo: 'gi-1',
      row: 'gi',
      openedOn: '2026-08-01',
      closedOn: '2026-08-02',
      rural: true,
      keyMarket: true,
      amountInvolvedFen: 15000,
    },
    6,
  ),
];

export const OBSERVED: ObservedCase[] = [
  {
    leadId: 7,
    row: 'trademark',
    referredOn: '2026-10-01',
    referredAt: '2026-09-30T16:00:00.000Z',
    actor: 'li',
  },
  {
    leadId: 8,
    row: 'patentPassingOff',
    referredOn: '2026-09-30',
    referredAt: '2026-09-30T15:59:59.000Z',
    actor: 'li',
  },
  {
    leadId: 9,
    row: 'trademark',
    referredOn: '2026-06-02',
    referredAt: '2026-06-02T02:00:00.000Z',
    actor: 'li',
  },
];

function action(over: Partial<StatAction> & { ref: string; on: string }, id: number): StatAction {
  return {
    id,
    unit: UNIT,
    actions: 0,
    deployments: 0,
    marketActions: 0,
    marketDeployments: 0,
    keyMarkets: null,
    note: '',
    enteredBy: 'wang',
    enteredAt: AT,
    ...over,
  };
}

export const ACTIONS: StatAction[] = [
  action({ ref: 'a-2025', on: '2025-12-01', actions: 9, deployments: 90 }, 1),
  action({ ref: 'a-feb', on: '2026-02-01', actions: 2, deployments: 10 }, 2),
  action(
    {
      ref: 'a-aug',
      on: '2026-08-01',
      actions: 1,
      deployments: 5,
      marketActions: 1,
      marketDeployments: 5,
      keyMarkets: 12,
    },
    3,
  ),
  action({ ref: 'a-nov', on: '2026-11-01', actions: 4, keyMarkets: 15 }, 4),
];

export function q3Form(over: { unit?: string; keyMarketLabel?: string; quarter?: string } = {}): StatsForm {
  // The observed cases' China days come from their instants via chinaDate in the real path; fixed here.
  return computeForm({
    spec: loadFormSpec(),
    quarter: parseQuarter(over.quarter ?? '2026Q3'),
    unit: over.unit ?? UNIT,
    keyMarketLabel: over.keyMarketLabel,
    submittedOn: '2026-10-10',
    cases: mergeCases(CASES, OBSERVED),
    actions: ACTIONS,
    activity: {
      leadsOpened: 40,
      noticesSent: 30,
      listingsTakenDown: 25,
      leadsTransferred: 3,
      leadsReferred: 3,
    },
  });
}

/** The form's case cell by row code and column code. */
export function caseCell(form: StatsForm, row: string, column: string) {
  const r = form.cases.rows.find((x) => x.code === row);
  const i = form.cases.columns.findIndex((c) => c.code === column);
  if (!r || i < 0) throw new Error(`no cell ${row}:${column}`);
  return r.cells[i]!;
}
