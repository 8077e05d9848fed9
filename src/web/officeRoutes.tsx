import { Hono } from 'hono';
import { LEAD_STATE_LABELS, type Lead } from '../model/index.js';
import type { JurisdictionDecision } from '../leads/jurisdiction.js';
import { analyseLead } from '../workflow/leadAnalysis.js';
import { transferLetterFor } from '../workflow/referral.js';
import { render, type WebDeps, type WebEnv } from './context.js';
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

  app.get('/alerts', async (c) => {
    const alerts = await deps.store.alerts.list({ limit: 200 });
    const channels = deps.config.alerts.channels;
    return render(
      c,
      <Layout title="提醒" viewer={c.get('viewer') as Viewer}>
        <h2>渠道（配置文件 alerts.channels）</h2>
        {channels.length === 0 ? <p>未配置提醒渠道：提醒只记录，不发送。</p> : null}
        <ul>
          {channels.map((ch) => (
            <li>
              {ch.id}：
              {ch.kind === 'webhook'
                ? `Webhook ${ch.url}`
                : `邮件 ${ch.host}:${ch.port} → ${ch.to.join('、')}`}
              （{[...(ch.events ?? [])].join('、') || '全部'}）
            </li>
          ))}
        </ul>
        <h2>最近的提醒</h2>
        <table>
          <tbody>
            {alerts.map((a) => (
              <tr>
                <td>{a.createdAt}</td>
                <td>{a.kind}</td>
                <td>{a.subject}</td>
                <td>
                  {a.deliveries.map((d) => `${d.channelId}:${d.status}(${d.attempts})`).join(' ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Layout>,
    );
  });
  return app;
}
