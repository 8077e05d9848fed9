import { afterEach, describe, expect, it } from 'vitest';
import {
  buildDigest,
  crawlFailedAlert,
  digestWindow,
  overdueAlert,
  type StoredAlert,
  type WebhookPayload,
} from '../../../src/workflow/alerts/index.js';
import { startWebhookReceiver, type WebhookReceiver } from './receivers.js';
import { leadAlert, SECRET, useDispatcher } from './setup.js';

const setup = useDispatcher();
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** China time, as an instant. */
const cst = (local: string) => new Date(`${local}+08:00`);

const overdue = (leadId: number, now: Date) =>
  overdueAlert(
    {
      leadId,
      deadline: 'counter_notice_15d',
      deadlineLabel: '不侵权声明转送后 15 日',
      dueDate: '2026-12-01',
      daysOverdue: 2,
    },
    now,
  );

describe('daily digest', () => {
  it('covers the previous China day from the configured hour on', () => {
    const digest = { enabled: true, hourChina: 8 };
    expect(digestWindow(cst('2026-12-04T07:59:59'), digest)).toBeNull();
    expect(digestWindow(cst('2026-12-04T08:00:00'), digest)).toEqual({
      day: '2026-12-03',
      since: '2026-12-02T16:00:00.000Z',
      until: '2026-12-03T16:00:00.000Z',
    });
    // 01:00 UTC is already 09:00 in China: the China day counts, not the UTC one.
    expect(digestWindow(new Date('2026-12-04T01:00:00Z'), digest)?.day).toBe('2026-12-03');
    expect(digestWindow(cst('2026-12-04T09:00:00'), { enabled: false, hourChina: 8 })).toBeNull();
  });

  it('groups the day’s alerts by kind, counts them and escapes their text', () => {
    const now = cst('2026-12-04T08:00:00');
    const stored = (alert: ReturnType<typeof leadAlert>, id: number): StoredAlert => ({ ...alert, id });
    const alerts = [
      stored(overdue(3, cst('2026-12-03T10:00:00')), 3),
      stored(leadAlert(cst('2026-12-03T09:00:00'), { sellerName: '<b>坏店</b>' }), 1),
      stored(leadAlert(cst('2026-12-03T11:00:00'), { leadId: 9, sellerName: '好又多' }), 2),
    ];
    const window = digestWindow(now, { enabled: true, hourChina: 8 })!;
    const digest = buildDigest(alerts, window, now)!;
    expect(digest.kind).toBe('digest');
    expect(digest.dedupKey).toBe('digest:2026-12-03');
    expect(digest.subject).toBe('【markwatch】每日提醒汇总：2026-12-03 共 3 条');
    expect(digest.text.split('\n')).toEqual([
      '【markwatch】每日提醒汇总：2026-12-03 共 3 条',
      '',
      '高风险线索 2 条，期限已逾期 1 条',
      '',
      '高风险线索（2 条）',
      '- 高风险线索：<b>坏店</b> · NIKE 耐克（线索 7）',
      '- 高风险线索：好又多 · NIKE 耐克（线索 9）',
      '',
      '期限已逾期（1 条）',
      '- 期限已逾期：线索 3 不侵权声明转送后 15 日已逾期 2 日',
      '',
      '详情见 markwatch 线索与待办列表。',
    ]);
    expect(digest.html).toContain('<li>高风险线索：&lt;b&gt;坏店&lt;/b&gt; · NIKE 耐克（线索 7）</li>');
    expect(digest.html).not.toContain('<b>');
    expect(digest.data).toMatchObject({
      day: '2026-12-03',
      counts: { high_risk_lead: 2, relisting: 0, overdue: 1, crawl_failed: 0 },
    });
    expect(buildDigest([], window, now)).toBeNull();
  });

  it('is enqueued once per day for the channels that take it, with only that day’s alerts', async () => {
    const hook = await startWebhookReceiver();
    receiver = hook;
    const { dispatcher, repository } = setup({
      channels: [{ kind: 'webhook', id: 'morning', url: hook.url, secret: SECRET, events: ['digest'] }],
      digest: { hourChina: 8 },
    });
    await dispatcher.enqueue(leadAlert(cst('2026-12-02T23:59:59')));
    await dispatcher.enqueue(overdue(3, cst('2026-12-03T00:00:00')));
    await dispatcher.enqueue(
      crawlFailedAlert(
        {
          runId: 4,
          job: 'daily',
          status: 'failed',
          failedPages: 3,
          error: 'net::ERR_CONNECTION_REFUSED',
          startedAt: '2026-12-03T15:00:00.000Z',
          finishedAt: '2026-12-03T15:30:00.000Z',
        },
        cst('2026-12-03T23:30:00'),
      ),
    );
    await dispatcher.enqueue(overdue(5, cst('2026-12-04T07:00:00')));
    // The channel takes only the digest: the alerts themselves went nowhere.
    expect((await dispatcher.deliverDue(cst('2026-12-04T07:30:00'))).results).toEqual([]);

    expect(await dispatcher.enqueueDigest(cst('2026-12-04T07:59:00'))).toBeNull();
    expect(await dispatcher.enqueueDigest(cst('2026-12-04T08:00:00'))).toMatchObject({ isNew: true });
    expect(await dispatcher.enqueueDigest(cst('2026-12-04T09:00:00'))).toMatchObject({
      isNew: false,
      newDeliveries: [],
    });
    expect(await dispatcher.deliverDue(cst('2026-12-04T09:00:00'))).toMatchObject({ delivered: 1 });

    expect(hook.requests).toHaveLength(1);
    const payload = JSON.parse(hook.requests[0]!.rawBody.toString('utf8')) as WebhookPayload;
    expect(payload.kind).toBe('digest');
    expect(payload.subject).toBe('【markwatch】每日提醒汇总：2026-12-03 共 2 条');
    expect(payload.data).toMatchObject({
      day: '2026-12-03',
      counts: { high_risk_lead: 0, relisting: 0, overdue: 1, crawl_failed: 1 },
    });
    expect(payload.text).toContain('- 采集任务失败：任务 daily 第 4 次运行（failed）');
    expect((await repository.list({ kinds: ['digest'] })).map((a) => a.dedupKey)).toEqual([
      'digest:2026-12-03',
    ]);
  });
});
