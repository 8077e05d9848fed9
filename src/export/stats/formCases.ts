import type { StatCase } from '../../store/index.js';
import {
  CASE_FLAGS,
  MONEY_CODES,
  ROW_CODES,
  StatsError,
  type CaseDate,
  type CaseFlag,
  type MoneyCode,
  type RowCode,
} from './formSpec.js';
import type { ObservedCase } from './observed.js';

/*
 * One case as the form sees it, merged from what an officer entered and what markwatch observed. A case entered
 * with the lead it grew from and that lead's observed referral are ONE case: its referral counts once, and says
 * it came from both. Every field remembers where it came from, so each cell can say so.
 */

export type Source =
  | { kind: 'observed'; leadId: number; at: string; actor: string }
  | { kind: 'entered'; caseNo: string; by: string; at: string };

export interface Sourced<T> {
  value: T;
  sources: Source[];
}

export interface FormCase {
  key: string;
  row: RowCode;
  dates: Partial<Record<CaseDate, Sourced<string>>>;
  money: Partial<Record<MoneyCode, Sourced<number>>>;
  flags: Partial<Record<CaseFlag, Sourced<true>>>;
}

const MONEY_FIELD: Record<MoneyCode, keyof StatCase> = {
  amountInvolved: 'amountInvolvedFen',
  finesConfiscations: 'finesFen',
  lossesRecovered: 'lossesRecoveredFen',
  foreignLossesRecovered: 'foreignLossesRecoveredFen',
};

function isRow(code: string): code is RowCode {
  return (ROW_CODES as readonly string[]).includes(code);
}

function fromEntry(c: StatCase): FormCase {
  if (!isRow(c.row)) {
    throw new StatsError(
      'stats.row_unknown',
      `案件 ${c.caseNo}: 未知的案件类别 "${c.row}" (unknown row of the form)`,
    );
  }
  const src: Source[] = [{ kind: 'entered', caseNo: c.caseNo, by: c.enteredBy, at: c.enteredAt }];
  const out: FormCase = { key: `case:${c.unit}:${c.caseNo}`, row: c.row, dates: {}, money: {}, flags: {} };
  if (c.openedOn) out.dates.opened = { value: c.openedOn, sources: src };
  if (c.closedOn) out.dates.closed = { value: c.closedOn, sources: src };
  if (c.referredOn) out.dates.referred = { value: c.referredOn, sources: src };
  for (const code of MONEY_CODES) {
    const fen = c[MONEY_FIELD[code]] as number | null;
    if (fen !== null) out.money[code] = { value: fen, sources: src };
  }
  for (const flag of CASE_FLAGS) if (c[flag]) out.flags[flag] = { value: true, sources: src };
  return out;
}

/** Entered cases and observed referrals as form cases; an entry linked to a referred lead absorbs it. */
export function mergeCases(entered: readonly StatCase[], observed: readonly ObservedCase[]): FormCase[] {
  const cases = entered.map(fromEntry);
  const byLead = new Map<number, FormCase>();
  entered.forEach((c, i) => {
    if (c.leadId !== null) byLead.set(c.leadId, cases[i]!);
  });
  for (const o of observed) {
    const src: Source = { kind: 'observed', leadId: o.leadId, at: o.referredAt, actor: o.actor };
    const linked = byLead.get(o.leadId);
    if (!linked) {
      cases.push({
        key: `lead:${o.leadId}`,
        row: o.row,
        dates: { referred: { value: o.referredOn, sources: [src] } },
        money: {},
        flags: {},
      });
      continue;
    }
    // The officer's date wins (the lead may have been moved in markwatch a day later); both are named.
    const own = linked.dates.referred;
    linked.dates.referred = own
      ? { value: own.value, sources: [...own.sources, src] }
      : { value: o.referredOn, sources: [src] };
  }
  return cases;
}
