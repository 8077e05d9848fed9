import { expect, it } from 'vitest';
import type { Alert } from '../../src/store/alertRepository.js';
import { describeStores } from '../helpers/pgStore.js';

const T0 = new Date('2026-12-04T02:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

const alert = (key: string, kind: Alert['kind'] = 'high_risk_lead', createdAt = T0): Alert => ({
  kind,
  dedupKey: key,
  subject: `【markwatch】${key}`,
  text: `正文 ${key}`,
  html: `<p>${key}</p>`,
  data: { key, nested: { n: 1 } },
  createdAt: createdAt.toISOString(),
});

describeStores('alert repository', (open) => {
  const repo = async () => (await open()).alerts;

  it('stores an alert once per dedup key and a delivery once per channel', async () => {
    const r = await repo();
    const first = await r.enqueue(alert('k1'), ['hook', 'mail', 'hook'], T0);
    expect(first).toEqual({ alertId: expect.any(Number), isNew: true, newDeliveries: ['hook', 'mail'] });
    const again = await r.enqueue({ ...alert('k1'), subject: 'changed' }, ['hook', 'mail'], at(5000));
    expect(again).toEqual({ alertId: first.alertId, isNew: false, newDeliveries: [] });
    // A channel added later gets the alert; the others do not get it twice.
    const wider = await r.enqueue(alert('k1'), ['hook', 'mail', 'ops'], at(9000));
    expect(wider).toMatchObject({ isNew: false, newDeliveries: ['ops'] });

    const [stored, ...rest] = await r.list();
    expect(rest).toEqual([]);
    expect(stored).toMatchObject({ ...alert('k1'), id: first.alertId });
    expect(stored!.deliveries.map((d) => [d.channelId, d.status, d.attempts, d.nextAttemptAt])).toEqual([
      ['hook', 'pending', 0, T0.toISOString()],
      ['mail', 'pending', 0, T0.toISOString()],
      ['ops', 'pending', 0, at(9000).toISOString()],
    ]);
  });

  it('hands out due deliveries oldest first, each leased so that no second sender takes it', async () => {
    const r = await repo();
    await r.enqueue(alert('late'), ['hook'], at(2000));
    await r.enqueue(alert('early'), ['hook'], at(1000));
    await r.enqueue(alert('future'), ['hook'], at(60_000));

    const due = await r.claimDue(at(2000), at(12_000));
    expect(due.map((d) => d.alert.dedupKey)).toEqual(['early', 'late']);
    expect(due[0]).toMatchObject({ channelId: 'hook', attempts: 0, alert: alert('early') });
    expect(await r.claimDue(at(11_999), at(20_000))).toEqual([]);
    // A sender that died lets the lease lapse.
    const lapsed = await r.claimDue(at(12_000), at(100_000));
    expect(lapsed.map((d) => d.alert.dedupKey).sort()).toEqual(['early', 'late']);
    expect((await r.claimDue(at(60_000), at(70_000), 1)).map((d) => d.alert.dedupKey)).toEqual(['future']);
  });

  it('records a retry, a delivery and a give-up', async () => {
    const r = await repo();
    await r.enqueue(alert('ok'), ['hook'], T0);
    await r.enqueue(alert('bad'), ['hook'], T0);
    const [ok, bad] = await r.claimDue(T0, at(600_000));

    await r.markFailed(ok!.id, 1, 'HTTP 500', at(60_000), T0);
    await r.markFailed(bad!.id, 1, 'x'.repeat(5000), null, T0);
    expect((await r.claimDue(at(59_999), at(600_000))).map((d) => d.id)).toEqual([]);
    const retry = await r.claimDue(at(60_000), at(600_000));
    expect(retry).toMatchObject([{ id: ok!.id, attempts: 1 }]);
    await r.markDelivered(ok!.id, 2, at(60_000));
    // A late report about a finished delivery changes nothing.
    await r.markFailed(ok!.id, 3, 'late', at(120_000), at(61_000));

    const byKey = new Map((await r.list()).map((a) => [a.dedupKey, a.deliveries[0]!]));
    expect(byKey.get('ok')).toMatchObject({
      status: 'delivered',
      attempts: 2,
      lastError: 'HTTP 500',
      nextAttemptAt: null,
      deliveredAt: at(60_000).toISOString(),
      failedAt: null,
    });
    expect(byKey.get('bad')).toMatchObject({
      status: 'failed',
      attempts: 1,
      nextAttemptAt: null,
      failedAt: T0.toISOString(),
    });
    expect(byKey.get('bad')!.lastError).toHaveLength(1000);
    expect(await r.claimDue(at(999_999_999), at(1_000_000_000))).toEqual([]);
  });

  it('lists alerts newest first, by time window and kind', async () => {
    const r = await repo();
    await r.enqueue(alert('a', 'high_risk_lead', at(0)), [], T0);
    await r.enqueue(alert('b', 'overdue', at(1000)), [], T0);
    await r.enqueue(alert('c', 'digest', at(2000)), [], T0);
    await r.enqueue(alert('d', 'overdue', at(3000)), [], T0);
    const keys = async (q: Parameters<typeof r.list>[0]) => (await r.list(q)).map((a) => a.dedupKey);
    expect(await keys({})).toEqual(['d', 'c', 'b', 'a']);
    expect(await keys({ since: at(1000).toISOString(), until: at(3000).toISOString() })).toEqual(['c', 'b']);
    expect(await keys({ kinds: ['overdue', 'high_risk_lead'] })).toEqual(['d', 'b', 'a']);
    expect(await keys({ limit: 1 })).toEqual(['d']);
  });

  it('refuses an unknown kind, writing nothing', async () => {
    const r = await repo();
    await expect(r.enqueue(alert('x', 'nonsense' as Alert['kind']), ['hook'], T0)).rejects.toThrow(/check/i);
    expect(await r.list()).toEqual([]);
  });
});
