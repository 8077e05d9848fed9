import type { AlertsConfig } from '../config/schema.js';

/*
 * The alert settings form as overrides over the configuration file: only what differs from the file is kept,
 * so a later change in the file still takes effect where the web did not override it. Values are passed on as
 * typed (a number field that is not a whole number stays text) for the configuration's schema to judge.
 */

interface Form {
  get(name: string): string;
  all(name: string): string[];
}

const asNumber = (s: string): number | string => (/^\s*-?\d+\s*$/.test(s) ? Number(s) : s.trim());
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const splitList = (s: string) =>
  s
    .split(/[,，;；\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export function overridesFromForm(
  form: Form,
  base: AlertsConfig,
): { overrides: Record<string, unknown>; values: Record<string, string | string[]> } {
  const values: Record<string, string | string[]> = {};
  const channels: Record<string, Record<string, unknown>> = {};
  for (const ch of base.channels) {
    const f = (name: string) => `channels.${ch.id}.${name}`;
    const o: Record<string, unknown> = {};
    const events = form.all(f('events'));
    values[f('events')] = events;
    if (!same([...events].sort(), [...ch.events].sort())) o.events = events;
    if (ch.kind === 'webhook') {
      const url = form.get(f('url')).trim();
      values[f('url')] = url;
      if (url !== ch.url) o.url = url;
    } else {
      const to = splitList(form.get(f('to')));
      values[f('to')] = form.get(f('to'));
      if (!same(to, ch.to)) o.to = to;
    }
    if (Object.keys(o).length) channels[ch.id] = o;
  }
  const enabled = form.get('digest.enabled') === 'on';
  values['digest.enabled'] = enabled ? 'on' : '';
  const hourChina = asNumber(form.get('digest.hourChina'));
  values['digest.hourChina'] = form.get('digest.hourChina');
  const maxAttempts = asNumber(form.get('retry.maxAttempts'));
  values['retry.maxAttempts'] = form.get('retry.maxAttempts');
  const digest = {
    ...(enabled !== base.digest.enabled ? { enabled } : {}),
    ...(hourChina !== base.digest.hourChina ? { hourChina } : {}),
  };
  const retry = maxAttempts !== base.retry.maxAttempts ? { maxAttempts } : {};
  return { overrides: { channels, digest, retry }, values };
}
