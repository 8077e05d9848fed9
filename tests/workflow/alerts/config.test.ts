import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../src/config/loadConfig.js';
import { CONFIG_DEFAULTS } from '../../../src/config/schema.js';

const alertsOf = (alerts: unknown) => parseConfig({ alerts }, 'markwatch.config.json').alerts;

function problem(alerts: unknown): { key: string | undefined; message: string } {
  try {
    alertsOf(alerts);
  } catch (err) {
    if (err instanceof ConfigError) return { key: err.key, message: err.message };
    throw err;
  }
  throw new Error('no error');
}

describe('alerts configuration', () => {
  it('is optional, with its defaults in the schema', () => {
    expect(CONFIG_DEFAULTS.alerts).toEqual({
      channels: [],
      digest: { enabled: true, hourChina: 8 },
      retry: { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 21_600_000 },
    });
  });

  it('fills in channel ids and defaults', () => {
    const alerts = alertsOf({
      channels: [
        { kind: 'webhook', url: 'https://hooks.example.cn/mw', secretEnv: 'MW_HOOK' },
        { kind: 'smtp', host: 'smtp.example.cn', from: 'mw@example.cn', to: ['duty@example.cn'] },
        {
          kind: 'webhook',
          id: 'ops',
          url: 'http://10.0.0.5/hook',
          secret: '0123456789abcdef',
          events: ['crawl_failed'],
        },
      ],
    });
    expect(alerts.channels.map((c) => c.id)).toEqual(['webhook-1', 'smtp-1', 'ops']);
    expect(alerts.channels[1]).toMatchObject({
      port: 587,
      secure: false,
      requireTLS: false,
      timeoutMs: 10_000,
    });
    expect(alerts.channels[0]!.events).toEqual([
      'high_risk_lead',
      'relisting',
      'overdue',
      'crawl_failed',
      'digest',
    ]);
  });

  it('refuses bad channels, naming the field', () => {
    expect(problem({ channels: [{ kind: 'webhook', url: 'ftp://x/', secretEnv: 'A' }] })).toMatchObject({
      key: 'alerts.channels[0].url',
    });
    expect(problem({ channels: [{ kind: 'webhook', url: 'http://x/' }] })).toMatchObject({
      key: 'alerts.channels[0].secret',
      message: expect.stringContaining('set exactly one of secret and secretEnv'),
    });
    expect(problem({ channels: [{ kind: 'webhook', url: 'http://x/', secret: 'short' }] }).key).toBe(
      'alerts.channels[0].secret',
    );
    expect(
      problem({ channels: [{ kind: 'smtp', host: 'h', from: 'a@b.cn', to: ['c@d.cn'], events: ['lead'] }] })
        .key,
    ).toBe('alerts.channels[0].events[0]');
    expect(problem({ channels: [{ kind: 'smtp', host: 'h', from: 'a@b.cn', to: [] }] }).key).toBe(
      'alerts.channels[0].to',
    );
    expect(
      problem({ channels: [{ kind: 'smtp', host: 'h', from: 'a@b.cn', to: ['c@d.cn'], passEnv: 'P' }] }).key,
    ).toBe('alerts.channels[0].user');
    expect(
      problem({ channels: [{ kind: 'smtp', host: 'h', from: 'a@b.cn', to: ['c@d.cn'], pass: 'x' }] }).message,
    ).toContain('alerts.channels[0]');
    expect(
      problem({
        channels: [
          { kind: 'webhook', id: 'x', url: 'http://a/', secretEnv: 'A' },
          { kind: 'webhook', id: 'x', url: 'http://b/', secretEnv: 'B' },
        ],
      }),
    ).toMatchObject({
      key: 'alerts.channels',
      message: expect.stringContaining('channel ids must be unique'),
    });
    expect(problem({ digest: { hourChina: 24 } }).key).toBe('alerts.digest.hourChina');
    expect(problem({ retry: { maxAttempts: 0 } }).key).toBe('alerts.retry.maxAttempts');
  });
});
