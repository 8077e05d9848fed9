import { afterEach, describe, expect, it } from 'vitest';
import { relistingAlert } from '../../../src/workflow/alerts/index.js';
import { startSmtpReceiver, type SmtpReceiver } from './receivers.js';
import { at, leadAlert, T0, useDispatcher } from './setup.js';

const setup = useDispatcher();
let receiver: SmtpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const smtp = (port: number, extra: object = {}) => ({
  channels: [
    {
      kind: 'smtp',
      id: 'office-mail',
      host: '127.0.0.1',
      port,
      from: 'markwatch <alerts@amr.example.cn>',
      to: ['duty@amr.example.cn', 'lead@amr.example.cn'],
      ...extra,
    },
  ],
  retry: { maxAttempts: 4, baseDelayMs: 30_000 },
});

describe('e-mail alerts', () => {
  it('sends the alert to every recipient, with the Chinese subject, text and escaped HTML', async () => {
    const server = await startSmtpReceiver();
    receiver = server;
    const { dispatcher, repository } = setup(smtp(server.port, { user: 'markwatch', passEnv: 'SMTP_PASS' }), {
      SMTP_PASS: 'p@ss 口令',
    });
    await dispatcher.enqueue(
      leadAlert(T0, {
        listings: [
          {
            title: '<img src=x onerror=alert(1)> 耐克\r\nBcc: victim@example.com',
            url: 'javascript:alert(1)',
          },
        ],
      }),
    );
    const report = await dispatcher.deliverDue(T0);

    expect(report).toMatchObject({ delivered: 1, failed: 0, retrying: 0 });
    expect(server.logins).toEqual([{ username: 'markwatch', password: 'p@ss 口令' }]);
    expect(server.messages).toHaveLength(1);
    const mail = server.messages[0]!;
    expect(mail.subject).toBe('【markwatch】高风险线索：潮牌折扣店 · NIKE 耐克（线索 7）');
    expect(mail.envelopeTo).toEqual(['duty@amr.example.cn', 'lead@amr.example.cn']);
    expect(mail.from?.text).toContain('alerts@amr.example.cn');
    expect(mail.text).toContain('卖家：潮牌折扣店（s-42）');
    expect(mail.text).toContain('得分构成：命中 40，销量 25，价差 22');
    // The hostile title stays one line of text: no header injection, no markup.
    expect(mail.text).toContain('商品 1：<img src=x onerror=alert(1)> 耐克 Bcc: victim@example.com');
    expect(mail.headers.get('bcc')).toBeUndefined();
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt; 耐克 Bcc: victim@example.com');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('javascript:');
    expect(mail.headers.get('x-markwatch-alert')).toBe('high_risk_lead:7');

    const [stored] = await repository.list();
    expect(stored!.deliveries[0]).toMatchObject({
      channelId: 'office-mail',
      status: 'delivered',
      attempts: 1,
    });
  });

  it('retries a message the server refused, once the clock reaches the backoff', async () => {
    const server = await startSmtpReceiver(1);
    receiver = server;
    const { dispatcher, repository } = setup(smtp(server.port));
    const alert = relistingAlert(
      {
        leadId: 7,
        platform: 'shopa',
        listingId: 'a-901',
        relistingOf: 'a-117',
        title: '耐克 Air 运动鞋 工厂直销',
        url: 'http://127.0.0.1:8090/item/a-901',
        sellerName: '潮牌折扣店',
        takenDownAt: '2026-12-01T04:00:00.000Z',
        seenAt: T0.toISOString(),
      },
      T0,
    );
    await dispatcher.enqueue(alert);

    const first = await dispatcher.deliverDue(T0);
    expect(first).toMatchObject({ delivered: 0, retrying: 1 });
    expect(first.results[0]!.error).toMatch(/^邮件发送失败（127\.0\.0\.1:\d+: .*451/);
    expect(first.results[0]!.nextAttemptAt).toBe(at(30_000).toISOString());
    expect(server.messages).toHaveLength(0);

    expect((await dispatcher.deliverDue(at(29_999))).results).toEqual([]);
    const second = await dispatcher.deliverDue(at(30_000));
    expect(second).toMatchObject({ delivered: 1, retrying: 0 });
    expect(server.messages).toHaveLength(1);
    const mail = server.messages[0]!;
    expect(mail.subject).toBe('【markwatch】删除后重新上架：shopa 潮牌折扣店：耐克 Air 运动鞋 工厂直销');
    expect(mail.text).toContain('删除时间：2026-12-01T12:00:00+08:00');
    expect(mail.text).toContain('线索编号：7（已重新打开）');
    expect(mail.html).toContain('<a href="http://127.0.0.1:8090/item/a-901">');

    const [stored] = await repository.list();
    expect(stored!.deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(stored!.deliveries[0]!.lastError).toContain('451');
  });
});
