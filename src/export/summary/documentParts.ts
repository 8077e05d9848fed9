import { chinaTimestamp } from '../../common/chinaTime.js';
import { MarkwatchError } from '../../common/errors.js';
import { escapeHtml } from '../../common/html.js';
import type { Right, RightKind } from '../../model/index.js';

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

const RIGHT_KIND_LABELS: Readonly<Record<RightKind, string>> = {
  trademark: '注册商标',
  gi: '地理标志',
  special: '特殊标志',
  patent: '专利',
};

const PATENT_TYPE_LABELS: Readonly<Record<string, string>> = {
  invention: '发明',
  utility: '实用新型',
  design: '外观设计',
};

export function rightKindLabel(kind: string): string {
  return (RIGHT_KIND_LABELS as Readonly<Record<string, string>>)[kind] ?? kind;
}

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

/** The right's facts as [label, plain text] rows (escaped by the caller). */
export function rightFacts(right: Right): [string, string][] {
  const rows: [string, string][] = [['权利类型', rightKindLabel(right.kind)]];
  switch (right.kind) {
    case 'trademark':
      rows.push(
        ['商标', right.name],
        ['注册号', right.registrationNo],
        ['核定类别', right.niceClasses.map((c) => `第 ${c} 类`).join('、')],
        ['有效期', `${right.validFrom} 至 ${right.validTo}`],
        ['注册人', right.owner],
      );
      if (right.goods?.length) rows.push(['核定商品', right.goods.join('、')]);
      break;
    case 'gi':
      rows.push(
        ['地理标志', right.name],
        ['公告号', right.announcementNo ?? '—'],
        ['产品类别', right.category],
        ['保护范围', right.protectedArea.text],
      );
      break;
    case 'special':
      rows.push(
        ['标志', right.name],
        ['公告号', right.announcementNo],
        ['有效期', `${right.validFrom} 至 ${right.validTo}`],
      );
      break;
    case 'patent':
      rows.push(
        ['专利号', right.number],
        ['专利类型', PATENT_TYPE_LABELS[right.patentType] ?? right.patentType],
        ['申请日', right.filingDate],
        ['法律状态', right.status],
        ['专利权人', right.patentee],
      );
      break;
  }
  return rows;
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
