import { z } from 'zod';
import { AlertsConfigSchema, type AlertsConfig } from '../config/schema.js';
import type { Store } from '../store/index.js';

/*
 * Alert settings an officer changes on the web, as overrides over the configuration's `alerts` section: which
 * events each configured channel receives, its target (webhook URL, e-mail recipients), the daily digest and
 * the number of attempts. The merged settings are validated by the configuration's own schema
 * (AlertsConfigSchema), so the web accepts exactly what the file would. Channels themselves, and their secrets
 * (webhook HMAC key, SMTP password), stay in the file and the environment: nothing secret is stored or shown.
 */

export const AlertOverridesSchema = z
  .object({
    /** By channel id; a channel no longer configured is ignored. */
    channels: z
      .record(
        z.string(),
        z
          .object({
            events: z.unknown().optional(),
            url: z.unknown().optional(),
            to: z.unknown().optional(),
          })
          .strict(),
      )
      .default({}),
    digest: z
      .object({ enabled: z.unknown().optional(), hourChina: z.unknown().optional() })
      .strict()
      .default({}),
    retry: z.object({ maxAttempts: z.unknown().optional() }).strict().default({}),
  })
  .strict();
export type AlertOverrides = z.infer<typeof AlertOverridesSchema>;

export interface SettingsProblem {
  /** The form field: `channels.<id>.url`, `digest.hourChina` … */
  field: string;
  message: string;
}

const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** The configuration's alerts with the overrides applied, checked by the configuration's schema. */
export function applyAlertOverrides(
  base: AlertsConfig,
  overrides: AlertOverrides,
): { ok: true; config: AlertsConfig } | { ok: false; problems: SettingsProblem[] } {
  const merged = {
    ...base,
    channels: base.channels.map((ch) => {
      const o = overrides.channels[ch.id] ?? {};
      return {
        ...ch,
        ...defined({ events: o.events }),
        ...(ch.kind === 'webhook' ? defined({ url: o.url }) : defined({ to: o.to })),
      };
    }),
    digest: { ...base.digest, ...defined(overrides.digest) },
    retry: { ...base.retry, ...defined(overrides.retry) },
  };
  const parsed = AlertsConfigSchema.safeParse(merged);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const [head, index, ...rest] = issue.path.map(String);
      const field =
        head === 'channels' && index !== undefined
          ? ['channels', base.channels[Number(index)]?.id ?? index, ...rest.slice(0, 1)].join('.')
          : [head, index].filter(Boolean).join('.');
      return { field, message: issue.message };
    }),
  };
}

/**
 * The alert settings in force: the configuration with the newest saved overrides. Overrides that no longer
 * fit the configuration (a channel's kind changed in the file) are not applied; `ignored` says so.
 */
export async function effectiveAlertsConfig(
  store: Pick<Store, 'alertSettings'>,
  base: AlertsConfig,
): Promise<{ config: AlertsConfig; ignored: SettingsProblem[] }> {
  const saved = await store.alertSettings.current();
  if (!saved) return { config: base, ignored: [] };
  const overrides = AlertOverridesSchema.safeParse(saved.overrides);
  if (!overrides.success) {
    return { config: base, ignored: [{ field: 'alerts', message: overrides.error.message }] };
  }
  const applied = applyAlertOverrides(base, overrides.data);
  return applied.ok ? { config: applied.config, ignored: [] } : { config: base, ignored: applied.problems };
}

/** Whether a channel's secret is available — shown as set / not set, never the value. */
export function secretIsSet(
  channel: AlertsConfig['channels'][number],
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (channel.kind === 'webhook') return channel.secret !== undefined || !!env[channel.secretEnv ?? ''];
  return channel.passEnv !== undefined && !!env[channel.passEnv];
}
