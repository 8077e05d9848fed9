import { escapeHtml } from '../../common/html.js';
import type { AlertEvent } from '../../config/schema.js';

/*
 * Alert text in two forms from one list of fields: plain text (webhook, e-mail text part) and HTML (e-mail).
 * Listing titles and seller names come from marketplaces and are hostile: in plain text they lose control
 * and bidirectional-override characters (a fake line break or a reversed URL in an alert is a lie told to an
 * officer), and in HTML they are escaped as well.
 */

export const ALERT_KIND_LABELS: Record<AlertEvent, string> = {
  high_risk_lead: '高风险线索',
  relisting: '删除后重新上架',
  overdue: '期限已逾期',
  crawl_failed: '采集任务失败',
  digest: '每日提醒汇总',
};

export const SUBJECT_PREFIX = '【markwatch】';

/** A value longer than this is cut, with an ellipsis: an alert points to the record, it does not carry it. */
export const MAX_VALUE_CHARS = 200;

// C0 and C1 controls, DEL, the bidi marks, embeddings, overrides and isolates, and the line/paragraph separators.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;

/** One line of untrusted text, safe to print: unsafe characters become a space, runs of space collapse. */
export function plainText(value: string, maxChars = MAX_VALUE_CHARS): string {
  const line = value.replace(UNSAFE_CHARS, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...line];
  return chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join('')}…` : line;
}

/** Only http(s) links become links; anything else (javascript:, data:) is shown as text. */
function linkable(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export interface AlertField {
  label: string;
  value: string;
  /** Shown as a link in HTML when it is an http(s) URL. */
  href?: string;
}

export interface AlertMessage {
  kind: AlertEvent;
  /** What happened, in a few words (untrusted parts allowed: it is cleaned here). */
  headline: string;
  fields: readonly AlertField[];
  /** Lines under the fields (our own text). */
  notes?: readonly string[];
}

export interface RenderedAlert {
  subject: string;
  text: string;
  html: string;
}

export function subjectOf(kind: AlertEvent, headline: string): string {
  return `${SUBJECT_PREFIX}${ALERT_KIND_LABELS[kind]}：${plainText(headline)}`;
}

/** The headline again, from a subject this module made (for the digest's lines). */
export function headlineOf(subject: string): string {
  return subject.startsWith(SUBJECT_PREFIX) ? subject.slice(SUBJECT_PREFIX.length) : subject;
}

export function renderAlert(message: AlertMessage): RenderedAlert {
  const subject = subjectOf(message.kind, message.headline);
  const fields = message.fields.map((f) => ({
    label: f.label,
    value: plainText(f.value),
    href: f.href !== undefined && linkable(f.href) ? f.href : undefined,
  }));
  const notes = message.notes ?? [];
  const text = [
    subject,
    '',
    ...fields.map((f) => `${f.label}：${f.value}`),
    ...(notes.length > 0 ? ['', ...notes] : []),
  ].join('\n');
  const rows = fields
    .map((f) => {
      const value = escapeHtml(f.value);
      const cell = f.href ? `<a href="${escapeHtml(f.href)}">${value}</a>` : value;
      return `<tr><th align="left">${escapeHtml(f.label)}</th><td>${cell}</td></tr>`;
    })
    .join('\n');
  const html = htmlDocument(subject, `<table>\n${rows}\n</table>${notesHtml(notes)}`);
  return { subject, text, html };
}

export function notesHtml(notes: readonly string[]): string {
  return notes.map((n) => `\n<p>${escapeHtml(n)}</p>`).join('');
}

/** The one HTML frame of an alert e-mail; `bodyHtml` is already escaped. */
export function htmlDocument(subject: string, bodyHtml: string): string {
  return [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8"><title>',
    escapeHtml(subject),
    '</title></head><body>',
    `<h2>${escapeHtml(subject)}</h2>`,
    bodyHtml,
    '</body></html>',
  ].join('\n');
}

export { escapeHtml };
