import { Hono, type MiddlewareHandler } from 'hono';
import { MarkwatchError } from '../common/errors.js';
import {
  DISMISS_REASONS,
  LEAD_STATE_LABELS,
  LEAD_STATES,
  type DismissReason,
  type LeadState,
} from '../model/index.js';
import { referencePriceOf } from '../leads/riskScore.js';
import { assessRiskFor } from '../app/workflow.js';
import { allowedNext } from '../workflow/leadStateMachine.js';
import { analyseLead } from '../workflow/leadAnalysis.js';
import { moveLead } from '../workflow/moves.js';
import { detectRelistings } from '../workflow/relistings.js';
import { confirmFinding, dismissFinding } from '../workflow/review.js';
import { sendNotices } from '../workflow/sendNotice.js';
import { checkTakedowns } from '../workflow/takedownCheck.js';
import { dueList } from '../workflow/dueList.js';
import { openDeadlines } from '../workflow/openDeadlines.js';
import { render, formFields, webActor, type WebContext, type WebDeps, type WebEnv } from './context.js';
import { FindingPage, type FindingView } from './pages/findingPage.js';
import { LeadPage, LeadsPage } from './pages/leadPages.js';
import { ReviewPage } from './pages/reviewPage.js';
import { DuePage, MessagePage } from './pages/simplePages.js';
import { PAGE_SIZE, parseReviewFilters } from './reviewQuery.js';
import { readEvidenceText } from './evidenceFiles.js';
import { isStaff, type Viewer } from './viewer.js';

/* The staff's pages: the review queue, findings, the lead desk and the due list. */

export const notFound = (c: WebContext) =>
  render(
    c,
    <MessagePage viewer={c.get('viewer')} title="未找到">
      该页面不存在。
    </MessagePage>,
    404,
  );

/** Staff only: no session → the login page; a rights holder → 404 (existence does not leak). */
export function requireStaff(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const viewer = c.get('viewer');
    if (!viewer) return c.redirect(`/login?next=${encodeURIComponent(new URL(c.req.url).pathname)}`, 303);
    if (!isStaff(viewer)) return notFound(c);
    return next();
  };
}

const idParam = (c: WebContext) => {
  const raw = c.req.param('id') ?? '';
  return /^\d{1,12}$/.test(raw) ? Number(raw) : null;
};

/** A workflow refusal (an illegal move, nothing to notify …) as a page that says why. */
function refusal(c: WebContext, err: unknown, back: string) {
  if (!(err instanceof MarkwatchError)) throw err;
  return render(
    c,
    <MessagePage viewer={c.get('viewer')} title="无法执行">
      <p class="problems">{err.message}</p>
      <p>
        <a href={back}>返回</a>
      </p>
    </MessagePage>,
    err.code.startsWith('web.') ? 400 : 409,
  );
}

export async function findingView(deps: WebDeps, id: number): Promise<FindingView | null> {
  const finding = await deps.store.findings.get(id);
  if (!finding) return null;
  const stored = await deps.store.listings.get(finding.platform, finding.listingId);
  const hits = stored ? await deps.store.hits.forListing(stored.pk) : [];
  const hit = hits.filter((h) => h.rightId === finding.rightId && h.reason === finding.reason).at(-1);
  const right = finding.rightId ? await deps.workflow.rightOf(finding.rightId) : null;
  const evidence = await deps.store.evidence.forListing(finding.platform, finding.listingId);
  const html = evidence.find((e) => e.kind === 'html');
  return {
    finding,
    listing: stored?.listing ?? null,
    rules: hit?.rules ?? [],
    referencePrice: right ? referencePriceOf(right) : null,
    evidence,
    sellerFindings: await deps.store.findings.list({
      platform: finding.platform,
      sellerId: finding.sellerId,
      limit: 50,
    }),
    sellerLeads: await deps.store.leads.list({ platform: finding.platform, sellerId: finding.sellerId }),
    htmlText: html ? await readEvidenceText(deps.store.blobs, html, 64 * 1024) : null,
  };
}

