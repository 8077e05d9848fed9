import { escapeHtml } from '../common/html.js';
import { reasonLabel, rightLegalName } from '../model/index.js';
import { dayOf } from './repeatInfringement.js';
import type { FindingFacts } from './types.js';

/*
 * The 线索通报 letter (issue 14 "Jurisdiction"): for a lead outside the office's area, a letter to the
 * responsible bureau naming the seller, the platform, each listing with its link, the right, a summary of the
 * findings and the evidence hashes. Plain text and minimal HTML; in the HTML every value is escaped (listing
 * titles and seller names are written by sellers), and only http(s) links become anchors.
 */

export interface TransferLetterInput {
  /** The letter's number, e.g. 杭市监通〔2026〕12号. */
  letterNo?: string;
  /** The letter's date, YYYY-MM-DD. */
  date: string;
  office: { name: string; contact?: string };
  bureau: { name: string };
  copyTo?: { name: string } | null;
  seller: {
    platform: string;
    platformName?: string;
    sellerId: string;
    sellerName: string;
    regionCode?: string;
    regionPath?: string;
    creditCode?: string;
  };
  right: { label: string; kind: string; registrationNo?: string; owner?: string };
  findings: readonly FindingFacts[];
  evidence: readonly { listingId: string; kind?: string; sha256: string }[];
  /** Extra summary lines (the risk score, repeat or group explanations). */
  summary?: readonly string[];
}

export interface TransferLetter {
  subject: string;
  text: string;
  html: string;
}

function sellerLine(s: TransferLetterInput['seller']): string {
  const parts = [
    `平台：${s.platformName ?? s.platform}`,
    `店铺名称：${s.sellerName}`,
    `店铺号：${s.sellerId}`,
  ];
  if (s.creditCode) parts.push(`统一社会信用代码：${s.creditCode}`);
  if (s.regionCode) parts.push(`住所地：${s.regionPath ?? ''}（${s.regionCode}）`);
  return parts.join('；');
}

function rightLine(r: TransferLetterInput['right']): string {
  const parts = [`${rightLegalName(r.kind)}：${r.label}`];
  if (r.registrationNo) parts.push(`注册号/公告号：${r.registrationNo}`);
  if (r.owner) parts.push(`权利人：${r.owner}`);
  return parts.join('；');
}

/** A finding as a line: its title, its link and the rest, kept apart so the HTML can link the URL alone. */
function findingParts(f: FindingFacts): { title: string; url: string; rest: string } {
  const price = f.price !== undefined ? `${f.currency ?? 'CNY'} ${f.price}` : '未标价';
  const sales = f.sales !== undefined ? String(f.sales) : '未知';
  return {
    title: `「${f.title}」 `,
    url: f.url,
    rest: `（价格 ${price}，销量 ${sales}，${reasonLabel(f.reason)}，命中得分 ${f.score}，发现于 ${dayOf(f.capturedAt)}）`,
  };
}

function sections(input: TransferLetterInput) {
  const s = input.seller;
  const opening =
    `我局在网络交易监测中发现，${s.platformName ?? s.platform}平台内经营者「${s.sellerName}」销售的商品涉嫌侵犯` +
    `${input.right.label}${rightLegalName(input.right.kind)}。该经营者住所地属贵局管辖，根据《市场监督管理行政处罚` +
    `程序规定》第九条，现将线索通报贵局，请依法核查处理，并将处理结果函告我局。`;
  return {
    subject: `关于${s.sellerName}涉嫌侵犯${input.right.label}${rightLegalName(input.right.kind)}的线索通报函`,
    opening,
    seller: sellerLine(s),
    right: rightLine(input.right),
    findings: input.findings.map(findingParts),
    summary: [
      `共 ${input.findings.length} 条发现，涉及 ${new Set(input.findings.map((f) => f.listingId)).size} 个商品。`,
      ...(input.summary ?? []),
    ],
    evidence: input.evidence.map((e) => `${e.listingId}${e.kind ? ` ${e.kind}` : ''} SHA-256 ${e.sha256}`),
  };
}

function textLetter(input: TransferLetterInput, p: ReturnType<typeof sections>): string {
  const numbered = (lines: string[]) => lines.map((l, i) => `  ${i + 1}. ${l}`);
  return [
    p.subject,
    ...(input.letterNo ? [input.letterNo] : []),
    '',
    `${input.bureau.name}：`,
    `  ${p.opening}`,
    '',
    '一、经营者信息',
    `  ${p.seller}`,
    '二、权利信息',
    `  ${p.right}`,
    '三、涉嫌侵权商品',
    ...numbered(p.findings.map((f) => f.title + f.url + f.rest)),
    '四、发现摘要',
    ...p.summary.map((l) => `  ${l}`),
    '五、证据（电子数据哈希值）',
    ...(p.evidence.length > 0 ? numbered(p.evidence) : ['  （无）']),
    '',
    ...(input.copyTo ? [`抄送：${input.copyTo.name}`] : []),
    ...(input.office.contact ? [`联系人：${input.office.contact}`] : []),
    input.office.name,
    input.date,
    '',
  ].join('\n');
}

function link(url: string): string {
  return /^https?:\/\//i.test(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>` : escapeHtml(url);
}

function htmlLetter(input: TransferLetterInput, p: ReturnType<typeof sections>): string {
  const e = escapeHtml;
  const items = p.findings.map((f) => `<li>${e(f.title)}${link(f.url)}${e(f.rest)}</li>`);
  const list = (lines: string[]) => `<ol>${lines.map((l) => `<li>${e(l)}</li>`).join('')}</ol>`;
  return [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    `<title>${e(p.subject)}</title></head><body>`,
    `<h1>${e(p.subject)}</h1>`,
    ...(input.letterNo ? [`<p>${e(input.letterNo)}</p>`] : []),
    `<p>${e(input.bureau.name)}：</p>`,
    `<p>${e(p.opening)}</p>`,
    `<h2>一、经营者信息</h2><p>${e(p.seller)}</p>`,
    `<h2>二、权利信息</h2><p>${e(p.right)}</p>`,
    `<h2>三、涉嫌侵权商品</h2><ol>${items.join('')}</ol>`,
    `<h2>四、发现摘要</h2>${p.summary.map((l) => `<p>${e(l)}</p>`).join('')}`,
    `<h2>五、证据（电子数据哈希值）</h2>${p.evidence.length > 0 ? list(p.evidence) : '<p>（无）</p>'}`,
    ...(input.copyTo ? [`<p>抄送：${e(input.copyTo.name)}</p>`] : []),
    ...(input.office.contact ? [`<p>联系人：${e(input.office.contact)}</p>`] : []),
    `<p>${e(input.office.name)}<br>${e(input.date)}</p>`,
    '</body></html>',
    '',
  ].join('\n');
}

/** The 线索通报 letter for a lead outside the office's area, as plain text and as escaped HTML. */
export function transferLetter(input: TransferLetterInput): TransferLetter {
  const p = sections(input);
  return { subject: p.subject, text: textLetter(input, p), html: htmlLetter(input, p) };
}

export { escapeHtml };
