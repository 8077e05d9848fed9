import type { Command } from 'commander';
import { LEAD_STATE_LABELS, LEAD_STATES, type Lead, type LeadState } from '../../model/index.js';
import { alertDispatcher, raiseAlerts, relistingAlerts } from '../../app/alerts.js';
import { moveLead } from '../../workflow/moves.js';
import { publicityList } from '../../workflow/publicityList.js';
import { PUBLICITY_OUTCOME_LABELS } from '../../workflow/publicity.js';
import { detectRelistings } from '../../workflow/relistings.js';
import { recordSubmission, sendNotices } from '../../workflow/sendNotice.js';
import { checkTakedowns } from '../../workflow/takedownCheck.js';
import { formatTable } from '../table.js';
import { registerReferral } from './leadReferral.js';
import { registerLeadExport } from './leadExport.js';
import { analyseLead } from '../../workflow/leadAnalysis.js';
import { idArg, output, withWorkflow } from '../workflowContext.js';

/*
 * markwatch leads list|show|notify|check|submitted|refer|transfer|publish|close|reopen|move: the officers'
 * lead desk. Every move is checked against the state machine and recorded with who, when and why.
 */

function leadTable(rows: Lead[]): string {
  return formatTable(
    ['编号', '平台', '卖家', '权利', '状态', '风险', '发现数', '更新'],
    rows.map((l) => [
      l.id,
      l.platform,
      l.sellerName,
      l.rightId ?? '—',
      LEAD_STATE_LABELS[l.state],
      `${l.riskTier} ${l.riskScore.toFixed(2)}`,
      l.findingCount,
      l.updatedAt,
    ]),
  );
}

function stateArg(value: string): LeadState {
  if (!(LEAD_STATES as readonly string[]).includes(value)) {
    throw new Error(`state: 未知状态 "${value}"，可选：${LEAD_STATES.join(', ')} (unknown state)`);
  }
  return value as LeadState;
}

/** A named move: `leads refer 3 --reason …`. */
function moveCommand(
  leads: Command,
  name: string,
  to: LeadState,
  description: string,
  reasonRequired: boolean,
): void {
  const command = leads
    .command(`${name} <id>`)
    .description(description)
    .option('--json', '输出 JSON (print JSON)');
  if (reasonRequired) command.requiredOption('--reason <text>', '理由 (why)');
  else command.option('--reason <text>', '理由 (why)', description);
  command.action(async (id: string, opts: { reason: string; json?: boolean }, cmd: Command) => {
    const leadId = idArg('lead', id);
    await withWorkflow(cmd, 'write', async ({ deps, who }) => {
      const lead = await moveLead(deps, leadId, to, opts.reason, who);
      output(opts.json, lead, () => `线索 ${lead.id} → ${LEAD_STATE_LABELS[lead.state]}`);
    });
  });
}

