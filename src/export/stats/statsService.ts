import { chinaDate } from '../../common/chinaTime.js';
import type { StatEntryRepository, LeadRepository, SaveResult, WorkflowActor } from '../../store/index.js';
import { computeForm, type StatsForm } from './computeForm.js';
import type { ParsedEntries } from './entryCsv.js';
import { mergeCases } from './formCases.js';
import { loadFormSpec, StatsError, type FormSpec } from './formSpec.js';
import { observedCases } from './observed.js';
import type { Quarter } from './quarter.js';
import { formatProblems, type JsonProblem } from '../../common/jsonFile.js';

/*
 * The form from the store: the unit's entered cases and actions, plus — for markwatch's own office only — the
 * referrals and online activity it observed. Another unit's form (a county bureau reporting through this
 * instance) holds what its officers entered and nothing markwatch saw, because markwatch's leads are the
 * configured office's.
 */

export interface BuildStatsOptions {
  quarter: Quarter;
  unit: string;
  /** The office markwatch works for (config workflow.office, else rules/leads/jurisdiction.json). */
  officeUnit: string;
  keyMarketLabel?: string;
  now: Date;
  spec?: FormSpec;
}

/** The China day `date` starts, as a UTC ISO instant (the store keeps instants as toISOString()). */
function chinaDayStart(date: string): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}

function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export async function buildStatsForm(stats: StatEntryRepository, o: BuildStatsOptions): Promise<StatsForm> {
  const spec = o.spec ?? loadFormSpec();
  const own = o.unit === o.officeUnit;
  const from = chinaDayStart(o.quarter.from);
  const to = chinaDayStart(dayAfter(o.quarter.to));
  const referrals = own ? await stats.observedReferrals(from, to) : [];
  const observed = observedCases(referrals, (at) => chinaDate(new Date(at)));
  return computeForm({
    spec,
    quarter: o.quarter,
    unit: o.unit,
    keyMarketLabel: o.keyMarketLabel,
    submittedOn: chinaDate(o.now),
    cases: mergeCases(await stats.cases(o.unit), observed),
    actions: await stats.actions(o.unit),
    activity: own ? await stats.observedActivity(from, to) : null,
  });
}

/**
 * Saves parsed entries in one transaction; a case naming a lead markwatch does not have is refused first
 * (naming the line), so nothing is written.
 */
export async function saveEntries(
  stats: StatEntryRepository,
  leads: Pick<LeadRepository, 'get'>,
  parsed: ParsedEntries,
  who: WorkflowActor,
  file: string,
): Promise<SaveResult> {
  if (parsed.kind === 'actions')
    return stats.saveActions(
      parsed.entries.map(({ line: _, ...a }) => a),
      who,
    );
  const problems: JsonProblem[] = [];
  for (const e of parsed.entries) {
    if (e.leadId !== null && !(await leads.get(e.leadId))) {
      problems.push({
        file,
        line: e.line,
        field: '线索编号',
        message: `没有线索 #${e.leadId} (no such lead)`,
      });
    }
  }
  if (problems.length > 0) {
    throw new StatsError(
      'stats.csv_invalid',
      `${file}: ${problems.length} 处错误，未导入任何数据 (nothing imported)\n${formatProblems(problems)}`,
      problems,
    );
  }
  return stats.saveCases(
    parsed.entries.map(({ line: _, ...c }) => c),
    who,
  );
}
