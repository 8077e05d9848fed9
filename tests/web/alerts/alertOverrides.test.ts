import { describe, expect, it } from 'vitest';
import { AlertsConfigSchema } from '../../../src/config/schema.js';
import { openStore } from '../../../src/store/index.js';
import {
  applyAlertOverrides,
  effectiveAlertsConfig,
  secretIsSet,
} from '../../../src/workflow/alertSettings.js';
import { useTempDir } from '../../helpers/tempDir.js';

/* Overrides over the file's alerts section: applied through the config schema; stale ones are not applied. */

const tempDir = useTempDir();
const who = { actor: 'alice', role: 'officer', osUser: 'web:127.0.0.1', at: '2026-12-04T08:00:00.000Z' };
const base = AlertsConfigSchema.parse({
  channels: [{ kind: 'webhook', id: 'office', url: 'https://hooks.example.cn/a', secretEnv: 'MW_HOOK_TEST' }],
});

describe('alert overrides', () => {
  it('applies what the schema accepts and names the field of what it refuses', () => {
    const ok = applyAlertOverrides(base, {
      channels: { office: { events: ['digest'] }, gone: { url: 'x' } },
      digest: {},
      retry: { maxAttempts: 2 },
    });
    expect(ok.ok && ok.config.channels[0]!.events).toEqual(['digest']);
    expect(ok.ok && ok.config.retry.maxAttempts).toBe(2);
    const bad = applyAlertOverrides(base, {
      channels: { office: { events: ['nonsense'] } },
      digest: { hourChina: 24 },
      retry: {},
    });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.map((p) => p.field).sort()).toEqual([
      'channels.office.events',
      'digest.hourChina',
    ]);
  });

  it('uses the file alone when saved overrides no longer fit it', async () => {
    const store = await openStore(tempDir());
    await store.alertSettings.save(
      { channels: { office: { to: ['x@example.cn'] } }, digest: {}, retry: {} },
      who,
    );
    const { config, ignored } = await effectiveAlertsConfig(store, base);
    expect(config).toEqual(base);
    expect(ignored).toEqual([]);
    await store.alertSettings.save({ channels: {}, digest: { hourChina: 30 }, retry: {} }, who);
    const stale = await effectiveAlertsConfig(store, base);
    expect(stale.config).toEqual(base);
    expect(stale.ignored.map((p) => p.field)).toEqual(['digest.hourChina']);
    expect((await store.audit.list({ subjectType: 'alert_settings' })).length).toBe(2);
    await store.close();
  });

  it('tells whether a secret is set without reading it out', () => {
    expect(secretIsSet(base.channels[0]!, {})).toBe(false);
    expect(secretIsSet(base.channels[0]!, { MW_HOOK_TEST: 'k'.repeat(20) })).toBe(true);
  });
});
