import { readFileSync } from 'node:fs';
import { isOneOf } from '../common/oneOf.js';
import { Hono } from 'hono';
import { workflowDeps } from '../app/workflow.js';
import type { Config } from '../config/schema.js';
import { FINDING_REVIEWS, LEAD_STATES, type FindingReview, type LeadState } from '../model/index.js';
import type { Store } from '../store/index.js';
import { accountRoutes, mustChangePassword } from './accountRoutes.js';
import { authRoutes, csrfGuard, sessionLoader } from './authRoutes.js';
import type { WebDeps, WebEnv } from './context.js';
import { readEvidenceBytes } from './evidenceFiles.js';
import { portalRoutes } from './portalRoutes.js';
import { proofBodyLimit } from './proofRoutes.js';
import { dashboardRoutes } from './dashboardRoutes.js';
import { officeRoutes } from './officeRoutes.js';
import { jobsRoutes } from './jobsRoutes.js';
import type { JobControl } from '../app/jobControl.js';
import { statsRoutes } from './statsRoutes.js';
import { exportRoutes } from './exportRoutes.js';
import { formBodyLimit, hostAllowList, securityHeaders } from './security.js';
import { notFound, requireStaff, staffRoutes } from './staffRoutes.js';
import { isStaff } from './viewer.js';

/*
 * The web app: security headers and the Host allow-list on every answer, then the session and CSRF guards,
 * then the pages of each role. Server-rendered; the only script is /static/app.js (keyboard shortcuts).
 */

// A link's filter value outside the list is ignored, not an error: the page shows everything.
function oneOf<T extends string>(allowed: readonly T[], value: string | undefined): T | undefined {
  return isOneOf(allowed, value) ? value : undefined;
}

const STATIC: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};
const staticFiles = new Map(
  Object.entries(STATIC).map(([name, type]) => [
    name,
    { type, body: readFileSync(new URL(`./static/${name}`, import.meta.url), 'utf8') },
  ]),
);

export interface WebAppOptions {
  config: Config;
  now?: () => Date;
  /** The serving process's crawl scheduler (absent: the crawl jobs page is read-only). */
  jobs?: JobControl;
}

export function createWebApp(store: Store, options: WebAppOptions): Hono<WebEnv> {
  const now = options.now ?? (() => new Date());
  const deps: WebDeps = {
    store,
    config: options.config,
    workflow: workflowDeps(store, options.config, now),
    now,
    ...(options.jobs ? { jobs: options.jobs } : {}),
  };
  const app = new Hono<WebEnv>();
  app.use('*', securityHeaders());
  app.use('*', hostAllowList(options.config.web.allowedHosts));
  app.get('/healthz', (c) => c.text('ok'));
  app.get('/static/:name', (c) => {
    const file = staticFiles.get(c.req.param('name'));
    if (!file) return c.text('not found', 404);
    return c.body(file.body, 200, { 'content-type': file.type, 'cache-control': 'no-cache' });
  });
  app.use('*', sessionLoader(deps));
  app.use('/portal/proofs', proofBodyLimit(deps));
  // Every other form is small; the CSRF guard reads the body, so its size is capped before it is read.
  app.use('*', formBodyLimit('/portal/proofs'));
  app.use('*', csrfGuard());
  app.route('/', authRoutes(deps));
  app.use('*', mustChangePassword());
  app.route('/', accountRoutes(deps));
  app.get('/', (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return c.redirect('/login', 303);
    return c.redirect(isStaff(viewer) ? '/review' : '/portal', 303);
  });
  app.route('/', staffRoutes(deps));
  app.route('/', portalRoutes(deps));
  app.route('/', dashboardRoutes(deps));
  app.route('/', officeRoutes(deps));
  app.route('/', jobsRoutes(deps));
  app.route('/', statsRoutes(deps));
  app.route('/', exportRoutes(deps));

  // Evidence files: staff see all; a holder only the evidence of findings against their own rights.
  app.get('/evidence/:id', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return c.redirect('/login', 303);
    const raw = c.req.param('id');
    const evidence = /^\d{1,12}$/.test(raw) ? await store.evidence.get(Number(raw)) : null;
    if (!evidence) return notFound(c);
    if (!isStaff(viewer)) {
      const own = (await store.rights.list({ ownerAccountId: viewer.holderId ?? '' })).map((r) => r.id);
      const findings = await store.findings.list({ platform: evidence.platform, rightIds: own });
      if (!findings.some((f) => f.listingId === evidence.listingId)) return notFound(c);
    }
    const bytes = await readEvidenceBytes(store.blobs, evidence);
    if (!bytes) return notFound(c);
    // Only images are shown as themselves; anything else (captured HTML) goes out as inert text.
    const type = evidence.contentType.startsWith('image/')
      ? evidence.contentType
      : 'text/plain; charset=utf-8';
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': type,
      'content-security-policy': "sandbox; default-src 'none'",
      'content-disposition': 'inline',
    });
  });

  app.use('/api/*', requireStaff());
  app.get('/api/findings', async (c) => {
    const review = oneOf<FindingReview>(FINDING_REVIEWS, c.req.query('review'));
    return c.json({ findings: await store.findings.list({ review, limit: 1000 }) });
  });
  app.get('/api/leads', async (c) => {
    const state = oneOf<LeadState>(LEAD_STATES, c.req.query('state'));
    return c.json({ leads: await store.leads.list({ state, limit: 1000 }) });
  });
  app.notFound((c) => notFound(c));
  return app;
}
