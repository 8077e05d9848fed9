import { chinaDate } from '../../common/chinaTime.js';
import { MarkwatchError } from '../../common/errors.js';
import { rightLabel } from '../../model/index.js';
import type { WorkflowDeps } from '../../workflow/deps.js';
import { analyseLead } from '../../workflow/leadAnalysis.js';
import {
  isOrganisationName,
  maskPersonNamesIn,
  publicSellerId,
  publicPartyName,
  scrubPersonalData,
} from '../../workflow/publicity.js';
import { RIGHT_KIND_LABELS, statRowLabel, yuan } from '../referral/labels.js';
import type { CaseDetail } from './caseDetails.js';

/*
 * One row of the 典型案例表 per lead the officer names (domain.md §8: no official template; the fields follow
 * the Order 45 信息摘要). A typical-case table is written to be published, so a natural person's name is
 * masked and phones, ID numbers and addresses are scrubbed (src/workflow/publicity.ts), as in the 公示 list.
 */

export interface TypicalCaseRow {
  leadId: number;
  caseName: string;
  authority: string;
  decisionNo: string;
  party: string;
  creditCode: string;
  ipType: string;
  platform: string;
  shop: string;
  goodsCategory: string;
  exampleListing: string;
  source: string;
  facts: string;
  legalBasis: string;
  penalty: string;
  /** CNY; null when neither entered nor estimable. */
  amountInvolved: number | null;
  amountFrom: '录入' | '估算' | '';
  fines: number | null;
  referral: string;
  significance: string;
  publicityUrl: string;
}

type Deps = Pick<WorkflowDeps, 'store' | 'rightOf' | 'office'>;

export async function typicalCaseRows(
  deps: Deps,
  leadIds: readonly number[],
  details: ReadonlyMap<number, CaseDetail> = new Map(),
): Promise<TypicalCaseRow[]> {
  const rows: TypicalCaseRow[] = [];
  for (const id of leadIds) {
    const lead = await deps.store.leads.get(id);
    if (!lead) throw new MarkwatchError('lead.not_found', `线索 ${id} 不存在 (lead ${id} not found)`);
    const d = details.get(id) ?? {};
    const analysis = await analyseLead(deps, lead);
    const right = lead.rightId ? await deps.rightOf(lead.rightId) : null;
    const label = right ? rightLabel(right) : (lead.rightId ?? '');
    const person = !isOrganisationName(lead.sellerName);
    const redact = (t: string) =>
      scrubPersonalData(person ? maskPersonNamesIn(t, [lead.sellerName.trim()]) : t).trim();
    const party = publicPartyName(lead.sellerName);
    const facts = [...analysis.facts].sort((a, b) => a.capturedAt.localeCompare(b.capturedAt));
    const listings = new Set(facts.map((f) => f.listingId)).size;
    const referred = (await deps.store.leads.transitions(id)).some((t) => t.to === 'referred');
    const estimate = analysis.referral.figures.volume;
    const generatedFacts =
      facts.length > 0
        ? `${chinaDate(new Date(facts[0]!.capturedAt))}至${chinaDate(new Date(facts.at(-1)!.capturedAt))}，当事人在${lead.platform}平台销售` +
          `${listings}款涉嫌侵犯“${label}”${RIGHT_KIND_LABELS[lead.kind]}的商品，按单价×销量估算经营额${yuan(estimate)}。`
        : '';
    rows.push({
      leadId: id,
      caseName: d.caseName ?? `${party}销售侵犯“${label}”${RIGHT_KIND_LABELS[lead.kind]}商品案`,
      authority: d.authority ?? deps.office.name,
      decisionNo: d.decisionNo ?? '',
      party,
      creditCode: d.creditCode ?? facts.find((f) => f.creditCode)?.creditCode ?? '',
      ipType: statRowLabel(lead.kind),
      platform: lead.platform,
      shop: `${party}（${publicSellerId(lead.sellerId, person)}）`,
      goodsCategory: [...new Set(facts.map((f) => f.category).filter((c): c is string => !!c))].join('；'),
      exampleListing: redact(facts[0]?.title ?? ''),
      source: d.source ?? '网络交易监测（markwatch 发现）',
      facts: d.facts ?? redact(generatedFacts),
      legalBasis: d.legalBasis ?? '',
      penalty: d.penalty ?? '',
      amountInvolved: d.amountInvolved ?? (estimate > 0 ? estimate : null),
      amountFrom: d.amountInvolved !== undefined ? '录入' : estimate > 0 ? '估算' : '',
      fines: d.fines ?? null,
      referral: referred
        ? '已移送公安机关'
        : analysis.referral.suggested
          ? '未移送（估算达到刑事立案标准）'
          : '未移送',
      significance: d.significance ?? '',
      publicityUrl: d.publicityUrl ?? '',
    });
  }
  return rows;
}
