import { chinaTimestamp } from '../../common/chinaTime.js';
import { MarkwatchError } from '../../common/errors.js';
import { escapeHtml } from '../../common/html.js';
import { rightLegalName, type Right, type RightKind } from '../../model/index.js';
import type { MatchedRight } from './types.js';

/*
 * Pieces shared by the summary and the extraction record: times in UTC and China time, the right's facts as
 * label–value rows, and the page shell with its print CSS. Everything that came from outside (listing text,
 * URLs, names) goes through escapeHtml; URLs are shown as text, never as links, so `javascript:` is inert.
 */

export { escapeHtml };

export class SummaryInputError extends MarkwatchError {
  constructor(message: string) {
    super('export.summary_input', message);
  }
}

/** The right as the law names it (注册商标专用权 …), the words of the model's labels. */
export const rightKindLabel = rightLegalName;

/** An ISO instant as `UTC …` and `北京时间 …`; a malformed time is an error naming the field. */
export function bothTimes(iso: string, field: string): { utc: string; china: string } {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) throw new SummaryInputError(`${field} 不是有效的时间 (not a valid time): ${iso}`);
  return {
    utc: `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`,
    china: `${chinaTimestamp(new Date(t)).slice(0, 19).replace('T', ' ')} 北京时间`,
  };
}

/** Escaped HTML: the UTC time, then China time on its own line. */
export function timeCell(iso: string, field: string): string {
  const { utc, china } = bothTimes(iso, field);
  return `${escapeHtml(utc)}<br>${escapeHtml(china)}`;
}

const NUMBER_LABELS: Readonly<Record<RightKind, string>> = {
  trademark: '注册号',
  gi: '公告号',
  special: '公告号',
  patent: '专利号',
};

const HOLDER_LABELS: Readonly<Record<RightKind, string>> = {
  trademark: '注册人',
  gi: '权利人',
  special: '权利人',
  patent: '专利权人',
};

/** The matched right's facts as [label, plain text] rows (escaped by the caller). */
export function rightFacts(right: MatchedRight): [string, string][] {
  const kind = right.kind;
  const rows: [string, string][] = [
    ['权利类型', kind ? rightKindLabel(kind) : '未知'],
    ['名称', right.name ?? `（权利编号 ${right.rightId}）`],
    [kind ? NUMBER_LABELS[kind] : '编号', right.registrationNo ?? '—'],
  ];
  if (right.classes.length) rows.push(['核定类别', right.classes.map((c) => `第 ${c} 类`).join('、')]);
  if (right.goods.length) rows.push([kind === 'gi' ? '产品' : '核定商品', right.goods.join('、')]);
  const validity =
    right.validFrom && right.validTo
      ? `${right.validFrom} 至 ${right.validTo}`
      : right.validFrom
        ? `自 ${right.validFrom}`
        : right.validTo
          ? `至 ${right.validTo}`
          : '—';
  rows.push([kind === 'patent' ? '申请日起' : '有效期', validity]);
  rows.push([kind ? HOLDER_LABELS[kind] : '权利人', right.holder ?? '—']);
  if (right.note) rows.push(['记录版本', right.note]);
  return rows;
}

/** A MatchedRight from a full right record (for callers that hold one). */
export function matchedRightOf(
  right: Right,
  proofOfRightSha256: string | null = null,
  note: string | null = null,
): MatchedRight {
  return {
    rightId: right.id,
    kind: right.kind,
    name: right.kind === 'patent' ? right.number : right.name,
    registrationNo:
      right.kind === 'trademark'
        ? right.registrationNo
        : right.kind === 'patent'
          ? right.number
          : (right.announcementNo ?? null),
    classes: right.kind === 'trademark' ? right.niceClasses : [],
    goods: right.kind === 'trademark' ? (right.goods ?? []) : right.kind === 'gi' ? [right.category] : [],
    holder: right.kind === 'trademark' ? right.owner : right.kind === 'patent' ? right.patentee : null,
    validFrom: 'validFrom' in right ? right.validFrom : right.kind === 'patent' ? right.filingDate : null,
    validTo: 'validTo' in right ? right.validTo : null,
    proofOfRightSha256,
    note,
  };
}

/** A two-column table of label–value rows; values are plain text, escaped here. */
export function factTable(rows: [string, string][]): string {
  const body = rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n');
  return `<table class="facts">\n${body}\n</table>`;
}

const PRINT_CSS = `
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", sans-serif;
  font-size: 10.5pt; line-height: 1.55; color: #000; margin: 0; }
h1 { font-size: 17pt; text-align: center; margin: 0 0 4mm; }
h2 { font-size: 12.5pt; border-bottom: 1px solid #444; margin: 6mm 0 2mm; padding-bottom: 1mm; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 3mm; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #888; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
th { background: #eee; font-weight: bold; }
table.facts th { width: 26%; }
.mono { font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace; font-size: 8.5pt; word-break: break-all; }
.url { word-break: break-all; }
.nb { white-space: nowrap; }
.note { font-size: 9pt; color: #333; }
mark { background: #ffe08a; }
.sign { margin-top: 8mm; }
.sign p { margin: 5mm 0; }
.line { display: inline-block; min-width: 45mm; border-bottom: 1px solid #000; }
`;

/** A complete, self-contained document: no script, no outside resource, no link. */
export function documentShell(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    // Nothing in these documents may run or fetch, even if a hostile string escaped the escaping.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${PRINT_CSS}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
