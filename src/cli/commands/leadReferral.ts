import { join } from 'node:path';
import type { Command } from 'commander';
import { LEAD_STATE_LABELS, type Lead } from '../../model/index.js';
import type { JurisdictionDecision } from '../../leads/jurisdiction.js';
import { leadJurisdiction } from '../../workflow/leadAnalysis.js';
import { referLead, transferLetterFor } from '../../workflow/referral.js';
import { formatTable } from '../table.js';
import { idArg, output, withWorkflow } from '../workflowContext.js';

/* markwatch leads refer|letter|transfers: 移送公安 with its Order 310 attachments, and 线索通报. */

function attachmentArg(value: string, previous: { code: string; ref: string }[] = []) {
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1) {
    throw new Error(
      `--attachment: "${value}" 应为 代码=引用，如 referral_letter=杭市监移〔2026〕3号 (expected CODE=REF)`,
    );
  }
  return [...previous, { code: value.slice(0, at), ref: value.slice(at + 1) }];
}

export function registerReferral(leads: Command): void {
  leads
    .command('refer <id>')
    .description('移送公安：记录第310号令第六条附件与移送建议（低于标准也可移送）(refer to the police)')
    .requiredOption('--reason <text>', '理由 (why)')
    .option(
      '--attachment <code=ref>',
      '附件：referral_letter|investigation_report|item_list|inspection_reports|other_materials=引用，可重复',
      attachmentArg,
    )
    .option('--json', '输出 JSON (print JSON)')
    .action(
      async (
        id: string,
        opts: { reason: string; attachment?: { code: string; ref: string }[]; json?: boolean },
        command: Command,
      ) => {
        const leadId = idArg('lead', id);
        await withWorkflow(command, 'write', async ({ deps, who }) => {
          const result = await referLead(deps, leadId, opts.reason, opts.attachment ?? [], who);
          output(opts.json, result, () =>
            [
              `线索 ${leadId} → ${LEAD_STATE_LABELS[result.lead.state]}${result.suggested ? '（达到移送建议标准）' : '（低于立案标准，依合理怀疑移送）'}`,
              ...result.checklist.items.map(
                (i) =>
                  `  ${i.recorded ? '✓' : i.required ? '✗' : '·'} ${i.nameZh}${i.refs.length ? `：${i.refs.join('；')}` : ''}`,
              ),
              ...(result.checklist.missingRequired.length
                ? [`  尚缺必备附件 (missing): ${result.checklist.missingRequired.join(', ')}`]
                : []),
            ].join('\n'),
          );
        });
      },
    );
  leads
    .command('letter <id>')
    .description('生成线索通报函（发往卖家所在地管辖局）(the cross-region transfer letter)')
    .option('--out <dir>', '写入目录 (write .txt and .html there; default <data-dir>/letters)')
    .option('--json', '输出 JSON (print JSON)')
    .action(async (id: string, opts: { out?: string; json?: boolean }, command: Command) => {
      const leadId = idArg('lead', id);
      await withWorkflow(command, 'read', async ({ deps, config }) => {
        const letter = await transferLetterFor(
          deps,
          leadId,
          deps.now(),
          opts.out ?? join(config.dataDir, 'letters'),
        );
        output(
          opts.json,
          letter,
          () =>
            `${letter.text}\n\n${letter.inArea ? '注意：该卖家在本局辖区内 (seller is inside the office area)\n' : ''}已写入 (written): ${letter.files.join(', ')}`,
        );
      });
    });
  leads
    .command('transfers')
    .description('线索通报清单：卖家在本局辖区外的线索及其管辖局 (leads outside the office area)')
    .option('--json', '输出 JSON (print JSON)')
    .action(async (opts: { json?: boolean }, command: Command) => {
      await withWorkflow(command, 'read', async ({ deps, store }) => {
        const rows: { lead: Lead; jurisdiction: JurisdictionDecision }[] = [];
        for (const lead of await store.leads.list()) {
          if (lead.state === 'dismissed' || lead.state === 'closed') continue;
          const jurisdiction = await leadJurisdiction(deps, lead);
          if (!jurisdiction.inArea) rows.push({ lead, jurisdiction });
        }
        output(opts.json, rows, () =>
          rows.length
            ? formatTable(
                ['线索', '平台', '卖家', '地区', '管辖局', '抄送', '状态'],
                rows.map(({ lead, jurisdiction: j }) => [
                  lead.id,
                  lead.platform,
                  lead.sellerName,
                  lead.regionCode ?? '—',
                  j.bureau?.name ?? '（未知）',
                  j.copyTo?.name ?? '—',
                  LEAD_STATE_LABELS[lead.state],
                ]),
              )
            : '没有辖区外的线索 (no leads outside the office area)',
        );
      });
    });
}
