import type { LeadState, Notice, NoticeItem, NoticeStatus } from '../model/index.js';
import type { WorkflowActor, WorkflowDeps } from './deps.js';
import type { ComplaintStatus } from './noticeChannels.js';
import { checkMove } from './moves.js';

/*
 * The takedown check: after a notice, each listed URL is fetched again. A listing gone from the platform is
 * taken down at the check's time (the time to takedown is measured by our re-fetch, not the platform's word);
 * a listing still up past the platform's window is flagged. Platforms with an API are also asked for the
 * complaint's outcome: a rejection or a counter-notice (EC Law Art. 43: the 15 days run from its delivery).
 */

export interface ItemCheck {
  noticeId: number;
  leadId: number;
  findingId: number;
  url: string;
  status: NoticeItem['status'];
  /** Hours from the notice to the check that found the listing gone. */
  hoursToTakedown: number | null;
  /** Still up after the platform's window. */
  overdue: boolean;
}

export interface TakedownReport {
  checked: ItemCheck[];
  leadsMoved: { leadId: number; from: LeadState; to: LeadState }[];
}

const SETTLED: readonly NoticeItem['status'][] = ['taken_down', 'rejected'];

function noticeStatus(items: readonly { status: NoticeItem['status'] }[]): NoticeStatus {
  if (items.every((i) => i.status === 'taken_down')) return 'taken_down';
  if (items.every((i) => i.status === 'rejected')) return 'rejected';
  if (items.some((i) => i.status === 'counter_noticed')) return 'counter_noticed';
  if (items.some((i) => i.status === 'taken_down' || i.status === 'rejected')) return 'partial';
  return 'sent';
}

/** The lead's next state from its notice's outcome, or null when nothing is settled yet. */
function leadStateFor(status: NoticeStatus): LeadState | null {
  if (status === 'taken_down') return 'taken_down';
  if (status === 'rejected') return 'rejected';
  if (status === 'counter_noticed') return 'counter_noticed';
  return null;
}

async function checkItem(
  deps: Pick<WorkflowDeps, 'probe' | 'channelFor'>,
  notice: Notice,
  item: NoticeItem,
  now: Date,
  due: string,
): Promise<{ item: NoticeItem; complaint: ComplaintStatus | null }> {
  const channel = deps.channelFor(notice.platform);
  const complaint = item.externalId && channel.status ? await channel.status(item.externalId) : null;
  const at = now.toISOString();
  if (complaint?.status === 'rejected') {
    return {
      item: { ...item, status: 'rejected', checkedAt: at, rejectReason: complaint.rejectReason },
      complaint,
    };
  }
  const page = await deps.probe(item.url, notice.platform);
  if (page === 'gone')
    return { item: { ...item, status: 'taken_down', checkedAt: at, takenDownAt: at }, complaint };
  if (complaint?.status === 'counter_noticed')
    return { item: { ...item, status: 'counter_noticed', checkedAt: at }, complaint };
  const overdue = now.getTime() > Date.parse(due);
  return { item: { ...item, status: overdue ? 'still_up' : item.status, checkedAt: at }, complaint };
}

export async function checkTakedowns(
  deps: Pick<WorkflowDeps, 'store' | 'probe' | 'channelFor' | 'now' | 'takedownDue'>,
  who: WorkflowActor,
): Promise<TakedownReport> {
  const report: TakedownReport = { checked: [], leadsMoved: [] };
  for (const notice of await deps.store.notices.open()) {
    const now = deps.now();
    const due = deps.takedownDue(notice.platform, notice.sentAt);
    const items: NoticeItem[] = [];
    let counterDeliveredAt: string | null = null;
    for (const item of notice.items) {
      if (SETTLED.includes(item.status)) {
        items.push(item);
        continue;
      }
      const checked = await checkItem(deps, notice, item, now, due);
      items.push(checked.item);
      counterDeliveredAt ??= checked.complaint?.counterDeliveredAt ?? null;
      await deps.store.notices.updateItem(notice.id, item.findingId, {
        status: checked.item.status,
        checkedAt: checked.item.checkedAt ?? now.toISOString(),
        takenDownAt: checked.item.takenDownAt,
        rejectReason: checked.item.rejectReason,
      });
      report.checked.push({
        noticeId: notice.id,
        leadId: notice.leadId,
        findingId: item.findingId,
        url: item.url,
        status: checked.item.status,
        hoursToTakedown:
          checked.item.status === 'taken_down'
            ? Math.round(((now.getTime() - Date.parse(notice.sentAt)) / 3_600_000) * 10) / 10
            : null,
        overdue: checked.item.status === 'still_up',
      });
    }
    const status = noticeStatus(items);
    if (status !== notice.status) {
      await deps.store.notices.setStatus(
        notice.id,
        status,
        counterDeliveredAt ? { counterDeliveredAt } : {},
        who,
      );
    }
    const next = leadStateFor(status);
    const lead = await deps.store.leads.get(notice.leadId);
    if (next && lead && lead.state === 'notice_sent') {
      const reason = `通知 ${notice.id} 复查结果 (takedown check of notice ${notice.id}): ${status}`;
      checkMove(lead.state, next, reason, who);
      await deps.store.leads.move(lead.id, { from: lead.state, to: next, reason }, who);
      report.leadsMoved.push({ leadId: lead.id, from: lead.state, to: next });
    }
  }
  return report;
}
