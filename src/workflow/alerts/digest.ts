import { chinaDate, shiftDays } from '../../common/chinaTime.js';
import { ALERT_KINDS, type AlertsConfig } from '../../config/schema.js';
import type { Alert, StoredAlert } from '../../store/alertRepository.js';
import {
  ALERT_KIND_LABELS,
  escapeHtml,
  headlineOf,
  htmlDocument,
  notesHtml,
  plainText,
  subjectOf,
} from './render.js';

/*
 * The daily digest: the previous China day's alerts in one message, grouped by kind. It is an alert of its
 * own (kind `digest`, key `digest:<day>`), so it is stored, deduplicated and retried like any other.
 */

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Alerts named one by one in a digest; the rest are counted. */
export const MAX_DIGEST_LINES = 200;

export interface DigestWindow {
  /** The China day the digest covers (YYYY-MM-DD). */
  day: string;
  /** ISO instants: [since, until). */
  since: string;
  until: string;
}

const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();

/** The day whose digest is due at `now`, or null before the configured hour (China time). */
export function digestWindow(now: Date, digest: AlertsConfig['digest']): DigestWindow | null {
  if (!digest.enabled) return null;
  const hour = new Date(now.getTime() + CHINA_OFFSET_MS).getUTCHours();
  if (hour < digest.hourChina) return null;
  const today = chinaDate(now);
  const day = shiftDays(today, -1);
  return { day, since: dayStart(day), until: dayStart(today) };
}

/** The digest of `alerts` (those of `window.day`), or null when there were none. */
export function buildDigest(alerts: readonly StoredAlert[], window: DigestWindow, now: Date): Alert | null {
  const own = alerts.filter((a) => a.kind !== 'digest');
  if (own.length === 0) return null;
  const ordered = [...own].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
  const counts = Object.fromEntries(ALERT_KINDS.map((k) => [k, ordered.filter((a) => a.kind === k).length]));
  const subject = subjectOf('digest', `${window.day} 共 ${own.length} 条`);
  const summary = ALERT_KINDS.filter((k) => counts[k]! > 0)
    .map((k) => `${ALERT_KIND_LABELS[k]} ${counts[k]} 条`)
    .join('，');
  let budget = MAX_DIGEST_LINES;
  const groups = ALERT_KINDS.filter((k) => counts[k]! > 0).map((kind) => {
    const lines = ordered
      .filter((a) => a.kind === kind)
      .slice(0, budget)
      .map((a) => plainText(headlineOf(a.subject)));
    budget -= lines.length;
    return { kind, lines, more: counts[kind]! - lines.length };
  });
  const footer = '详情见 markwatch 线索与待办列表。';
  const text = [
    subject,
    '',
    summary,
    ...groups.flatMap((g) => [
      '',
      `${ALERT_KIND_LABELS[g.kind]}（${counts[g.kind]} 条）`,
      ...g.lines.map((l) => `- ${l}`),
      ...(g.more > 0 ? [`- …另有 ${g.more} 条`] : []),
    ]),
    '',
    footer,
  ].join('\n');
  const body = [
    `<p>${escapeHtml(summary)}</p>`,
    ...groups.map((g) =>
      [
        `<h3>${escapeHtml(`${ALERT_KIND_LABELS[g.kind]}（${counts[g.kind]} 条）`)}</h3>`,
        '<ul>',
        ...g.lines.map((l) => `<li>${escapeHtml(l)}</li>`),
        ...(g.more > 0 ? [`<li>${escapeHtml(`…另有 ${g.more} 条`)}</li>`] : []),
        '</ul>',
      ].join('\n'),
    ),
  ].join('\n');
  return {
    kind: 'digest',
    dedupKey: `digest:${window.day}`,
    subject,
    text,
    html: htmlDocument(subject, body + notesHtml([footer])),
    data: {
      day: window.day,
      counts,
      alerts: ordered.map((a) => ({ kind: a.kind, dedupKey: a.dedupKey, subject: a.subject })),
    },
    createdAt: now.toISOString(),
  };
}
