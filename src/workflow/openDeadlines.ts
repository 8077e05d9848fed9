import type { Lead, Notice } from '../model/index.js';
import type { WorkflowDeps } from './deps.js';
import { computeDeadline } from './deadlines.js';
import type { OpenDeadline } from './dueList.js';

/*
 * The deadlines that are still running, from the notices on record: a platform's window to act on a notice
 * (for listings not yet settled), and the 15 days of E-Commerce Law Art. 43 once a counter-notice reached the
 * rights holder (until the lead moves on: complaint filed, restored or closed).
 */

const subject = (lead: Lead | null, notice: Notice) =>
  `线索 #${notice.leadId}（${notice.platform} ${lead?.sellerName ?? ''}）通知 #${notice.id}`;

export async function openDeadlines(deps: Pick<WorkflowDeps, 'store'>): Promise<OpenDeadline[]> {
  const open: OpenDeadline[] = [];
  for (const notice of await deps.store.notices.open()) {
    const lead = await deps.store.leads.get(notice.leadId);
    if (notice.items.some((i) => i.status === 'sent' || i.status === 'still_up')) {
      open.push({
        id: `takedown_window:${notice.id}`,
        subject: subject(lead, notice),
        leadId: notice.leadId,
        deadline: computeDeadline({
          kind: 'takedown_window',
          start: notice.sentAt,
          platform: notice.platform,
        }),
      });
    }
    if (notice.counterDeliveredAt && lead?.state === 'counter_noticed') {
      open.push({
        id: `counter_notice:${notice.id}`,
        subject: subject(lead, notice),
        leadId: notice.leadId,
        deadline: computeDeadline({ kind: 'counter_notice', start: notice.counterDeliveredAt }),
      });
    }
  }
  return open;
}
