import { Hono } from 'hono';
import { LEAD_STATUSES, type LeadStatus } from '../model/index.js';
import type { Store } from '../store/index.js';
import { leadsPage } from './leadsPage.js';

function parseStatus(value: string | undefined): LeadStatus | undefined {
  return value && (LEAD_STATUSES as readonly string[]).includes(value) ? (value as LeadStatus) : undefined;
}

/** The staff web app: leads list (HTML) and a JSON API. */
export function createWebApp(store: Store): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const status = parseStatus(c.req.query('status'));
    const [leads, total] = await Promise.all([
      store.leads.list({ status, limit: 500 }),
      store.leads.count({ status }),
    ]);
    return c.html(leadsPage(leads, total));
  });
  app.get('/api/leads', async (c) => {
    const status = parseStatus(c.req.query('status'));
    return c.json({ leads: await store.leads.list({ status, limit: 1000 }) });
  });
  app.get('/healthz', (c) => c.text('ok'));
  return app;
}
