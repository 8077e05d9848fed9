import {
  bothTimes,
  documentShell,
  escapeHtml,
  rightKindLabel,
  SummaryInputError,
  timeCell,
} from './documentParts.js';
import { byFindingId, byPath } from './order.js';
import type { CaptureMode, LeadDocumentInput } from './types.js';

/*
 * extraction-record.html: a pre-filled record in the style of the 《电子数据提取笔录》 of the SAMR
 * 《市场监督管理行政执法电子数据取证暂行规定》 (in force 2024-04-07; domain.md §9.1). It states what the tool
 * did — online extraction (网络在线提取) by browser automation, when, with which tool on which system, and the
 * SHA-256 of each file — so that extraction subject, tool and method are clear and the result can be checked
 * by a specific method (Internet Courts Provisions Art. 11). What only people can state (place, officers,
 * witness, signatures) is left as blank lines; the article-level fields of the SAMR rules are not verified,
 * so no article numbers are printed.
 */

function blank(label: string): string {
  return `<p>${escapeHtml(label)}：<span class="line">&#8203;</span></p>`;
}

const METHOD_TEXT: Readonly<Record<CaptureMode, string>> = {
  browser:
    '由 markwatch 通过浏览器自动化（Playwright 驱动无头 Chromium 浏览器）访问下列网址，保存网页源代码（HTML）、' +
    '整页截图（PNG）及网络请求与响应记录（WARC，如有）',
  http: '由 markwatch 以 HTTP 请求直接获取下列网址的网页源代码（HTML，未经浏览器渲染，无截图）',
};

/** Online extraction, as each capture mode used actually did it (manifests' renderMode). */
function method(modes: CaptureMode[]): string {
  const used = (['browser', 'http'] as const).filter((m) => modes.includes(m));
  if (used.length === 0) throw new SummaryInputError('tool.captureModes 为空 (empty): 无法说明提取方式');
  return (
    `网络在线提取。${used.map((m) => METHOD_TEXT[m]).join('；部分网址')}，` +
    '并在保存时逐一计算 <span class="nb">SHA-256</span> 哈希值，按哈希值存放。'
  );
}

function captureWindow(input: LeadDocumentInput): string {
  const times: number[] = [];
  input.findings.forEach((f, i) =>
    f.capturedAt.forEach((t, j) => {
      bothTimes(t, `findings[${i}].capturedAt[${j}]`);
      times.push(Date.parse(t));
    }),
  );
  input.evidence.forEach((e, i) => {
    bothTimes(e.evidence.capturedAt, `evidence[${i}].capturedAt`);
    times.push(Date.parse(e.evidence.capturedAt));
  });
  if (times.length === 0) return '无采集记录';
  const from = new Date(Math.min(...times)).toISOString();
  const to = new Date(Math.max(...times)).toISOString();
  return `自 ${timeCell(from, 'capture start')}<br>至 ${timeCell(to, 'capture end')}`;
}

function targets(input: LeadDocumentInput): string {
  // Each URL on its own full-width row, so it reads (and extracts from the PDF) in one piece.
  const rows = [...input.findings]
    .sort(byFindingId)
    .map(
      (f, i) =>
        `<tr><td rowspan="2">${i + 1}</td><td>${escapeHtml(f.finding.title)}</td>` +
        `<td>${f.capturedAt.map((t, j) => timeCell(t, `findings[${i}].capturedAt[${j}]`)).join('<br>') || '—'}</td></tr>\n` +
        `<tr><td colspan="2" class="url mono">${escapeHtml(f.finding.url)}</td></tr>`,
    )
    .join('\n');
  return (
    '<table>\n<tr><th>序号</th><th>网页（商品）标题 / 网址（文本）</th><th>提取时间</th></tr>\n' +
    `${rows || '<tr><td colspan="3">无</td></tr>'}\n</table>`
  );
}

