import { z } from 'zod';
import { LEAD_STATE_LABELS, reasonLabel, type RuleFire } from '../../model/index.js';
import { RISK_PART_LABELS, RISK_TIER_LABELS } from '../../leads/riskScore.js';
import {
  bothTimes,
  documentShell,
  escapeHtml,
  factTable,
  rightFacts,
  SummaryInputError,
  timeCell,
} from './documentParts.js';
import { byPath, bySeq, byFindingId } from './order.js';
import type { LeadDocumentFinding, LeadDocumentInput } from './types.js';

/*
 * summary.html: one lead on a few A4 pages for the officer who opens the package — who sells what, which
 * right, why it was flagged (the rules and the words they fired on), what evidence backs it and its hashes,
 * and the chain of custody. Rendered to summary.pdf by the same Chromium.
 */

/** The title with the spans the rules fired on marked; spans that overlap an earlier one are left unmarked. */
export function markedTitle(title: string, rules: RuleFire[]): string {
  const spans = rules
    .filter((r) => r.field === 'title' && r.span && r.span[0] < r.span[1] && r.span[1] <= title.length)
    .map((r) => r.span as [number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at) continue;
    out += `${escapeHtml(title.slice(at, start))}<mark>${escapeHtml(title.slice(start, end))}</mark>`;
    at = end;
  }
  return out + escapeHtml(title.slice(at));
}

function fmt(n: number, digits: number): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

function basics(input: LeadDocumentInput): string {
  const { lead } = input;
  const rows: [string, string][] = [
    ['线索编号', `#${lead.id}`],
    ['状态', LEAD_STATE_LABELS[lead.state] ?? lead.state],
    ['平台', lead.platform],
    ['经营者（店铺）', lead.sellerName],
    ['卖家标识', lead.sellerId],
    ['所属地区代码', lead.regionCode ?? '未知'],
    [
      '风险评分',
      `${Math.round(lead.riskScore * 100)}（${RISK_TIER_LABELS[lead.riskTier] ?? lead.riskTier}）`,
    ],
    ['涉嫌侵权商品数', String(input.findings.length)],
  ];
  return `<h2>一、基本情况</h2>\n${factTable(rows)}`;
}

// The parts as src/leads stores them (RiskPartResult[]); checked, since lead.risk is JSON from the store.
const RiskPartsSchema = z.array(
  z.object({
    part: z.string(),
    value: z.number(),
    weight: z.number(),
    contribution: z.number(),
    explanation: z.string(),
  }),
);

function riskParts(input: LeadDocumentInput): string {
  if (input.lead.risk === null || input.lead.risk === undefined) return '';
  const parsed = RiskPartsSchema.safeParse(input.lead.risk);
  if (!parsed.success) return '<h2>二、风险评分构成</h2>\n<p>评分构成无法读取（记录格式不符）。</p>';
  if (parsed.data.length === 0) return '';
  const labels = RISK_PART_LABELS as Readonly<Record<string, string>>;
  const rows = parsed.data
    .map(
      (p) =>
        `<tr><td>${escapeHtml(labels[p.part] ?? p.part)}</td><td>${fmt(p.value, 2)}</td>` +
        `<td>${fmt(p.weight, 2)}</td><td>${fmt(p.contribution * 100, 1)}</td><td>${escapeHtml(p.explanation)}</td></tr>`,
    )
    .join('\n');
  return (
    '<h2>二、风险评分构成</h2>\n<table>\n<tr><th>因素</th><th>取值</th><th>权重</th><th>贡献（分）</th><th>说明</th></tr>\n' +
    `${rows}\n</table>`
  );
}

function rightSection(input: LeadDocumentInput): string {
  if (!input.right) return '<h2>三、涉及权利</h2>\n<p>未关联具体权利（如专利标识号码无效）。</p>';
  const proof = input.right.proofOfRightSha256;
  const proofRow =
    `<table class="facts"><tr><th>权利证明 SHA-256</th>` +
    `<td class="mono">${proof === null ? '未提交' : escapeHtml(proof)}</td></tr></table>`;
  return `<h2>三、涉及权利（匹配时的记录）</h2>\n${factTable(rightFacts(input.right))}\n${proofRow}`;
}

function rulesTable(rules: RuleFire[]): string {
  if (rules.length === 0) return '<p class="note">无规则明细。</p>';
  const rows = rules
    .map(
      (r) =>
        `<tr><td class="mono">${escapeHtml(r.rule)}</td><td>${escapeHtml(r.field ?? '—')}</td>` +
        `<td>${r.span ? `[${r.span[0]}, ${r.span[1]})` : '—'}</td><td>${escapeHtml(r.text ?? '')}</td>` +
        `<td>${fmt(r.weight, 2)}</td></tr>`,
    )
    .join('\n');
  return `<table>\n<tr><th>规则</th><th>字段</th><th>位置</th><th>命中文字</th><th>权重</th></tr>\n${rows}\n</table>`;
}

