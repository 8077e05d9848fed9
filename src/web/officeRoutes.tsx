import type { Config } from '../config/schema.js';
import { Hono } from 'hono';
import { LEAD_STATE_LABELS, type Lead } from '../model/index.js';
import type { JurisdictionDecision } from '../leads/jurisdiction.js';
import { analyseLead } from '../workflow/leadAnalysis.js';
import { transferLetterFor } from '../workflow/referral.js';
import {
  AlertOverridesSchema,
  applyAlertOverrides,
  effectiveAlertsConfig,
  secretIsSet,
  type SettingsProblem,
} from '../workflow/alertSettings.js';
import { overridesFromForm } from './alertSettingsForm.js';
import { formFields, render, webActor, type WebContext, type WebDeps, type WebEnv } from './context.js';
import { AlertsPage } from './pages/alertsPage.js';
import { Layout } from './layout.js';
import { notFound, requireStaff } from './staffRoutes.js';
import type { Viewer } from './viewer.js';

/*
 * The office's lists: leads outside the office's area (线索通报) with their transfer letter, and the alerts
 * raised with their deliveries and the configured channels (secrets never shown).
 */

export function officeRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use('/transfers', requireStaff());
  app.use('/transfers/*', requireStaff());
  app.use('/alerts', requireStaff());
  app.use('/alerts/*', requireStaff());

  app.get('/transfers', async (c) => {
    const rows: { lead: Lead; j: JurisdictionDecision }[] = [];
    for (const lead of await deps.store.leads.list({ limit: 500 })) {
      if (lead.state === 'dismissed' || lead.state === 'closed') continue;
      const { jurisdiction } = await analyseLead(deps.workflow, lead);
      if (!jurisdiction.inArea) rows.push({ lead, j: jurisdiction });
    }
    return render(
      c,
      <Layout title="线索通报（辖区外）" viewer={c.get('viewer') as Viewer}>
        {rows.length === 0 ? <p>没有辖区外的线索。</p> : null}
        <table>
          <tbody>
            {rows.map(({ lead, j }) => (
              <tr>
                <td>
                  <a href={`/leads/${lead.id}`}>线索 {lead.id}</a>
                </td>
                <td>{lead.sellerName}</td>
                <td>{lead.regionCode ?? '—'}</td>
                <td>{j.bureau?.name ?? '（需人工确定）'}</td>
                <td>{j.copyTo?.name ?? '—'}</td>
                <td>{LEAD_STATE_LABELS[lead.state]}</td>
                <td>{j.bureau ? <a href={`/transfers/${lead.id}/letter`}>通报函</a> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Layout>,
    );
  });

  app.get('/transfers/:id/letter', async (c) => {
    const raw = c.req.param('id');
    const lead = /^\d{1,12}$/.test(raw) ? await deps.store.leads.get(Number(raw)) : null;
    if (!lead) return notFound(c);
    try {
      const letter = await transferLetterFor(deps.workflow, lead.id, deps.now());
      return c.body(letter.text, 200, {
        'content-type': 'text/plain; charset=utf-8',
        'content-disposition': `inline; filename="transfer-lead${lead.id}.txt"`,
      });
    } catch {
      return notFound(c);
    }
  });

  const alertsPage = async (
    c: WebContext,
    edit?: { values: Record<string, string | string[]>; problems: SettingsProblem[] },
  ) => {
    const { config: settings, ignored } = await effectiveAlertsConfig(deps.store, deps.config.alerts);
    const view = {
      settings,
      ignored,
      values: edit?.values,
      problems: edit?.problems ?? [],
      secrets: Object.fromEntries(settings.channels.map((ch) => [ch.id, secretIsSet(ch)])),
      saved: await deps.store.alertSettings.current(),
      alerts: await deps.store.alerts.list({ limit: 200 }),
      message: c.req.query('saved') ? '设置已保存，下一轮提醒生效。' : undefined,
    };
    return render(c, <AlertsPage viewer={c.get('viewer') as Viewer} view={view} />, edit ? 400 : 200);
  };
  app.get('/alerts', (c) => alertsPage(c));
  app.post('/alerts/settings', async (c) => {
    const form = await formFields(c);
    const { overrides, values } = overridesFromForm(form, deps.config.alerts);
    const checked = AlertOverridesSchema.safeParse(overrides);
    const applied = checked.success
      ? applyAlertOverrides(deps.config.alerts, checked.data)
      : { ok: false as const, problems: [{ field: 'alerts', message: checked.error.message }] };
    if (!applied.ok) return alertsPage(c, { values, problems: applied.problems });
    const viewer = c.get('viewer') as Viewer;
    // Where alerts go (a webhook URL, e-mail recipients) is the admin's: an alert carries lead details and is
    // signed with the office's secret. Officers change which events alert, the digest and the attempts.
    if (viewer.role !== 'admin') {
      const saved = (await deps.store.alertSettings.current())?.overrides ?? {};
      const moved = changedTargets(deps.config.alerts, saved, overrides);
      if (moved.length > 0) {
        return alertsPage(c, {
          values,
          problems: moved.map((field) => ({
            field,
            message: '只有管理员可以修改提醒的发送目标 (only an admin may change where alerts are sent)',
          })),
        });
      }
    }
    await deps.store.alertSettings.save(overrides, webActor(c, viewer, deps.now()));
    return c.redirect('/alerts?saved=1', 303);
  });
  return app;
}

type ChannelOverrides = { channels?: Record<string, { url?: unknown; to?: unknown }> };

/** The target fields (`channels.ID.url` / `.to`) whose effective value the new overrides change. */
function changedTargets(
  base: Config['alerts'],
  saved: Record<string, unknown>,
  next: Record<string, unknown>,
): string[] {
  const was = (saved as ChannelOverrides).channels ?? {};
  const now = (next as ChannelOverrides).channels ?? {};
  const fields: string[] = [];
  for (const ch of base.channels) {
    const key = ch.kind === 'webhook' ? 'url' : 'to';
    const configured = ch.kind === 'webhook' ? ch.url : ch.to;
    const before = JSON.stringify(was[ch.id]?.[key] ?? configured);
    const after = JSON.stringify(now[ch.id]?.[key] ?? configured);
    if (before !== after) fields.push(`channels.${ch.id}.${key}`);
  }
  return fields;
}
