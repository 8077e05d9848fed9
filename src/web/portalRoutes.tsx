import { Hono, type MiddlewareHandler } from 'hono';
import {
  NOTICE_STATUS_LABELS,
  RIGHT_STATUS_LABELS,
  rightLabel,
  type Actor,
  type Notice,
  type RegistryEntry,
} from '../model/index.js';
import { noticeDocument, type NoticeBody } from '../workflow/noticeBody.js';
import { RegistryError, RightsRegistry, type RowError } from '../rights/registry.js';
import { render, formFields, type WebContext, type WebDeps, type WebEnv } from './context.js';
import { Csrf, Layout } from './layout.js';
import { FindingPage } from './pages/findingPage.js';
import { TRADEMARK_FIELDS, TrademarkForm, trademarkInput, trademarkValues } from './pages/portalForms.js';
import { PortalPage, RightPage } from './pages/portalPages.js';
import { proofRoutes } from './proofRoutes.js';
import { findingView, notFound, requireStaff } from './staffRoutes.js';
import type { Viewer } from './viewer.js';

/*
 * The rights holders' portal: their own rights and the findings against them, and a form to submit a
 * trademark with the registry's validation messages beside each field. Staff approve pending submissions on
 * /rights. Anything of another holder answers 404, listed or guessed.
 */

const holderActor = (v: Viewer): Actor => ({ role: 'holder', accountId: v.holderId ?? '' });

function requireHolder(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const viewer = c.get('viewer');
    if (!viewer) return c.redirect(`/login?next=${encodeURIComponent(new URL(c.req.url).pathname)}`, 303);
    if (viewer.role !== 'rights_holder' || !viewer.holderId) return notFound(c);
    return next();
  };
}

