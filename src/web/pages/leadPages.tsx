import type { AuditEntry } from '../../common/auditChain.js';
import {
  FINDING_REVIEW_LABELS,
  LEAD_STATE_LABELS,
  LEAD_STATES,
  NOTICE_ITEM_STATUS_LABELS,
  NOTICE_STATUS_LABELS,
  RISK_TIER_LABELS,
  type Finding,
  type Lead,
  type LeadState,
  type Notice,
} from '../../model/index.js';
import type { LeadAnalysis } from '../../workflow/leadAnalysis.js';
import { RISK_PART_LABELS, type RiskPart } from '../../leads/leadRules.js';
import { AUDIT_ACTION_LABELS, AUDIT_ROLE_LABELS, chinaTime } from '../labels.js';
import { Csrf, Layout, SafeLink } from '../layout.js';
import type { Proof } from '../../store/index.js';
import type { Viewer } from '../viewer.js';
import { ProofLink } from './portalPages.js';

/* The officers' lead desk: the lead list and one lead with its timeline, findings, signals and actions. */

export function LeadsPage(props: { viewer: Viewer; leads: Lead[]; state: LeadState | undefined }) {
  return (
    <Layout title="线索" viewer={props.viewer}>
      <form class="filters" method="get" action="/leads">
        <label>
          状态
          <select name="state">
            <option value="">全部</option>
            {LEAD_STATES.map((s) => (
              <option value={s} selected={props.state === s}>
                {LEAD_STATE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">筛选</button>
      </form>
      <table class="leads">
        <thead>
          <tr>
            <th>编号</th>
            <th>平台</th>
            <th>卖家</th>
            <th>权利</th>
            <th>状态</th>
            <th>风险</th>
            <th>发现</th>
            <th>更新</th>
          </tr>
        </thead>
        <tbody>
          {props.leads.map((l) => (
            <tr data-row={String(l.id)}>
              <td>
                <a href={`/leads/${l.id}`} data-open>
                  {l.id}
                </a>
              </td>
              <td>{l.platform}</td>
              <td>{l.sellerName}</td>
              <td>{l.rightId ?? '—'}</td>
              <td>{LEAD_STATE_LABELS[l.state]}</td>
              <td class={`risk-${l.riskTier}`}>
                {RISK_TIER_LABELS[l.riskTier]} {Math.round(l.riskScore * 100)}
              </td>
              <td class="num">{l.findingCount}</td>
              <td>{chinaTime(l.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.leads.length === 0 ? <p>暂无线索。</p> : null}
    </Layout>
  );
}

export interface LeadView {
  lead: Lead;
  findings: Finding[];
  notices: Notice[];
  timeline: AuditEntry[];
  analysis: LeadAnalysis;
  allowed: LeadState[];
  /** The holder's proof of right for the lead's right (issue 15), null when none was uploaded. */
  proof?: Proof | null;
}

const ACTION_LABELS: Partial<Record<LeadState, string>> = {
  reviewing: '开始审核 / 重新打开',
  confirmed: '确认',
  dismissed: '排除',
  taken_down: '标记已删除',
  rejected: '标记被驳回',
  counter_noticed: '收到不侵权声明',
  complaint_filed: '已投诉或起诉',
  restored: '已恢复',
  referred: '移送公安',
  transferred: '线索通报',
  published: '公示',
  closed: '结案',
};

export function LeadPage(props: { viewer: Viewer; view: LeadView; message?: string }) {
  const { viewer } = props;
  const { lead, findings, notices, timeline, analysis, allowed } = props.view;
  const { risk, repeat, group, referral, jurisdiction } = analysis;
  return (
    <Layout title={`线索 ${lead.id}：${lead.sellerName} × ${lead.rightId ?? '—'}`} viewer={viewer}>
      {props.message ? <p class="notice">{props.message}</p> : null}
      <p class="state" data-state={lead.state}>
        状态：<strong>{LEAD_STATE_LABELS[lead.state]}</strong> · 平台 {lead.platform} · 风险{' '}
        {RISK_TIER_LABELS[risk.tier]} {risk.score100}
      </p>
      {props.view.proof !== undefined ? (
        <p class="proof-of-right">
          权利证明：
          <ProofLink
            proof={props.view.proof}
            href={props.view.proof ? `/proofs/${props.view.proof.id}` : ''}
          />
          {lead.rightId ? (
            <>
              {' '}
              · <a href={`/rights/${encodeURIComponent(lead.rightId)}`}>权利详情</a>
            </>
          ) : null}
        </p>
      ) : null}
      <p class="exports">
        导出：<a href={`/leads/${lead.id}/package.zip`}>证据包 ZIP（含摘要与提取笔录 PDF）</a> ·{' '}
        <a href={`/leads/${lead.id}/referral.zip`}>移送公安材料包 ZIP</a>
      </p>
      <section class="actions">
        {lead.state === 'confirmed' || lead.state === 'notice_sent' ? (
          <form method="post" action={`/leads/${lead.id}/notify`}>
            <Csrf viewer={viewer} />
            <button type="submit" id="notify">
              发送侵权通知
            </button>
          </form>
        ) : null}
        {notices.length ? (
          <form method="post" action={`/leads/${lead.id}/check`}>
            <Csrf viewer={viewer} />
            <button type="submit" id="check">
              复查删除情况
            </button>
          </form>
        ) : null}
        {allowed.length ? (
          <form method="post" action={`/leads/${lead.id}/move`} class="move">
            <Csrf viewer={viewer} />
            <select name="to" aria-label="转到状态" id="move-to" required>
              <option value="">选择操作…</option>
              {allowed
                .filter((s) => s !== 'notice_sent')
                .map((s) => (
                  <option value={s}>{ACTION_LABELS[s] ?? LEAD_STATE_LABELS[s]}</option>
                ))}
            </select>
            <input
              name="reason"
              placeholder="理由（排除、重开、结案必填）"
              aria-label="理由"
              id="move-reason"
            />
            <button type="submit" id="move">
              执行
            </button>
          </form>
        ) : null}
      </section>

      <section>
        <h2>风险评分 {risk.score100}</h2>
        <table>
          <tbody>
            {risk.parts.map((p) => (
              <tr>
                <td>{RISK_PART_LABELS[p.part as RiskPart] ?? p.part}</td>
                <td class="num">{p.value}</td>
                <td class="num">× {p.weight}</td>
                <td class="num">= {p.contribution}</td>
                <td>{p.explanation}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <strong>反复侵权：</strong>
          {repeat.explanation}
        </p>
        <p>
          <strong>群体性侵权：</strong>
          {group ? group.explanation : '不属于群体性侵权聚类'}
        </p>
        <p class={referral.suggested ? 'referral suggested' : 'referral'}>
          <strong>移送建议：</strong>
          {referral.explanation}
        </p>
        <p>
          <strong>管辖：</strong>
          {jurisdiction.explanation}
        </p>
      </section>

      <section>
        <h2>发现</h2>
        <ul>
          {findings.map((f) => (
            <li>
              <a href={`/findings/${f.id}`}>{f.id}</a> <SafeLink href={f.url}>{f.title}</SafeLink>（
              {FINDING_REVIEW_LABELS[f.review]}）
            </li>
          ))}
        </ul>
      </section>

      <section>
        <h2>通知</h2>
        <ul>
          {notices.map((n) => (
            <li data-notice={String(n.id)}>
              通知 {n.id}（{n.channel === 'api' ? '平台接口' : '文书'}）{NOTICE_STATUS_LABELS[n.status]} ·{' '}
              {chinaTime(n.sentAt)}
              <ul>
                {n.items.map((i) => (
                  <li>
                    {i.listingId}：{NOTICE_ITEM_STATUS_LABELS[i.status]}
                    {i.takenDownAt ? `（${chinaTime(i.takenDownAt)} 删除）` : ''}
                    {i.rejectReason ? `（${i.rejectReason}）` : ''}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>

      <section>
        <h2>时间线（审计日志）</h2>
        <ol class="timeline">
          {timeline.map((e) => (
            <li>
              <time datetime={e.at}>{chinaTime(e.at)}</time> {e.actor}（{AUDIT_ROLE_LABELS[e.role] ?? e.role}
              ，{e.osUser}）{AUDIT_ACTION_LABELS[e.action] ?? e.action}
              {typeof e.detail.reason === 'string' ? `：${e.detail.reason}` : ''}{' '}
              <code>{JSON.stringify(e.detail)}</code>
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}
