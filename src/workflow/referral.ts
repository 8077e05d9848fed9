import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chinaDate } from '../common/chinaTime.js';
import { regionPath } from '../reference/regions.js';
import { referralAttachmentChecklist, type RecordedAttachment } from '../leads/referralAttachments.js';
import { transferLetter, type TransferLetter } from '../leads/transferLetter.js';
import { rightLabel, type Lead } from '../model/index.js';
import type { WorkflowActor, WorkflowDeps } from './deps.js';
import { analyseLead } from './leadAnalysis.js';
import { moveLead } from './moves.js';
import { WorkflowError } from './workflowError.js';

/*
 * 移送公安 and 线索通报. A referral records the Order 310 Art. 6 attachments and the referral suggestion as it
 * stood (threshold version and figures) — an officer may refer below a threshold on reasonable suspicion
 * (Order 310 Art. 3 ¶2), and the record says so. A transfer goes with a letter to the responsible bureau.
 */

type Deps = Pick<WorkflowDeps, 'store' | 'rightOf' | 'office'>;

export async function referLead(
  deps: Deps,
  leadId: number,
  reason: string,
  attachments: readonly RecordedAttachment[],
  who: WorkflowActor,
): Promise<{ lead: Lead; checklist: ReturnType<typeof referralAttachmentChecklist>; suggested: boolean }> {
  const lead = await deps.store.leads.get(leadId);
  if (!lead) throw new WorkflowError('lead.not_found', `线索 ${leadId} 不存在 (lead ${leadId} not found)`);
  const checklist = referralAttachmentChecklist(attachments);
  const { referral } = await analyseLead(deps, lead);
  const moved = await moveLead(deps, leadId, 'referred', reason, who, {
    attachments: checklist.items.map((i) => ({ code: i.code, recorded: i.recorded, refs: i.refs })),
    missingRequired: checklist.missingRequired,
    referralSuggested: referral.suggested,
    threshold: referral.threshold,
    figures: {
      price: referral.figures.price,
      sales: referral.figures.sales,
      volume: referral.figures.volume,
    },
    belowThreshold: !referral.suggested,
  });
  return { lead: moved, checklist, suggested: referral.suggested };
}

/** The 线索通报 letter for a lead outside the office's area; with `dir`, also written there as .txt and .html. */
export async function transferLetterFor(
  deps: Deps,
  leadId: number,
  at: Date,
  dir?: string,
): Promise<TransferLetter & { files: string[]; inArea: boolean }> {
  const lead = await deps.store.leads.get(leadId);
  if (!lead) throw new WorkflowError('lead.not_found', `线索 ${leadId} 不存在 (lead ${leadId} not found)`);
  const analysis = await analyseLead(deps, lead);
  const { jurisdiction } = analysis;
  if (!jurisdiction.bureau) {
    throw new WorkflowError(
      'lead.no_bureau',
      `线索 ${leadId}：${jurisdiction.explanation} (no responsible bureau for the seller's region)`,
    );
  }
  const right = lead.rightId ? await deps.rightOf(lead.rightId) : null;
  const regionCode = lead.regionCode ?? analysis.facts.find((f) => f.regionCode)?.regionCode;
  const evidence = [];
  for (const f of analysis.facts) {
    for (const e of await deps.store.evidence.forListing(f.platform, f.listingId)) {
      evidence.push({ listingId: f.listingId, kind: e.kind, sha256: e.sha256 });
    }
  }
  const letter = transferLetter({
    date: chinaDate(at),
    office: { name: deps.office.name, ...(deps.office.contact ? { contact: deps.office.contact } : {}) },
    bureau: { name: jurisdiction.bureau.name },
    copyTo: jurisdiction.copyTo ? { name: jurisdiction.copyTo.name } : null,
    seller: {
      platform: lead.platform,
      sellerId: lead.sellerId,
      sellerName: lead.sellerName,
      ...(regionCode
        ? {
            regionCode,
            regionPath: regionPath(regionCode)
              .map((r) => r.name)
              .join(''),
          }
        : {}),
    },
    right: {
      label: right ? rightLabel(right) : (lead.rightId ?? '—'),
      kind: lead.kind,
      ...(right?.kind === 'trademark' ? { registrationNo: right.registrationNo, owner: right.owner } : {}),
    },
    findings: analysis.facts,
    evidence,
    summary: [
      `风险评分 ${analysis.risk.score100}（${analysis.risk.tier}）`,
      analysis.repeat.explanation,
      ...(analysis.group ? [analysis.group.explanation] : []),
      analysis.referral.explanation,
    ],
  });
  const files: string[] = [];
  if (dir) {
    mkdirSync(dir, { recursive: true });
    const base = join(dir, `transfer-lead${leadId}-${chinaDate(at)}`);
    writeFileSync(`${base}.txt`, letter.text);
    writeFileSync(`${base}.html`, letter.html);
    files.push(`${base}.txt`, `${base}.html`);
  }
  return { ...letter, files, inArea: jurisdiction.inArea };
}