function PendingPage(props: { viewer: Viewer; pending: RegistryEntry[]; message?: string }) {
  return (
    <Layout title="待审核的权利" viewer={props.viewer}>
      {props.message ? <p class="notice">{props.message}</p> : null}
      {props.pending.length === 0 ? <p>没有待审核的权利。</p> : null}
      <table>
        <tbody>
          {props.pending.map((r) => (
            <tr data-row={r.id}>
              <td>
                <a href={`/rights/${encodeURIComponent(r.id)}`}>{r.id}</a>
              </td>
              <td>{r.pending ? rightLabel(r.pending) : '—'}</td>
              <td>{r.ownerAccountId}</td>
              <td>{RIGHT_STATUS_LABELS[r.status]}</td>
              <td>
                <form method="post" action={`/rights/${encodeURIComponent(r.id)}/approve`}>
                  <Csrf viewer={props.viewer} />
                  <button type="submit">批准</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

export function portalRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const registry = new RightsRegistry(deps.store.rights);
  const viewerOf = (c: WebContext) => c.get('viewer') as Viewer;
  app.use('/portal', requireHolder());
  app.use('/portal/*', requireHolder());
  app.use('/rights', requireStaff());
  app.use('/rights/*', requireStaff());

  const ownRightIds = async (v: Viewer) =>
    (await deps.store.rights.list({ ownerAccountId: v.holderId ?? '' })).map((r) => r.id);
  const portal = async (
    c: WebContext,
    values: Record<string, string> = {},
    errors: RowError[] = [],
    status: 200 | 400 = 200,
  ) => {
    const v = viewerOf(c);
    const rights = await deps.store.rights.list({ ownerAccountId: v.holderId ?? '' });
    const findings = await deps.store.findings.list({
      rightIds: rights.map((r) => r.id),
      review: undefined,
      limit: 200,
    });
    return render(
      c,
      <PortalPage
        viewer={v}
        rights={rights}
        findings={findings}
        form={
          <TrademarkForm
            viewer={v}
            values={values}
            errors={errors}
            action="/portal/rights"
            title="提交商标"
          />
        }
      />,
      status,
    );
  };
  app.get('/portal', (c) => portal(c));
  app.post('/portal/rights', async (c) => {
    const form = await formFields(c);
    const values = Object.fromEntries(TRADEMARK_FIELDS.map(([f]) => [f, form.get(f).trim()]));
    try {
      await registry.submit(holderActor(viewerOf(c)), trademarkInput(values));
    } catch (err) {
      if (err instanceof RegistryError)
        return portal(
          c,
          values,
          err.errors.length ? err.errors : [{ row: 'right', field: '(right)', message: err.message }],
          400,
        );
      throw err;
    }
    return c.redirect('/portal', 303);
  });
  app.get('/portal/findings/:id', async (c) => {
    const raw = c.req.param('id');
    const id = /^\d{1,12}$/.test(raw) ? Number(raw) : null;
    const view = id === null ? null : await findingView(deps, id);
    const own = await ownRightIds(viewerOf(c));
    if (!view || !view.finding.rightId || !own.includes(view.finding.rightId)) return notFound(c);
    return render(
      c,
      <FindingPage viewer={viewerOf(c)} view={{ ...view, sellerFindings: [], sellerLeads: [] }} />,
    );
  });

  // A right's status and history (holder: own rights only, with the edit form; staff: any, read-only).
  const rightPage = async (
    c: WebContext,
    id: string,
    edit?: { values: Record<string, string>; errors: RowError[] },
  ): Promise<Response> => {
    const v = viewerOf(c);
    const holder = v.role === 'rights_holder';
    const actor: Actor = holder ? holderActor(v) : { role: 'staff', accountId: v.username };
    let entry;
    try {
      entry = await registry.get(actor, id);
    } catch (err) {
      if (err instanceof RegistryError) return notFound(c);
      throw err;
    }
    const notifications = (await deps.store.rights.notifications(entry.ownerAccountId)).filter(
      (n) => n.rightId === id,
    );
    const current = entry.pending ?? entry.inForce;
    const editable = holder && entry.status !== 'retired' && current?.kind === 'trademark';
    const form = editable ? (
      <TrademarkForm
        viewer={v}
        values={edit?.values ?? trademarkValues(current)}
        errors={edit?.errors ?? []}
        action={`/portal/rights/${encodeURIComponent(id)}`}
        title="修改商标（提交后待审核，已批准的版本继续有效）"
        edit
      />
    ) : holder && entry.status !== 'retired' ? (
      <p>此类权利请联系执法人员修改 (only trademarks can be edited here).</p>
    ) : undefined;
    return render(
      c,
      <RightPage
        viewer={v}
        entry={entry}
        history={await registry.history(actor, id)}
        notifications={notifications}
        proof={await deps.store.proofs.forRight(id)}
        proofHref={(p) => (holder ? `/portal/proofs/${p.id}` : `/proofs/${p.id}`)}
        ownProofs={holder ? await deps.store.proofs.forHolder(v.holderId ?? '') : undefined}
        form={form}
        message={c.req.query('saved') ? '已提交修改，等待审核。' : undefined}
      />,
      edit ? 400 : 200,
    );
  };
  app.get('/portal/rights/:id', (c) => rightPage(c, c.req.param('id')));
  app.get('/rights/:id', (c) => rightPage(c, c.req.param('id')));
  app.post('/portal/rights/:id', async (c) => {
    const id = c.req.param('id');
    const actor = holderActor(viewerOf(c));
    let entry;
    try {
      entry = await registry.get(actor, id);
    } catch (err) {
      if (err instanceof RegistryError) return notFound(c);
      throw err;
    }
    const current = entry.pending ?? entry.inForce;
    if (entry.status === 'retired' || current?.kind !== 'trademark') return notFound(c);
    const form = await formFields(c);
    const values = { ...Object.fromEntries(TRADEMARK_FIELDS.map(([f]) => [f, form.get(f).trim()])), id };
    try {
      // The registry's own edit: a new pending revision, validated as any submission.
      await registry.submit(actor, trademarkInput(values, current));
    } catch (err) {
      if (!(err instanceof RegistryError)) throw err;
      if (err.code === 'not_found') return notFound(c);
      const errors = err.errors.length
        ? err.errors
        : [{ row: 'right', field: '(right)', message: err.message }];
      return rightPage(c, id, { values, errors });
    }
    return c.redirect(`/portal/rights/${encodeURIComponent(id)}?saved=1`, 303);
  });
  app.route('/', proofRoutes(deps));

  // The holder's notices: what was sent for their rights, each draft downloadable, and how platforms answered.
  const ownNotices = async (v: Viewer): Promise<Notice[]> => {
    const own = new Set(await ownRightIds(v));
    const notices: Notice[] = [];
    for (const lead of await deps.store.leads.list()) {
      if (lead.rightId && own.has(lead.rightId)) notices.push(...(await deps.store.notices.forLead(lead.id)));
    }
    return notices;
  };
  app.get('/portal/notices', async (c) => {
    const notices = await ownNotices(viewerOf(c));
    const items = notices.flatMap((n) => n.items);
    const count = (status: string) => items.filter((i) => i.status === status).length;
    return render(
      c,
      <Layout title="我的通知" viewer={viewerOf(c)}>
        <p class="accuracy">
          通知准确率：共 {items.length} 个链接，已删除 {count('taken_down')}，被驳回 {count('rejected')}
          ，收到不侵权声明 {count('counter_noticed')}，待处理 {count('sent') + count('still_up')}
        </p>
        <ul>
          {notices.map((n) => (
            <li>
              通知 {n.id}（{n.platform}，{NOTICE_STATUS_LABELS[n.status]}，{n.items.length} 个链接）{' '}
              <a href={`/portal/notices/${n.id}/draft`}>下载通知书</a>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });
  app.get('/portal/notices/:id/draft', async (c) => {
    const raw = c.req.param('id');
    const notice = /^\d{1,12}$/.test(raw)
      ? (await ownNotices(viewerOf(c))).find((n) => n.id === Number(raw))
      : undefined;
    if (!notice) return notFound(c);
    return c.body(noticeDocument(notice.body as NoticeBody, notice.sentAt), 200, {
      'content-type': 'text/markdown; charset=utf-8',
      'content-disposition': `attachment; filename="notice-${notice.id}.md"`,
    });
  });

  app.get('/rights', async (c) => {
    // New submissions and edits of approved rights alike: every right with a version awaiting review.
    const pending = (await deps.store.rights.list()).filter(
      (r) => r.pending !== null && r.status !== 'retired',
    );
    const msg = c.req.query('done');
    return render(
      c,
      <PendingPage viewer={viewerOf(c)} pending={pending} message={msg ? msg.slice(0, 200) : undefined} />,
    );
  });
  app.post('/rights/:id/approve', async (c) => {
    const id = c.req.param('id');
    try {
      await registry.approve(
        { role: 'staff', accountId: viewerOf(c).username },
        id,
        '网页审核通过 (approved on the web)',
      );
    } catch (err) {
      if (err instanceof RegistryError) return notFound(c);
      throw err;
    }
    return c.redirect(`/rights?done=${encodeURIComponent(`已批准 ${id}`)}`, 303);
  });
  return app;
}
