import type { NoticeItem } from '../model/index.js';
import type { WorkflowDeps } from './deps.js';
import { publicityRows, type HandledNotice, type PublicityOutcome, type PublicityRow } from './publicity.js';

/*
 * The 公示 list (EC Law Art. 44: notices, declarations and results are published): one row per listing of a
 * handled notice, with personal data redacted by publicityRows. Listings still waiting for a result are left
 * out until they have one.
 */

const OUTCOME: Partial<Record<NoticeItem['status'], PublicityOutcome>> = {
  taken_down: 'taken_down',
  rejected: 'rejected',
  counter_noticed: 'counter_noticed',
};

interface StoredBody {
  notifier?: { name?: string; contact?: string };
  right?: { name?: string; registrationNo?: string | null };
  seller?: { name?: string; id?: string };
  listings?: { findingId: number; title?: string }[];
}

export async function publicityList(
  deps: Pick<WorkflowDeps, 'store'>,
  limit = 1000,
): Promise<PublicityRow[]> {
  const handled: HandledNotice[] = [];
  for (const notice of await deps.store.notices.handled(limit)) {
    const body = (notice.body ?? {}) as StoredBody;
    for (const item of notice.items) {
      const outcome = OUTCOME[item.status];
      if (!outcome) continue;
      handled.push({
        noticeId: String(notice.id),
        platform: notice.platform,
        sellerName: body.seller?.name ?? '',
        sellerId: body.seller?.id ?? '',
        notifierName: body.notifier?.name ?? '',
        ...(body.notifier?.contact ? { notifierContact: body.notifier.contact } : {}),
        listingTitle: body.listings?.find((l) => l.findingId === item.findingId)?.title ?? item.listingId,
        listingUrl: item.url,
        right: {
          name: body.right?.name ?? notice.rightId ?? '',
          ...(body.right?.registrationNo ? { registrationNumber: body.right.registrationNo } : {}),
        },
        outcome,
        noticeSentAt: notice.sentAt,
        outcomeAt: item.takenDownAt ?? item.checkedAt ?? notice.sentAt,
      });
    }
  }
  return publicityRows(handled);
}
