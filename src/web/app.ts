import { Hono } from 'hono';
import { FINDING_REVIEWS, LEAD_STATES, type FindingReview, type LeadState } from '../model/index.js';
import type { Store } from '../store/index.js';
import { findingsPage } from './findingsPage.js';

function oneOf<T extends string>(allowed: readonly T[], value: string | undefined): T | undefined {
  return value && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** The staff web app: the findings list (HTML) and a JSON API for findings and leads. */
export function createWebApp(store: Store): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const review = oneOf<FindingReview>(FINDING_REVIEWS, c.req.query('review'));
    const [findings, total] = await Promise.all([
      store.findings.list({ review, limit: 500 }),
      store.findings.count({ review }),
    ]);
    return c.html(findingsPage(findings, total));
  });
  app.get('/api/findings', async (c) => {
    const review = oneOf<FindingReview>(FINDING_REVIEWS, c.req.query('review'));
    return c.json({ findings: await store.findings.list({ review, limit: 1000 }) });
  });
  app.get('/api/leads', async (c) => {
    const state = oneOf<LeadState>(LEAD_STATES, c.req.query('state'));
    return c.json({ leads: await store.leads.list({ state, limit: 1000 }) });
  });
  app.get('/healthz', (c) => c.text('ok'));
  return app;
}
