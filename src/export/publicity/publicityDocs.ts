import { stringify } from 'csv-stringify/sync';
import { escapeHtml } from '../../common/html.js';
import { PUBLICITY_OUTCOMES, PUBLICITY_OUTCOME_LABELS, type PublicityRow } from '../../workflow/publicity.js';
import { inertRow } from '../inertCell.js';
import type { PublicityPeriod } from './publicityPeriod.js';

/*
 * The 公示 list as a self-contained HTML page (every value escaped, no script, a CSP that forbids any) and as
 * CSV (UTF-8 with a BOM so Excel reads the Chinese; every text cell through inertCell). The rows arrive
 * redacted; nothing here adds personal data back.
 */

export interface PublicityHeader {
  period: PublicityPeriod;
  /** The publishing office. */
  office: string;
  /** China date the list was made. */
  madeOn: string;
}

const COLUMNS = [
  '序号',
  '通知编号',
  '平台',
  '被通知经营者',
  '经营者账号',
  '通知人',
  '商品名称',
  '商品链接',
  '权利',
  '处理结果',
  '通知日期',
  '结果日期',
] as const;

function cells(r: PublicityRow, i: number): Array<string | number> {
  return [
    i + 1,
    r.noticeId,
    r.platform,
    r.seller,
    r.sellerId,
    r.notifier,
    r.listingTitle,
    r.listingUrl,
    r.right,
    r.outcomeLabel,
    r.noticeDate,
    r.outcomeDate,
  ];
}

export function publicityTitle(h: PublicityHeader): string {
  return `知识产权侵权通知处理结果公示（${h.period.from} 至 ${h.period.to}）`;
}

function tally(rows: readonly PublicityRow[]): string {
  return PUBLICITY_OUTCOMES.map(
    (o) => `${PUBLICITY_OUTCOME_LABELS[o]} ${rows.filter((r) => r.outcome === o).length} 条`,
  ).join('；');
}

/** One cell of the HTML table; a link only for http(s), shown as its own text. */
function htmlCell(value: string | number, column: string): string {
  const text = escapeHtml(String(value));
  if (column === '商品链接' && /^https?:\/\//i.test(String(value))) {
    return `<td><a href="${text}" rel="noreferrer noopener">${text}</a></td>`;
  }
  return `<td>${text}</td>`;
}

export function publicityHtml(rows: readonly PublicityRow[], h: PublicityHeader): string {
  const e = escapeHtml;
  const title = publicityTitle(h);
  const body = rows.map(
    (r, i) =>
      `<tr>${cells(r, i)
        .map((c, j) => htmlCell(c, COLUMNS[j] ?? ''))
        .join('')}</tr>`,
  );
  return [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${e(title)}</title>`,
    '<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}' +
      'th,td{border:1px solid #999;padding:4px 6px;font-size:13px;vertical-align:top;word-break:break-all}' +
      'th{background:#eee}</style>',
    '</head><body>',
    `<h1>${e(title)}</h1>`,
    `<p>公示机关：${e(h.office)} · 制表日期：${e(h.madeOn)} · 共 ${rows.length} 条（${e(tally(rows))}）</p>`,
    '<p>依据《电子商务法》第四十四条公示通知、声明及处理结果；自然人姓名、电话、身份证号、电子邮箱、' +
      '即时通讯账号与详细地址已作脱敏处理。</p>',
    `<table><thead><tr>${COLUMNS.map((c) => `<th>${c}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.length ? body.join('\n') : `<tr><td colspan="${COLUMNS.length}">本期无已处理的通知</td></tr>`}</tbody></table>`,
    '</body></html>',
    '',
  ].join('\n');
}

/** UTF-8 BOM: Excel opens a CSV without it in the system code page and garbles Chinese. */
const BOM = '\uFEFF';

export function publicityCsv(rows: readonly PublicityRow[]): string {
  return (
    BOM +
    stringify([[...COLUMNS], ...rows.map((r, i) => inertRow(cells(r, i)))], { record_delimiter: '\r\n' })
  );
}
