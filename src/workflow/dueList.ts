import type { Deadline } from './deadlines.js';

/*
 * The due list (期限提醒): which open deadlines are overdue and which fall due soon, by an injected `now`.
 * Pure; the caller passes only deadlines still open (a met deadline is not "due").
 */

export interface DueListOptions {
  /** Deadlines due within this many calendar days (24 h each) of `now` are "due soon". */
  dueSoonDays: number;
}

export const DUE_LIST_DEFAULTS: DueListOptions = { dueSoonDays: 3 };

/** An open deadline with what it belongs to. */
export interface OpenDeadline {
  /** Stable id of the deadline (e.g. its row id). */
  id: string;
  /** What it concerns, shown in the list: 线索 #12 (shopa 店铺 s-77). */
  subject: string;
  /** The lead it belongs to, when it belongs to one. */
  leadId?: number;
  deadline: Deadline;
}

export type DueStatus = 'overdue' | 'due_soon';

export const DUE_STATUS_LABELS: Record<DueStatus, string> = { overdue: '已逾期', due_soon: '即将到期' };

export interface DueItem extends OpenDeadline {
  status: DueStatus;
  /** 已逾期 / 即将到期. */
  statusLabel: string;
  /** Signed time to the due moment, in ms (negative when overdue). */
  remainingMs: number;
  /** 已逾期 2 天 / 剩余 5 小时 / 剩余不足 1 小时: whole days, or whole hours under a day (rounded down). */
  remainingText: string;
}

export interface DueList {
  overdue: DueItem[];
  dueSoon: DueItem[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function remainingText(ms: number): string {
  const abs = Math.abs(ms);
  const span =
    abs >= DAY
      ? ` ${Math.floor(abs / DAY)} 天`
      : abs >= HOUR
        ? ` ${Math.floor(abs / HOUR)} 小时`
        : '不足 1 小时';
  return ms < 0 ? `已逾期${span}` : `剩余${span}`;
}

/** Overdue and due-soon items, each sorted by due moment (earliest first); the rest are left out. */
export function dueList(
  deadlines: readonly OpenDeadline[],
  now: Date,
  options: Partial<DueListOptions> = {},
): DueList {
  const { dueSoonDays } = { ...DUE_LIST_DEFAULTS, ...options };
  if (!(dueSoonDays >= 0)) throw new RangeError(`dueSoonDays：「${dueSoonDays}」应 ≥ 0 (must be ≥ 0)`);
  const items: DueItem[] = [];
  for (const open of deadlines) {
    const dueAt = Date.parse(open.deadline.due);
    if (Number.isNaN(dueAt))
      throw new RangeError(`期限 ${open.id} 的 due「${open.deadline.due}」无效 (invalid due)`);
    const remainingMs = dueAt - now.getTime();
    const status: DueStatus | null =
      remainingMs < 0 ? 'overdue' : remainingMs <= dueSoonDays * DAY ? 'due_soon' : null;
    if (status === null) continue;
    items.push({
      ...open,
      status,
      statusLabel: DUE_STATUS_LABELS[status],
      remainingMs,
      remainingText: remainingText(remainingMs),
    });
  }
  items.sort((a, b) => a.remainingMs - b.remainingMs || a.id.localeCompare(b.id));
  return {
    overdue: items.filter((i) => i.status === 'overdue'),
    dueSoon: items.filter((i) => i.status === 'due_soon'),
  };
}