export function register(program: Command): void {
  const leads = program
    .command('leads')
    .description('线索：卖家 × 权利的处置 (leads: seller × right)')
    .option('--as <actor>', '身份 (who acts): staff[:ID]; env MARKWATCH_AS');
  leads
    .command('list')
    .description('列出线索，风险高者在前 (list leads)')
    .option('--state <state>', `按状态筛选: ${LEAD_STATES.join(', ')}`)
    .option('--json', '输出 JSON (print JSON)')
    .action(async (opts: { state?: string; json?: boolean }, command: Command) => {
      const state = opts.state === undefined ? undefined : stateArg(opts.state);
      await withWorkflow(command, 'read', async ({ store }) => {
        const rows = await store.leads.list({ state });
        output(opts.json, rows, () =>
          rows.length ? leadTable(rows) : '没有符合条件的线索 (no leads match)',
        );
      });
    });
  leads
    .command('show <id>')
    .description('线索详情：发现、通知、状态记录 (a lead with its findings, notices and transitions)')
    .option('--json', '输出 JSON (print JSON)')
    .action(async (id: string, opts: { json?: boolean }, command: Command) => {
      const leadId = idArg('lead', id);
      await withWorkflow(command, 'read', async ({ store, deps }) => {
        const lead = await store.leads.get(leadId);
        if (!lead) throw new Error(`lead: 线索 ${leadId} 不存在 (lead ${leadId} not found)`);
        const [findings, notices, transitions] = await Promise.all([
          store.findings.list({ leadId }),
          store.notices.forLead(leadId),
          store.leads.transitions(leadId),
        ]);
        const analysis = await analyseLead(deps, lead);
        const { risk, repeat, group, referral, jurisdiction } = analysis;
        output(opts.json, { lead, findings, notices, transitions, analysis }, () =>
          [
            leadTable([lead]),
            '',
            `风险 (risk) ${risk.score100} · ${risk.tier}`,
            ...risk.parts.map(
              (p) => `  ${p.part}: ${p.value} × ${p.weight} = ${p.contribution} — ${p.explanation}`,
            ),
            `反复侵权 (repeat): ${repeat.explanation}`,
            `群体性侵权 (group): ${group ? group.explanation : '无'}`,
            `移送建议 (referral): ${referral.explanation}`,
            `管辖 (jurisdiction): ${jurisdiction.explanation}`,
            '',
            '发现 (findings):',
            ...findings.map((f) => `  ${f.id} ${f.review} ${f.url} ${f.title}`),
            '通知 (notices):',
            ...notices.map(
              (n) =>
                `  ${n.id} ${n.channel} ${n.status} ${n.sentAt} ${n.items.map((i) => `${i.listingId}:${i.status}`).join(' ')}${n.documentPath ? ` ${n.documentPath}` : ''}`,
            ),
            '状态记录 (transitions):',
            ...transitions.map((t) => `  ${t.at} ${t.from ?? '—'} → ${t.to} ${t.actor}：${t.reason}`),
          ].join('\n'),
        );
      });
    });
  leads
    .command('notify <id>')
    .description('向平台发送侵权通知（有接口的平台经接口发送，其余生成文书）(send notices)')
    .option('--json', '输出 JSON (print JSON)')
    .action(async (id: string, opts: { json?: boolean }, command: Command) => {
      const leadId = idArg('lead', id);
      await withWorkflow(command, 'write', async ({ deps, who }) => {
        const notices = await sendNotices(deps, leadId, who);
        output(opts.json, notices, () =>
          notices
            .map(
              (n) =>
                `通知 ${n.id}（${n.channel === 'api' ? '平台接口' : `文书 ${n.documentPath}`}）：${n.items.length} 个链接，${n.status}`,
            )
            .join('\n'),
        );
      });
    });
  leads
    .command('submitted <noticeId>')
    .description('记录文书通知的手工提交时间与方式 (record a manual submission)')
    .requiredOption('--how <text>', '提交方式，如 平台知识产权保护平台网页提交')
    .option('--at <iso>', '提交时间 (ISO)', () => new Date().toISOString())
    .action(async (noticeId: string, opts: { how: string; at?: string }, command: Command) => {
      const id = idArg('notice', noticeId);
      const at = opts.at ?? new Date().toISOString();
      if (Number.isNaN(Date.parse(at))) throw new Error(`--at: "${at}" 不是有效时间 (not an ISO time)`);
      await withWorkflow(command, 'write', async ({ deps, who }) => {
        await recordSubmission(deps, id, { at: new Date(at).toISOString(), how: opts.how }, who);
        output(false, null, () => `通知 ${id} 的提交已记录 (submission recorded)`);
      });
    });
  leads
    .command('check')
    .description('复查已通知的链接是否删除，并发现重新上架 (takedown check and relisting detection)')
    .option('--json', '输出 JSON (print JSON)')
    .action(async (opts: { json?: boolean }, command: Command) => {
      await withWorkflow(command, 'write', async ({ deps, who, store, config }) => {
        const takedowns = await checkTakedowns(deps, who);
        const relistings = await detectRelistings(deps, who);
        const now = deps.now();
        await raiseAlerts(alertDispatcher(store, config), await relistingAlerts(deps, relistings, now), now);
        output(opts.json, { takedowns, relistings }, () =>
          [
            ...takedowns.checked.map(
              (c) =>
                `通知 ${c.noticeId} ${c.url}: ${c.status}${c.hoursToTakedown !== null ? `（${c.hoursToTakedown} 小时删除）` : ''}${c.overdue ? '（超过平台处理期限仍在线）' : ''}`,
            ),
            ...relistings.map(
              (r) =>
                `线索 ${r.leadId}: 重新上架 ${r.listingId}（原 ${r.previousListingId}）${r.reopened ? '，线索已重新打开' : ''}`,
            ),
            `复查 ${takedowns.checked.length} 个链接，${takedowns.leadsMoved.length} 条线索状态变化，${relistings.length} 个重新上架`,
          ].join('\n'),
        );
      });
    });
  leads
    .command('publicity')
    .description('公示清单：已处理的通知及结果，个人信息已脱敏 (the publicity list, personal data redacted)')
    .option('--json', '输出 JSON (print JSON)')
    .action(async (opts: { json?: boolean }, command: Command) => {
      await withWorkflow(command, 'read', async ({ deps }) => {
        const rows = await publicityList(deps);
        output(opts.json, rows, () =>
          rows.length
            ? formatTable(
                ['通知', '平台', '经营者', '通知人', '商品', '权利', '结果', '通知日期', '结果日期'],
                rows.map((r) => [
                  r.noticeId,
                  r.platform,
                  r.seller,
                  r.notifier,
                  r.listingTitle,
                  r.right,
                  PUBLICITY_OUTCOME_LABELS[r.outcome],
                  r.noticeDate,
                  r.outcomeDate,
                ]),
              )
            : '暂无已处理的通知 (no handled notices)',
        );
      });
    });
  registerReferral(leads);
  registerLeadExport(leads);
  moveCommand(leads, 'review', 'reviewing', '开始审核线索 (start review)', false);
  moveCommand(leads, 'confirm', 'confirmed', '确认线索 (confirm the lead)', false);
  moveCommand(
    leads,
    'transfer',
    'transferred',
    '线索通报至管辖局 (transfer to the responsible bureau)',
    true,
  );
  moveCommand(leads, 'publish', 'published', '公示处理结果 (publish)', false);
  moveCommand(leads, 'close', 'closed', '结案 (close)', true);
  moveCommand(leads, 'reopen', 'reviewing', '重新打开 (reopen)', true);
  leads
    .command('move <id> <state>')
    .description('将线索转到任一允许的状态 (move a lead to any allowed state)')
    .requiredOption('--reason <text>', '理由 (why)')
    .option('--json', '输出 JSON (print JSON)')
    .action(async (id: string, state: string, opts: { reason: string; json?: boolean }, command: Command) => {
      const leadId = idArg('lead', id);
      const to = stateArg(state);
      await withWorkflow(command, 'write', async ({ deps, who }) => {
        const lead = await moveLead(deps, leadId, to, opts.reason, who);
        output(opts.json, lead, () => `线索 ${lead.id} → ${LEAD_STATE_LABELS[lead.state]}`);
      });
    });
}
