import { escapeHtml } from '../../common/html.js';

/*
 * A referral document as plain parts (headings, paragraphs, tables) rendered twice: as escaped HTML with no
 * script, and as plain text. Every value is text from the store, some of it written by sellers.
 */

export interface DocTable {
  head: readonly string[];
  rows: ReadonlyArray<ReadonlyArray<string | number>>;
}

export interface DocBlock {
  heading?: string;
  paragraphs?: readonly string[];
  table?: DocTable;
}

export interface Doc {
  title: string;
  blocks: readonly DocBlock[];
  /** The closing lines (office, date). */
  signature?: readonly string[];
}

const STYLE =
  'body{font-family:sans-serif;margin:2em;line-height:1.6}table{border-collapse:collapse}' +
  'th,td{border:1px solid #999;padding:3px 6px;font-size:13px;vertical-align:top;word-break:break-all}' +
  'th{background:#eee}.sig{text-align:right}';

export function docHtml(doc: Doc): string {
  const e = escapeHtml;
  const table = (t: DocTable) =>
    `<table><thead><tr>${t.head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>` +
    t.rows.map((r) => `<tr>${r.map((c) => `<td>${e(String(c))}</td>`).join('')}</tr>`).join('') +
    '</tbody></table>';
  const blocks = doc.blocks.map((b) =>
    [
      b.heading ? `<h2>${e(b.heading)}</h2>` : '',
      ...(b.paragraphs ?? []).map((p) => `<p>${e(p)}</p>`),
      b.table ? table(b.table) : '',
    ].join(''),
  );
  return [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${e(doc.title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${e(doc.title)}</h1>`,
    ...blocks,
    ...(doc.signature ? [`<p class="sig">${doc.signature.map(e).join('<br>')}</p>`] : []),
    '</body></html>',
    '',
  ].join('\n');
}

export function docText(doc: Doc): string {
  const lines: string[] = [doc.title, ''];
  for (const b of doc.blocks) {
    if (b.heading) lines.push(b.heading);
    for (const p of b.paragraphs ?? []) lines.push(`  ${p}`);
    if (b.table) {
      lines.push(`  ${b.table.head.join(' | ')}`);
      for (const r of b.table.rows) lines.push(`  ${r.map(String).join(' | ')}`);
    }
    lines.push('');
  }
  if (doc.signature) lines.push(...doc.signature.map((s) => `${' '.repeat(20)}${s}`));
  return `${lines.join('\n')}\n`;
}
