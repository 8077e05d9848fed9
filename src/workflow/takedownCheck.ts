import type { LeadState, Notice, NoticeItem, NoticeStatus } from '../model/index.js';
import type { WorkflowActor, WorkflowDeps } from './deps.js';
import type { ComplaintStatus } from './noticeChannels.js';
import { checkMove } from './moves.js';
import { transition } from './leadStateMachine.js';

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

/**
 * The lead's state from all its notices' listings, or null while any is unsettled: a counter-notice first (its
 * 15 days run), else taken down when any listing went, else rejected.
 */
function leadOutcome(items: readonly { status: NoticeItem['status'] }[]): LeadState | null {
  if (items.length === 0 || items.some((i) => i.status === 'sent' || i.status === 'still_up')) return null;
  if (items.some((i) => i.status === 'counter_noticed')) return 'counter_noticed';
  if (items.some((i) => i.status === 'taken_down')) return 'taken_down';
  return 'rejected';
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
  // A declaration of non-infringement counts whatever the page shows (EC Law Art. 43: its 15 days run).
  if (complaint?.status === 'counter_noticed')
    return { item: { ...item, status: 'counter_noticed', checkedAt: at }, complaint };
  const page = await deps.probe(item.url, notice.platform);
  if (page === 'gone')
    return { item: { ...item, status: 'taken_down', checkedAt: at, takenDownAt: at }, complaint };
  const overdue = now.getTime() > Date.parse(due);
  return { item: { ...item, status: overdue ? 'still_up' : item.status, checkedAt: at }, complaint };
}

export async function checkTakedowns(
  deps: Pick<WorkflowDeps, 'store' | 'probe' | 'channelFor' | 'now' | 'takedownDue'>,
  who: WorkflowActor,
): Promise<TakedownReport> {
  const report: TakedownReport = { checked: [], leadsMoved: [] };
  const touched = new Set<number>();
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
    touched.add(notice.leadId);
  }
  // A lead moves once every notice of it is settled, on what all of them show.
  for (const leadId of touched) {
    const notices = await deps.store.notices.forLead(leadId);
    const items = notices.flatMap((n) => n.items);
    const next = leadOutcome(items);
    const lead = await deps.store.leads.get(leadId);
    if (
      !next ||
      !lead ||
      lead.state === next ||
      !transition(lead.state, next, { actor: who.actor, at: who.at, reason: 'check' }).ok
    )
      continue;
    if (lead.state !== 'notice_sent' && !(lead.state === 'taken_down' && next === 'counter_noticed'))
      continue;
    const reason = `通知复查结果 (takedown check): ${notices.map((n) => `#${n.id} ${n.status}`).join(', ')}`;
    checkMove(lead.state, next, reason, who);
    await deps.store.leads.move(lead.id, { from: lead.state, to: next, reason }, who);
    report.leadsMoved.push({ leadId: lead.id, from: lead.state, to: next });
  }
  return report;
}
