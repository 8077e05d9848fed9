import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { WorkflowDeps } from '../../src/workflow/deps.js';
import type { ComplaintStatus, NoticeChannel } from '../../src/workflow/noticeChannels.js';
import { confirmFinding } from '../../src/workflow/review.js';
import { sendNotices } from '../../src/workflow/sendNotice.js';
import { checkTakedowns } from '../../src/workflow/takedownCheck.js';
import { safeNext } from '../../src/web/authRoutes.js';
import { describeStores, type StoreKind } from '../helpers/pgStore.js';
import { useTempDir } from '../helpers/tempDir.js';
import { staff, workflowStore } from './workflowFixture.js';

/* How a lead settles from its notices' outcomes, with a platform stubbed (the outside world). */

const tempDir = useTempDir();

function stubPlatform(answers: Record<string, ComplaintStatus['status']>): NoticeChannel {
  let n = 0;
  const ids = new Map<string, string>();
  return {
    kind: 'api',
    async submit(body) {
      return {
        documentPath: null,
        items: body.listings.map((l) => {
          const id = `NT-${++n}`;
          ids.set(id, l.url);
          return { findingId: l.findingId, externalId: id, status: 'sent' as const, rejectReason: null };
        }),
      };
    },
    async status(id) {
      const status = answers[ids.get(id) ?? ''] ?? 'received';
      return {
        status,
        decidedAt: '2026-12-01T01:00:00.000Z',
        rejectReason: status === 'rejected' ? '证据不足' : null,
        counterDeliveredAt: status === 'counter_noticed' ? '2026-12-01T02:00:00.000Z' : null,
      };
    },
  };
}

async function leadWithNotice(
  kind: StoreKind,
  answers: Record<string, ComplaintStatus['status']>,
  gone: string[],
) {
  const { store, listed } = await workflowStore(join(tempDir(), 'data'), kind);
  const deps: WorkflowDeps = {
    store,
    rightOf: async () => null,
    channelFor: () => channel,
    notifierFor: () => ({ name: '权利人' }),
    office: { name: '示例局', regionCode: '330100' },
    probe: async (url) => (gone.includes(url) ? 'gone' : 'up'),
    now: () => new Date('2026-12-02T00:00:00Z'),
    takedownDue: () => '2026-12-08T00:00:00.000Z',
  };
  const channel = stubPlatform(answers);
  const a = await listed('s');
  const b = await listed('s');
  const risk = async () => ({ score: 1, tier: 'high' as const, parts: [] });
  const { lead } = await confirmFinding(deps, a, staff(), risk);
  await confirmFinding(deps, b, staff(), risk);
  await sendNotices(deps, lead.id, staff());
  return { store, deps, leadId: lead.id };
}

describeStores('takedown outcomes', (_open, kind) => {
  it('moves the lead to taken_down when every listing is settled, one taken down and one rejected', async () => {
    const L1 = 'https://shop.example/item/L1';
    const L2 = 'https://shop.example/item/L2';
    const { store, deps, leadId } = await leadWithNotice(kind, { [L2]: 'rejected' }, [L1]);
    const report = await checkTakedowns(deps, staff());
    expect(report.checked.map((c) => c.status).sort()).toEqual(['rejected', 'taken_down']);
    expect(report.leadsMoved).toEqual([{ leadId, from: 'notice_sent', to: 'taken_down' }]);
    expect((await store.notices.forLead(leadId))[0]?.status).toBe('partial');
    await store.close();
  });

  it('counts a counter-notice even when the page is gone, and waits while a listing is unsettled', async () => {
    const L1 = 'https://shop.example/item/L1';
    const { store, deps, leadId } = await leadWithNotice(kind, { [L1]: 'counter_noticed' }, [L1]);
    const first = await checkTakedowns(deps, staff());
    expect(first.checked.find((c) => c.url === L1)?.status).toBe('counter_noticed');
    // L2 is still up within the window: the lead waits.
    expect(first.leadsMoved).toEqual([]);
    expect((await store.leads.get(leadId))?.state).toBe('notice_sent');
    await store.close();
  });

  it('refuses a sign-in redirect that a browser would read as another site', () => {
    expect(safeNext('/leads/3')).toBe('/leads/3');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('/\t/evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
  });
});