function files(input: LeadDocumentInput): string {
  // The hash on its own row: 64 hex digits on one line, never wrapped into a neighbouring column.
  const rows = [...input.evidence]
    .sort(byPath)
    .map(
      (e, i) =>
        `<tr><td rowspan="2">${i + 1}</td><td class="mono">${escapeHtml(e.path)}</td><td>${escapeHtml(e.evidence.kind)}</td>` +
        `<td>${e.evidence.bytes}</td></tr>\n` +
        `<tr><td colspan="3" class="mono">SHA-256：${escapeHtml(e.evidence.sha256)}</td></tr>`,
    )
    .join('\n');
  return (
    '<table>\n<tr><th>序号</th><th>文件（包内路径）</th><th>类型</th><th>大小（字节）</th></tr>\n' +
    `${rows || '<tr><td colspan="4">无</td></tr>'}\n</table>`
  );
}

/** The pre-filled 电子数据提取笔录 as one self-contained HTML document. */
export function renderExtractionRecordHtml(input: LeadDocumentInput): string {
  const { lead, tool } = input;
  if (!Number.isInteger(lead.id))
    throw new SummaryInputError(`lead.id 不是整数 (not an integer): ${lead.id}`);
  const r = input.right;
  const right = r
    ? `${r.kind ? rightKindLabel(r.kind) : '权利'}「${r.name ?? r.rightId}」`
    : '未关联具体权利';
  const made = bothTimes(input.packagedAt, 'packagedAt');
  const body = [
    '<h1>电子数据提取笔录</h1>',
    `<p>线索编号：#${lead.id}&#12288;&#12288;涉及权利：${escapeHtml(right)}</p>`,
    '<table class="facts">',
    `<tr><th>提取时间</th><td>${captureWindow(input)}</td></tr>`,
    '<tr><th>提取地点</th><td><span class="line">&#8203;</span></td></tr>',
    `<tr><th>电子数据来源</th><td>平台：${escapeHtml(lead.platform)}；经营者（店铺）：${escapeHtml(lead.sellerName)}` +
      `（卖家标识 ${escapeHtml(lead.sellerId)}）</td></tr>`,
    `<tr><th>提取方式</th><td>${method(tool.captureModes)}</td></tr>`,
    `<tr><th>提取工具</th><td>markwatch ${escapeHtml(tool.markwatchVersion)}；浏览器 ${escapeHtml(tool.browserVersion)}；` +
      `操作系统 ${escapeHtml(tool.os)}</td></tr>`,
    '<tr><th>哈希算法</th><td>SHA-256</td></tr>',
    '</table>',
    '<h2>一、提取对象</h2>',
    targets(input),
    '<h2>二、提取的电子数据及哈希值</h2>',
    files(input),
    '<h2>三、完整性校验</h2>',
    '<p>上列文件及其 <span class="nb">SHA-256</span> 哈希值同时记载于本证据包的 manifest.json。校验方法：对每个文件重新计算 <span class="nb">SHA-256</span>，' +
      '与上表及 manifest.json 比对，一致即未被改动；也可运行 <span class="mono">markwatch verify 证据包.zip</span>' +
      '，该命令同时校验 manifest.json 的摘要和审计日志保管链。</p>',
    '<h2>四、说明</h2>',
    `<p class="note">本笔录由 markwatch 根据采集记录于 ${escapeHtml(made.utc)}（${escapeHtml(made.china)}）预先填写。` +
      '执法人员应当核对提取过程和上列内容，与实际不符的，应当划改并注明；无误后由执法人员、见证人签名。</p>',
    '<div class="sign">',
    blank('执法人员（签名）'),
    blank('执法证号'),
    blank('执法人员（签名）'),
    blank('执法证号'),
    blank('见证人（签名）'),
    blank('见证人身份证件号码'),
    blank('电子数据持有人或当事人（签名或盖章，在场时）'),
    blank('日期'),
    '</div>',
  ];
  return documentShell(`电子数据提取笔录 线索 #${lead.id}`, body.join('\n'));
}
