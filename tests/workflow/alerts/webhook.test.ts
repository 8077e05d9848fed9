import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { verifySignature, type WebhookPayload } from '../../../src/workflow/alerts/index.js';
import { startWebhookReceiver, type WebhookReceiver } from './receivers.js';
import { at, leadAlert, SECRET, T0, useDispatcher } from './setup.js';

const setup = useDispatcher();
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const webhook = (url: string, extra: object = {}) => ({
  channels: [{ kind: 'webhook', id: 'office-hook', url, secretEnv: 'HOOK_SECRET', ...extra }],
  retry: { maxAttempts: 3, baseDelayMs: 60_000 },
});

describe('webhook alerts', () => {
  it('POSTs the alert as JSON, signed so that the receiver verifies it', async () => {
    const hook = await startWebhookReceiver();
    receiver = hook;
    const { dispatcher, repository } = setup(webhook(hook.url), { HOOK_SECRET: SECRET });
    await dispatcher.enqueue(leadAlert());
    const report = await dispatcher.deliverDue(T0);

    expect(report).toMatchObject({ delivered: 1, retrying: 0, failed: 0 });
    expect(hook.requests).toHaveLength(1);
    const [req] = hook.requests;
    expect(req!.headers['content-type']).toMatch(/^application\/json/);
    const signed = {
      secret: SECRET,
      body: req!.rawBody,
      timestamp: req!.headers['x-markwatch-timestamp'] as string,
      signature: req!.headers['x-markwatch-signature'] as string,
      now: at(30_000),
    };
    expect(signed.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signed.timestamp).toBe(String(T0.getTime() / 1000));
    expect(verifySignature(signed)).toBe(true);
    // The documented contract, computed independently: HMAC-SHA256 over "<timestamp>.<raw body>".
    const mac = createHmac('sha256', SECRET)
      .update(`${signed.timestamp}.`)
      .update(req!.rawBody)
      .digest('hex');
    expect(signed.signature).toBe(`sha256=${mac}`);
    // The signature covers the bytes, the timestamp and the secret.
    const tampered = Buffer.from(req!.rawBody.toString('utf8').replace('"score":87', '"score":12'));
    expect(verifySignature({ ...signed, body: tampered })).toBe(false);
    expect(verifySignature({ ...signed, timestamp: String(T0.getTime() / 1000 + 1) })).toBe(false);
    expect(verifySignature({ ...signed, secret: `${SECRET}x` })).toBe(false);
    // A replay ten minutes later is refused.
    expect(verifySignature({ ...signed, now: at(600_000) })).toBe(false);

    const payload = JSON.parse(req!.rawBody.toString('utf8')) as WebhookPayload;
    expect(payload).toMatchObject({
      schema: 'markwatch.alert/1',
      kind: 'high_risk_lead',
      dedupKey: 'high_risk_lead:7',
      subject: '【markwatch】高风险线索：潮牌折扣店 · NIKE 耐克（线索 7）',
      data: { leadId: 7, score: 87, sellerName: '潮牌折扣店' },
      createdAt: T0.toISOString(),
    });
    expect(payload.text).toContain('风险分：87（high）');
    expect(req!.headers['x-markwatch-delivery']).toBe(String(payload.deliveryId));

    const [stored] = await repository.list();
    expect(stored!.deliveries).toEqual([
      expect.objectContaining({
        channelId: 'office-hook',
        status: 'delivered',
        attempts: 1,
        lastError: null,
      }),
    ]);
    expect(stored!.deliveries[0]!.deliveredAt).toBe(T0.toISOString());
  });

  it('retries after a 500 when the clock reaches the backoff, then records the delivery', async () => {
    const hook = await startWebhookReceiver([500]);
    receiver = hook;
    const { dispatcher, repository } = setup(webhook(hook.url), { HOOK_SECRET: SECRET });
    await dispatcher.enqueue(leadAlert());

    const first = await dispatcher.deliverDue(T0);
    expect(first).toMatchObject({ delivered: 0, retrying: 1, failed: 0 });
    expect(first.results[0]!.error).toContain('HTTP 500');
    expect(first.results[0]!.nextAttemptAt).toBe(at(60_000).toISOString());
    let [stored] = await repository.list();
    expect(stored!.deliveries[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: at(60_000).toISOString(),
    });
    expect(stored!.deliveries[0]!.lastError).toMatch(/^webhook 返回 HTTP 500/);

    // Not yet due: nothing is sent.
    expect((await dispatcher.deliverDue(at(59_999))).results).toEqual([]);
    expect(hook.requests).toHaveLength(1);

    const second = await dispatcher.deliverDue(at(60_000));
    expect(second).toMatchObject({ delivered: 1, retrying: 0, failed: 0 });
    expect(hook.requests.map((r) => r.status)).toEqual([500, 200]);
    // The retry is the same delivery, so the receiver can tell it is a repeat.
    expect(hook.requests[1]!.headers['x-markwatch-delivery']).toBe(
      hook.requests[0]!.headers['x-markwatch-delivery'],
    );
    [stored] = await repository.list();
    expect(stored!.deliveries[0]).toMatchObject({
      status: 'delivered',
      attempts: 2,
      deliveredAt: at(60_000).toISOString(),
      nextAttemptAt: null,
    });
    expect((await dispatcher.deliverDue(at(3_600_000))).results).toEqual([]);
  });

  it('gives up after maxAttempts with exponential backoff, and records the failure', async () => {
    const hook = await startWebhookReceiver([503, 503, 503, 503]);
    receiver = hook;
    const { dispatcher, repository } = setup(webhook(hook.url), { HOOK_SECRET: SECRET });
    await dispatcher.enqueue(leadAlert());

    const r1 = await dispatcher.deliverDue(T0);
    expect(r1.results[0]).toMatchObject({ outcome: 'retrying', nextAttemptAt: at(60_000).toISOString() });
    const r2 = await dispatcher.deliverDue(at(60_000));
    expect(r2.results[0]).toMatchObject({ outcome: 'retrying', nextAttemptAt: at(180_000).toISOString() });
    const r3 = await dispatcher.deliverDue(at(180_000));
    expect(r3).toMatchObject({ delivered: 0, retrying: 0, failed: 1 });
    expect(r3.results[0]).toMatchObject({ attempt: 3, outcome: 'failed' });

    expect(hook.requests).toHaveLength(3);
    expect((await dispatcher.deliverDue(at(86_400_000))).results).toEqual([]);
    const [stored] = await repository.list();
    expect(stored!.deliveries[0]).toMatchObject({
      status: 'failed',
      attempts: 3,
      failedAt: at(180_000).toISOString(),
      nextAttemptAt: null,
    });
    expect(stored!.deliveries[0]!.lastError).toContain('HTTP 503');
  });

  it('records an unreachable receiver as a failed attempt', async () => {
    const closed = await startWebhookReceiver();
    const url = closed.url;
    await closed.close();
    const { dispatcher } = setup(webhook(url, { timeoutMs: 5000 }), { HOOK_SECRET: SECRET });
    await dispatcher.enqueue(leadAlert());
    const report = await dispatcher.deliverDue(T0);
    expect(report.results[0]).toMatchObject({ outcome: 'retrying' });
    expect(report.results[0]!.error).toMatch(/^webhook 无法送达（http:\/\/127\.0\.0\.1:\d+/);
  });
});
