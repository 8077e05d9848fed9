import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/loadConfig.js';
import {
  AlertChannelError,
  channelsFromConfig,
  crawlFailedAlert,
  retryDelayMs,
  type WebhookPayload,
} from '../../../src/workflow/alerts/index.js';
import { startWebhookReceiver, type WebhookReceiver } from './receivers.js';
import { at, leadAlert, SECRET, T0, useDispatcher } from './setup.js';

const setup = useDispatcher();
const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});
async function receiver(answers: number[] = []) {
  const r = await startWebhookReceiver(answers);
  receivers.push(r);
  return r;
}
const kindsOf = (r: WebhookReceiver) =>
  r.requests.map((q) => (JSON.parse(q.rawBody.toString('utf8')) as WebhookPayload).dedupKey);

describe('alert dispatcher', () => {
  it('delivers an alert raised twice once per channel', async () => {
    const [a, b] = [await receiver(), await receiver()];
    const { dispatcher, repository } = setup({
      channels: [
        { kind: 'webhook', url: a.url, secret: SECRET },
        { kind: 'webhook', url: b.url, secret: SECRET },
      ],
    });
    expect(await dispatcher.enqueue(leadAlert())).toMatchObject({
      isNew: true,
      newDeliveries: ['webhook-1', 'webhook-2'],
    });
    // The next crawl sees the same lead again, an hour later, with a higher score.
    const again = await dispatcher.enqueue(leadAlert(at(3_600_000), { score: 95 }));
    expect(again).toMatchObject({ isNew: false, newDeliveries: [] });

    await dispatcher.deliverDue(at(3_600_000));
    await dispatcher.deliverDue(at(7_200_000));
    expect(kindsOf(a)).toEqual(['high_risk_lead:7']);
    expect(kindsOf(b)).toEqual(['high_risk_lead:7']);
    const stored = await repository.list();
    expect(stored).toHaveLength(1);
    // The first raising is what was stored and sent.
    expect(stored[0]!.data).toMatchObject({ score: 87 });
    expect(stored[0]!.deliveries.map((d) => [d.channelId, d.status])).toEqual([
      ['webhook-1', 'delivered'],
      ['webhook-2', 'delivered'],
    ]);
  });

  it('sends each channel only the kinds it subscribes to', async () => {
    const [leads, crawl] = [await receiver(), await receiver()];
    const { dispatcher } = setup({
      channels: [
        { kind: 'webhook', id: 'leads', url: leads.url, secret: SECRET, events: ['high_risk_lead'] },
        { kind: 'webhook', id: 'ops', url: crawl.url, secret: SECRET, events: ['crawl_failed'] },
      ],
    });
    await dispatcher.enqueue(leadAlert());
    const failedRun = crawlFailedAlert(
      {
        runId: 12,
        job: 'daily',
        status: 'failed',
        failedPages: 30,
        startedAt: T0.toISOString(),
        finishedAt: null,
      },
      T0,
    );
    expect(await dispatcher.enqueue(failedRun)).toMatchObject({ newDeliveries: ['ops'] });
    expect(await dispatcher.deliverDue(T0)).toMatchObject({ delivered: 2 });
    expect(kindsOf(leads)).toEqual(['high_risk_lead:7']);
    expect(kindsOf(crawl)).toEqual(['crawl_failed:12']);
  });

  it('does not send an alert before it is due', async () => {
    const hook = await receiver();
    const { dispatcher } = setup({
      channels: [{ kind: 'webhook', id: 'old', url: hook.url, secret: SECRET }],
    });
    await dispatcher.enqueue(leadAlert(at(60_000)));
    expect((await dispatcher.deliverDue(T0)).results).toEqual([]);
    expect(hook.requests).toHaveLength(0);
  });

  it('gives up a delivery whose channel was taken out of the configuration', async () => {
    const hook = await receiver();
    const { dispatcher, repository } = setup({
      channels: [{ kind: 'webhook', id: 'new', url: hook.url, secret: SECRET }],
    });
    await repository.enqueue(leadAlert(), ['gone'], T0);
    const report = await dispatcher.deliverDue(T0);
    expect(report).toMatchObject({ failed: 1, delivered: 0 });
    const [stored] = await repository.list();
    expect(stored!.deliveries[0]).toMatchObject({ channelId: 'gone', status: 'failed', attempts: 0 });
    expect(stored!.deliveries[0]!.lastError).toContain('channel no longer configured');
  });

  it('doubles the delay per attempt up to the cap', () => {
    const retry = { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, retry))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('names the environment variable and the field of a missing secret', () => {
    const config = parseConfig(
      {
        alerts: {
          channels: [
            { kind: 'smtp', host: 'h', from: 'a@b.cn', to: ['c@d.cn'] },
            { kind: 'webhook', url: 'http://127.0.0.1:1/', secretEnv: 'MW_HOOK' },
          ],
        },
      },
      'test.json',
    ).alerts;
    expect(() => channelsFromConfig(config, {})).toThrow(AlertChannelError);
    expect(() => channelsFromConfig(config, {})).toThrow(
      '提醒通道 webhook-1 所需的环境变量 MW_HOOK 未设置（alerts.channels[1].secretEnv: environment variable MW_HOOK is not set）',
    );
    expect(channelsFromConfig(config, { MW_HOOK: SECRET }).map((c) => c.id)).toEqual(['smtp-1', 'webhook-1']);
  });
});