function findingBlock(f: LeadDocumentFinding, index: number): string {
  const { finding } = f;
  const captured = f.capturedAt
    .map((t, i) => timeCell(t, `findings[${index}].capturedAt[${i}]`))
    .join('<br>');
  return [
    `<h3>${index + 1}. 发现 #${finding.id}（商品 ${escapeHtml(finding.listingId)}）</h3>`,
    '<table class="facts">',
    `<tr><th>商品标题</th><td>${markedTitle(finding.title, f.rules)}</td></tr>`,
    `<tr><th>网址（文本）</th><td class="url mono">${escapeHtml(finding.url)}</td></tr>`,
    `<tr><th>标价</th><td>${escapeHtml(f.price ?? '未采集')}</td></tr>`,
    `<tr><th>采集时间</th><td>${captured || '—'}</td></tr>`,
    `<tr><th>理由</th><td>${escapeHtml(reasonLabel(finding.reason))}（${escapeHtml(finding.reason)}）</td></tr>`,
    `<tr><th>匹配得分</th><td>${fmt(finding.score, 2)}</td></tr>`,
    `<tr><th>发现时间</th><td>${timeCell(finding.createdAt, `findings[${index}].createdAt`)}</td></tr>`,
    '</table>',
    rulesTable(f.rules),
  ].join('\n');
}

function evidenceSection(input: LeadDocumentInput): string {
  if (input.evidence.length === 0) return '<h2>五、证据文件</h2>\n<p>无。</p>';
  const rows = [...input.evidence]
    .sort(byPath)
    .map(
      (e, i) =>
        `<tr><td class="mono">${escapeHtml(e.path)}</td><td>${escapeHtml(e.evidence.kind)}</td>` +
        `<td>${timeCell(e.evidence.capturedAt, `evidence[${i}].capturedAt`)}</td><td>${e.evidence.bytes}</td></tr>\n` +
        `<tr><td colspan="4" class="mono">SHA-256：${escapeHtml(e.evidence.sha256)}</td></tr>`,
    )
    .join('\n');
  return (
    '<h2>五、证据文件</h2>\n<table>\n<tr><th>包内路径</th><th>类型</th><th>采集时间</th><th>字节</th></tr>\n' +
    `${rows}\n</table>`
  );
}

function custodySection(input: LeadDocumentInput): string {
  if (input.custody.length === 0) return '<h2>六、保管链</h2>\n<p>审计日志中无本线索的记录。</p>';
  const rows = [...input.custody]
    .sort(bySeq)
    .map(
      (c, i) =>
        `<tr><td>${c.seq}</td><td>${timeCell(c.at, `custody[${i}].at`)}</td>` +
        `<td>${escapeHtml(c.actor)}（${escapeHtml(c.role)}）</td><td>${escapeHtml(c.action)}</td></tr>\n` +
        `<tr><td colspan="4" class="mono">链哈希：${escapeHtml(c.hash)}</td></tr>`,
    )
    .join('\n');
  return (
    '<h2>六、保管链（审计日志）</h2>\n<table>\n<tr><th>序号</th><th>时间</th><th>操作人</th><th>操作</th></tr>\n' +
    `${rows}\n</table>`
  );
}

function toolSection(input: LeadDocumentInput): string {
  const { utc, china } = bothTimes(input.packagedAt, 'packagedAt');
  const rows: [string, string][] = [
    ['采集与打包工具', `markwatch ${input.tool.markwatchVersion}`],
    ['浏览器', input.tool.browserVersion],
    ['操作系统', input.tool.os],
    ['哈希算法', 'SHA-256'],
  ];
  return (
    `<h2>七、工具与环境</h2>\n${factTable(rows)}\n` +
    `<p class="note">打包时间：${escapeHtml(utc)}；${escapeHtml(china)}。各文件哈希值同时记载于本包 manifest.json，可用 ` +
    '<span class="mono">markwatch verify</span> 或任何 <span class="nb">SHA-256</span> 工具复核。本摘要由 markwatch 自动生成，供执法人员参考；' +
    '证据以包内原始文件为准。</p>'
  );
}

/** The lead summary as one self-contained HTML document (no script, no link, every outside string escaped). */
export function renderSummaryHtml(input: LeadDocumentInput): string {
  if (!Number.isInteger(input.lead.id))
    throw new SummaryInputError(`lead.id 不是整数 (not an integer): ${input.lead.id}`);
  const findings = [...input.findings].sort(byFindingId);
  const body = [
    `<h1>线索摘要&#12288;#${input.lead.id}</h1>`,
    basics(input),
    riskParts(input),
    rightSection(input),
    '<h2>四、涉嫌侵权商品及命中规则</h2>',
    findings.map((f, i) => findingBlock(f, i)).join('\n'),
    evidenceSection(input),
    custodySection(input),
    toolSection(input),
  ].filter((s) => s !== '');
  return documentShell(`线索摘要 #${input.lead.id}`, body.join('\n'));
}
