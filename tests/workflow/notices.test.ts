import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Right } from '../../src/model/index.js';
import type { WorkflowDeps } from '../../src/workflow/deps.js';
import { documentChannel } from '../../src/workflow/noticeChannels.js';
import { confirmFinding } from '../../src/workflow/review.js';
import { recordSubmission, sendNotices } from '../../src/workflow/sendNotice.js';
import { checkTakedowns } from '../../src/workflow/takedownCheck.js';
import { describeStores } from '../helpers/pgStore.js';
import { useTempDir } from '../helpers/tempDir.js';
import { staff, workflowStore } from './workflowFixture.js';

const tempDir = useTempDir();

const NAIKE: Right = {
  id: 'tm-naike',
  kind: 'trademark',
  name: '耐克',
  aliases: [],
  registrationNo: '146658',
  niceClasses: [25, 28],
  owner: '耐克创新有限合伙公司',
  validFrom: '2021-03-01',
  validTo: '2031-02-28',
  wellKnown: true,
  authorizedSellers: [],
};

function deps(store: WorkflowDeps['store'], dir: string, up: Set<string>, now: () => Date): WorkflowDeps {
  return {
    store,
    rightOf: async (id) => (id === NAIKE.id ? NAIKE : null),
    channelFor: () => documentChannel(dir),
    office: { name: '示例市场监督管理局', regionCode: '330100' },
    notifierFor: (right) => ({
      name: right?.kind === 'trademark' ? right.owner : '执法局',
      office: '示例市场监督管理局',
    }),
    probe: async (url) => (up.has(url) ? 'up' : 'gone'),
    now,
    takedownDue: (_platform, sentAt) => new Date(Date.parse(sentAt) + 7 * 86_400_000).toISOString(),
  };
}

describeStores('notices', (_open, kind) => {
  it('writes a document with what the law requires, records the manual submission, and checks takedowns', async () => {
    const dir = tempDir();
    const { store, listed } = await workflowStore(join(dir, 'data'), kind);
    const hostile = await listed('s1', { title: '耐克 <script>alert(1)</script> | 高仿 `x`' });
    const plain = await listed('s1');
    let clock = Date.parse('2026-12-01T00:00:00Z');
    const up = new Set<string>();
    const d = deps(store, join(dir, 'notices'), up, () => new Date(clock));
    const { lead } = await confirmFinding(d, hostile, staff(), async () => ({
      score: 1,
      tier: 'high',
      parts: [],
    }));
    await confirmFinding(d, plain, staff(), async () => ({ score: 1, tier: 'high', parts: [] }));
    const [notice] = await sendNotices(d, lead.id, staff());
    expect(notice).toMatchObject({ channel: 'document', status: 'sent', leadId: lead.id });
    expect(notice!.items).toHaveLength(2);
    const text = readFileSync(notice!.documentPath!, 'utf8');
    expect(text).toContain('通知人：耐克创新有限合伙公司');
    expect(text).toContain('注册/公告号 146658，类别 25、28，有效期 2021-03-01 至 2031-02-28');
    expect(text).toContain('https://shop.example/item/L1');
    expect(text).toContain('证据摘要 SHA-256：');
    expect(text).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(text).not.toContain('<script>');
    expect(text).toContain('通知人保证');
    // A second send has nothing new to notify.
    await expect(sendNotices(d, lead.id, staff())).rejects.toThrow(/no confirmed finding not yet noticed/);
    await recordSubmission(
      d,
      notice!.id,
      { at: '2026-12-01T03:00:00.000Z', how: '平台知识产权保护平台网页提交' },
      staff(),
    );
    expect(await store.notices.get(notice!.id)).toMatchObject({
      submittedHow: '平台知识产权保护平台网页提交',
    });

    // Day 2: one listing is gone, the other still up (within the window): nothing settles.
    up.add('https://shop.example/item/L2');
    clock += 86_400_000;
    const first = await checkTakedowns(d, staff());
    expect(first.checked.map((c) => [c.url, c.status, c.overdue])).toEqual([
      ['https://shop.example/item/L1', 'taken_down', false],
      ['https://shop.example/item/L2', 'sent', false],
    ]);
    expect(first.checked[0]!.hoursToTakedown).toBe(24);
    expect((await store.notices.get(notice!.id))?.status).toBe('partial');
    expect((await store.leads.get(lead.id))?.state).toBe('notice_sent');
    // Day 9: the second is still up past the 7-day window: flagged.
    clock += 8 * 86_400_000;
    const second = await checkTakedowns(d, staff());
    expect(second.checked).toEqual([
      expect.objectContaining({ url: 'https://shop.example/item/L2', status: 'still_up', overdue: true }),
    ]);
    // Then it goes: the whole notice is taken down and so is the lead.
    up.clear();
    clock += 86_400_000;
    const third = await checkTakedowns(d, staff());
    expect(third.leadsMoved).toEqual([{ leadId: lead.id, from: 'notice_sent', to: 'taken_down' }]);
    expect(await store.notices.open()).toEqual([]);
    expect((await store.audit.verify()).ok).toBe(true);
    await store.close();
  });

  it('splits a lead of more than 300 listings into notices of at most 300', async () => {
    const dir = tempDir();
    const { store, listed } = await workflowStore(join(dir, 'data'), kind);
    const ids: number[] = [];
    for (let i = 0; i < 301; i++) ids.push(await listed('big'));
    const d = deps(store, join(dir, 'notices'), new Set(), () => new Date('2026-12-01T00:00:00Z'));
    for (const id of ids)
      await confirmFinding(d, id, staff(), async () => ({ score: 1, tier: 'high', parts: [] }));
    const notices = await sendNotices(d, (await store.leads.list())[0]!.id, staff());
    expect(notices.map((n) => n.items.length)).toEqual([300, 1]);
    // The lead moved to notice_sent once.
    const moves = (await store.leads.transitions(notices[0]!.leadId)).filter((t) => t.to === 'notice_sent');
    expect(moves).toHaveLength(1);
    await store.close();
  }, 60_000);
});
