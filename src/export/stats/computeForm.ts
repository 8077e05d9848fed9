import type { ObservedActivity, StatAction } from '../../store/index.js';
import type { FormCase, Source } from './formCases.js';
import { columnName, type FormSpec } from './formSpec.js';
import { wanText } from './money.js';
import { inWindow, periodText, type Quarter } from './quarter.js';

/*
 * The form for one quarter and one unit, from its cases and actions: pure, so the counting rules are tested
 * without a store. Rules (domain.md §8): cumulative from 1 January to the quarter's end; a case counts in every
 * column that applies (the flags are independent); money is summed in fen and rounded to 万元 once per cell —
 * the total row too is rounded from the exact sum, not added up from rounded rows.
 */

export type CellOrigin = 'observed' | 'entered' | 'both' | 'none';

export interface FormCell {
  kind: 'count' | 'money' | 'blank';
  /** A count, or a money sum in fen; null for a blank cell. */
  value: number | null;
  /** As printed: `3`, `1.23` (万元), '' for blank. */
  text: string;
  origin: CellOrigin;
  sources: Source[];
}

export interface FormHeading {
  code: string;
  name: string;
  unit: string;
}

export interface StatsForm {
  title: string;
  formVersion: string;
  formSource: string;
  quarter: Quarter;
  unit: string;
  period: string;
  submittedOn: string;
  keyMarketLabel: string;
  notes: string[];
  headerLabels: FormSpec['header'];
  actions: { title: string; columns: FormHeading[]; cells: FormCell[] };
  cases: {
    title: string;
    columns: FormHeading[];
    rows: Array<{ code: string; name: string; cells: FormCell[] }>;
  };
  /** markwatch's own online activity in the window (not part of the form); null when not for this unit. */
  activity: ObservedActivity | null;
}

export interface ComputeFormInput {
  spec: FormSpec;
  quarter: Quarter;
  unit: string;
  keyMarketLabel?: string;
  /** China calendar day the form is produced (报送时间). */
  submittedOn: string;
  cases: readonly FormCase[];
  actions: readonly StatAction[];
  activity?: ObservedActivity | null;
}

function originOf(sources: readonly Source[]): CellOrigin {
  const observed = sources.some((s) => s.kind === 'observed');
  const entered = sources.some((s) => s.kind === 'entered');
  return observed && entered ? 'both' : observed ? 'observed' : entered ? 'entered' : 'none';
}

function unique(sources: Source[]): Source[] {
  const seen = new Map<string, Source>();
  for (const s of sources) seen.set(JSON.stringify(s), s);
  return [...seen.values()];
}

function cell(kind: 'count' | 'money', value: number, sources: Source[]): FormCell {
  const all = unique(sources);
  return {
    kind,
    value,
    text: kind === 'money' ? wanText(value) : String(value),
    origin: originOf(all),
    sources: all,
  };
}

const BLANK: FormCell = { kind: 'blank', value: null, text: '', origin: 'none', sources: [] };

function caseCell(
  spec: FormSpec,
  q: Quarter,
  column: FormSpec['cases']['columns'][number],
  cases: FormCase[],
) {
  let value = 0;
  const sources: Source[] = [];
  for (const c of cases) {
    const date = c.dates[column.countsBy];
    if (!date || !inWindow(q, date.value)) continue;
    if (column.kind === 'count') {
      value += 1;
      sources.push(...date.sources);
    } else if (column.kind === 'flag') {
      const flag = c.flags[column.flag];
      if (!flag) continue;
      value += 1;
      sources.push(...date.sources, ...flag.sources);
    } else {
      const money = c.money[column.code];
      if (!money) continue;
      value += money.value;
      sources.push(...date.sources, ...money.sources);
    }
  }
  return cell(column.kind === 'money' ? 'money' : 'count', value, sources);
}

function actionCells(q: Quarter, actions: readonly StatAction[]): FormCell[] {
  const inYear = actions.filter((a) => inWindow(q, a.on));
  const src = (a: StatAction): Source => ({
    kind: 'entered',
    caseNo: a.ref,
    by: a.enteredBy,
    at: a.enteredAt,
  });
  const sum = (field: 'actions' | 'deployments' | 'marketActions' | 'marketDeployments') => {
    const used = inYear.filter((a) => a[field] > 0);
    return cell(
      'count',
      used.reduce((n, a) => n + a[field], 0),
      used.map(src),
    );
  };
  // 辖区重点实体市场数量 is a stock: the latest figure given on or before the quarter's end, not a sum.
  const latest = actions
    .filter((a) => a.keyMarkets !== null && a.on <= q.to)
    .sort((a, b) => (a.on === b.on ? a.id - b.id : a.on < b.on ? -1 : 1))
    .at(-1);
  const keyMarkets = latest ? cell('count', latest.keyMarkets ?? 0, [src(latest)]) : cell('count', 0, []);
  return [sum('actions'), sum('deployments'), sum('marketActions'), sum('marketDeployments'), keyMarkets];
}

export function computeForm(input: ComputeFormInput): StatsForm {
  const { spec, quarter: q } = input;
  const label = input.keyMarketLabel?.trim() || spec.keyMarketLabelDefault;
  const blank = new Set(spec.cases.blankCells);
  const rows = spec.cases.rows.map((row) => {
    const mine = input.cases.filter((c) => c.row === row.code);
    return {
      code: row.code,
      name: row.nameZh,
      cells: spec.cases.columns.map((col) =>
        blank.has(`${row.code}:${col.code}`) ? BLANK : caseCell(spec, q, col, mine),
      ),
    };
  });
  const total = {
    code: spec.cases.totalRow.code,
    name: spec.cases.totalRow.nameZh,
    // From the cases themselves (exact fen, one rounding), not from the rounded row cells.
    cells: spec.cases.columns.map((col) => caseCell(spec, q, col, [...input.cases])),
  };
  return {
    title: spec.title,
    formVersion: spec.version,
    formSource: spec.source,
    quarter: q,
    unit: input.unit,
    period: periodText(q),
    submittedOn: input.submittedOn,
    keyMarketLabel: label,
    notes: spec.notes,
    headerLabels: spec.header,
    actions: {
      title: spec.actions.title,
      columns: spec.actions.columns.map((c) => ({ code: c.code, name: c.nameZh, unit: c.unit })),
      cells: actionCells(q, input.actions),
    },
    cases: {
      title: spec.cases.title,
      columns: spec.cases.columns.map((c) => ({ code: c.code, name: columnName(c, label), unit: c.unit })),
      rows: [...rows, total],
    },
    activity: input.activity ?? null,
  };
}