export function staffRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use('/review', requireStaff());
  app.use('/findings/*', requireStaff());
  app.use('/leads', requireStaff());
  app.use('/leads/*', requireStaff());
  app.use('/due', requireStaff());
  const viewerOf = (c: WebContext) => c.get('viewer') as Viewer;

  app.get('/review', async (c) => {
    const filters = parseReviewFilters(new URL(c.req.url).searchParams);
    const { query, page } = filters;
    const [findings, total] = await Promise.all([
      deps.store.findings.list({ ...query, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      deps.store.findings.count({ ...query, sort: undefined } as Parameters<
        typeof deps.store.findings.count
      >[0]),
    ]);
    const notice = c.req.query('done');
    return render(
      c,
      <ReviewPage
        viewer={viewerOf(c)}
        filters={filters}
        findings={findings}
        total={total}
        notice={notice ? notice.slice(0, 200) : undefined}
      />,
    );
  });

  app.post('/findings/bulk', async (c) => {
    const form = await formFields(c);
    const ids = form
      .all('id')
      .filter((x) => /^\d{1,12}$/.test(x))
      .map(Number);
    const back = /^\/review(\?[^\u0000-\u001f\u007f]*)?$/.test(form.get('back'))
      ? form.get('back')
      : '/review';
    const action = form.all('action').at(-1);
    const who = webActor(c, viewerOf(c), deps.now());
    try {
      if (action === 'confirm') {
        const assess = assessRiskFor(deps.workflow);
        for (const id of ids) await confirmFinding(deps.workflow, id, who, assess);
      } else if (action === 'dismiss') {
        const reason = form.get('reason');
        if (!(DISMISS_REASONS as readonly string[]).includes(reason))
          throw new MarkwatchError('web.reason', `排除理由无效 (reason): ${reason}`);
        for (const id of ids) {
          await dismissFinding(deps.workflow, id, who, {
            reason: reason as DismissReason,
            note: form.get('note'),
            whitelist: false,
          });
        }
      } else {
        throw new MarkwatchError('web.action', '请选择“确认”或“排除” (choose confirm or dismiss)');
      }
    } catch (err) {
      return refusal(c, err, back);
    }
    const done = `${action === 'confirm' ? '已确认' : '已排除'} ${ids.length} 条`;
    return c.redirect(`${back}${back.includes('?') ? '&' : '?'}done=${encodeURIComponent(done)}`, 303);
  });

  app.get('/findings/:id', async (c) => {
    const id = idParam(c);
    const view = id === null ? null : await findingView(deps, id);
    return view ? render(c, <FindingPage viewer={viewerOf(c)} view={view} />) : notFound(c);
  });

  app.post('/findings/:id/confirm', async (c) => {
    const id = idParam(c);
    if (id === null) return notFound(c);
    try {
      await confirmFinding(
        deps.workflow,
        id,
        webActor(c, viewerOf(c), deps.now()),
        assessRiskFor(deps.workflow),
      );
    } catch (err) {
      return refusal(c, err, `/findings/${id}`);
    }
    return c.redirect(`/findings/${id}`, 303);
  });

  app.post('/findings/:id/dismiss', async (c) => {
    const id = idParam(c);
    if (id === null) return notFound(c);
    const form = await formFields(c);
    try {
      const reason = form.get('reason');
      if (!(DISMISS_REASONS as readonly string[]).includes(reason))
        throw new MarkwatchError('web.reason', `排除理由无效 (reason): ${reason}`);
      await dismissFinding(deps.workflow, id, webActor(c, viewerOf(c), deps.now()), {
        reason: reason as DismissReason,
        note: form.get('note'),
        whitelist: form.get('whitelist') === '1',
      });
    } catch (err) {
      return refusal(c, err, `/findings/${id}`);
    }
    return c.redirect(`/findings/${id}`, 303);
  });

  app.get('/leads', async (c) => {
    const raw = c.req.query('state');
    const state = raw && (LEAD_STATES as readonly string[]).includes(raw) ? (raw as LeadState) : undefined;
    return render(
      c,
      <LeadsPage
        viewer={viewerOf(c)}
        leads={await deps.store.leads.list({ state, limit: 500 })}
        state={state}
      />,
    );
  });

  app.get('/leads/:id', async (c) => {
    const id = idParam(c);
    const lead = id === null ? null : await deps.store.leads.get(id);
    if (!lead) return notFound(c);
    const [findings, notices, timeline, analysis] = await Promise.all([
      deps.store.findings.list({ leadId: lead.id }),
      deps.store.notices.forLead(lead.id),
      deps.store.audit.list({ subjectType: 'lead', subjectId: String(lead.id), limit: 200 }),
      analyseLead(deps.workflow, lead),
    ]);
    const message = c.req.query('done');
    return render(
      c,
      <LeadPage
        viewer={viewerOf(c)}
        view={{
          lead,
          findings,
          notices,
          timeline,
          analysis,
          allowed: allowedNext(lead.state),
          proof: lead.rightId ? await deps.store.proofs.forRight(lead.rightId) : null,
        }}
        message={message ? message.slice(0, 300) : undefined}
      />,
    );
  });

  const leadAction = (path: string, run: (c: WebContext, id: number) => Promise<string>) =>
    app.post(`/leads/:id/${path}`, async (c) => {
      const id = idParam(c);
      if (id === null || !(await deps.store.leads.get(id))) return notFound(c);
      let done: string;
      try {
        done = await run(c, id);
      } catch (err) {
        return refusal(c, err, `/leads/${id}`);
      }
      return c.redirect(`/leads/${id}?done=${encodeURIComponent(done)}`, 303);
    });
  leadAction('notify', async (c, id) => {
    const notices = await sendNotices(deps.workflow, id, webActor(c, viewerOf(c), deps.now()));
    return `已发送 ${notices.length} 份通知`;
  });
  leadAction('check', async (c) => {
    const who = webActor(c, viewerOf(c), deps.now());
    const report = await checkTakedowns(deps.workflow, who);
    const relistings = await detectRelistings(deps.workflow, who);
    return `复查 ${report.checked.length} 个链接，${report.leadsMoved.length} 条线索状态变化，${relistings.length} 个重新上架`;
  });
  leadAction('move', async (c, id) => {
    const form = await formFields(c);
    const to = form.get('to');
    if (!(LEAD_STATES as readonly string[]).includes(to))
      throw new MarkwatchError('web.state', `未知状态 (unknown state): ${to}`);
    const lead = await moveLead(
      deps.workflow,
      id,
      to as LeadState,
      form.get('reason'),
      webActor(c, viewerOf(c), deps.now()),
    );
    return `线索已转为「${LEAD_STATE_LABELS[lead.state]}」`;
  });

  app.get('/due', async (c) => {
    try {
      return render(
        c,
        <DuePage viewer={viewerOf(c)} due={dueList(await openDeadlines(deps.workflow), deps.now())} />,
      );
    } catch (err) {
      if (!(err instanceof MarkwatchError)) throw err;
      return render(
        c,
        <DuePage viewer={viewerOf(c)} due={{ overdue: [], dueSoon: [] }} error={err.message} />,
      );
    }
  });
  return app;
}
