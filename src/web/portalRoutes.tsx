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
import { PortalPage } from './pages/simplePages.js';
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

const FIELDS = [
  ['id', '权利编号', 'tm-mybrand'],
  ['name', '商标名称', ''],
  ['registrationNo', '注册号', ''],
  ['niceClasses', '类别（逗号分隔）', '25, 28'],
  ['owner', '注册人', ''],
  ['validFrom', '有效期自', 'YYYY-MM-DD'],
  ['validTo', '有效期至', 'YYYY-MM-DD'],
] as const;

/** The registry's validation messages come from zod in English; the form says them in Chinese first. */
const MESSAGE_PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/Too big: expected number to be <=?(\d+)/, (m) => `不能大于 ${m[1]}`],
  [/Too small: expected number to be >=?(\d+)/, (m) => `不能小于 ${m[1]}`],
  [/Too small: expected (string|array) to have >=?1 (characters|items)/, () => '必填'],
  [/expected number, received/, () => '应为数字'],
  [/Invalid (ISO )?date/, () => '日期格式应为 YYYY-MM-DD'],
  [/Invalid input/, () => '格式不正确'],
];

export function chineseFirst(message: string): string {
  if (/[\u4e00-\u9fff]/.test(message)) return message;
  for (const [pattern, say] of MESSAGE_PATTERNS) {
    const m = pattern.exec(message);
    if (m) return `${say(m)}（${message}）`;
  }
  return message;
}

function SubmitForm(props: { viewer: Viewer; values: Record<string, string>; errors: RowError[] }) {
  const errorOf = (field: string) =>
    props.errors.filter(
      (e) => e.field === field || e.field.startsWith(`${field}.`) || e.field.startsWith(`${field}[`),
    );
  const other = props.errors.filter((e) => !FIELDS.some(([f]) => errorOf(f).includes(e)));
  return (
    <form method="post" action="/portal/rights" class="submit-right">
      <Csrf viewer={props.viewer} />
      <h2>提交商标</h2>
      {other.map((e) => (
        <p class="problems">
          {e.field}：{chineseFirst(e.message)}
        </p>
      ))}
      {FIELDS.map(([field, label, placeholder]) => (
        <label>
          {label}
          <input
            name={field}
            value={props.values[field] ?? ''}
            placeholder={placeholder}
            aria-invalid={errorOf(field).length ? 'true' : undefined}
          />
          {errorOf(field).map((e) => (
            <span class="problems field-error" data-field={field}>
              {chineseFirst(e.message)}
            </span>
          ))}
        </label>
      ))}
      <button type="submit">提交审核</button>
    </form>
  );
}

function trademarkInput(values: Record<string, string>): Record<string, unknown> {
  const classes = values.niceClasses?.trim()
    ? values.niceClasses
        .split(/[,，、\s]+/)
        .filter(Boolean)
        .map((x) => (/^\d+$/.test(x) ? Number(x) : x))
    : [];
  return {
    id: values.id,
    kind: 'trademark',
    name: values.name,
    registrationNo: values.registrationNo,
    niceClasses: classes,
    owner: values.owner,
    validFrom: values.validFrom,
    validTo: values.validTo,
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
              <td>{r.id}</td>
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
        form={<SubmitForm viewer={v} values={values} errors={errors} />}
      />,
      status,
    );
  };
  app.get('/portal', (c) => portal(c));
  app.post('/portal/rights', async (c) => {
    const form = await formFields(c);
    const values = Object.fromEntries(FIELDS.map(([f]) => [f, form.get(f).trim()]));
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
    const pending = await deps.store.rights.list({ status: 'pending' });
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
