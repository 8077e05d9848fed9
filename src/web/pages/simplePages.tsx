import type { Child } from 'hono/jsx';
import {
  RIGHT_STATUS_LABELS,
  reasonLabel,
  rightLabel,
  type Finding,
  type RegistryEntry,
} from '../../model/index.js';
import type { DueList } from '../../workflow/dueList.js';
import { Layout, SafeLink } from '../layout.js';
import type { Viewer } from '../viewer.js';

/* The sign-in page, the due list, the rights holder's portal and the plain message page. */

export function LoginPage(props: { error?: string; username?: string; csrf: string; next?: string }) {
  return (
    <Layout title="登录" viewer={null}>
      {props.error ? (
        <p class="problems" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="post" action="/login" class="login">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="next" value={props.next ?? '/'} />
        <label>
          用户名
          <input name="username" value={props.username ?? ''} autocomplete="username" required autofocus />
        </label>
        <label>
          密码
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button type="submit">登录</button>
      </form>
    </Layout>
  );
}

export function DuePage(props: { viewer: Viewer; due: DueList; error?: string }) {
  const rows = [...props.due.overdue, ...props.due.dueSoon];
  return (
    <Layout title="到期事项" viewer={props.viewer}>
      {props.error ? <p class="problems">{props.error}</p> : null}
      {rows.length === 0 ? <p>没有逾期或即将到期的事项。</p> : null}
      <table>
        <tbody>
          {rows.map((d) => (
            <tr class={d.status}>
              <td>{d.statusLabel}</td>
              <td>{d.leadId ? <a href={`/leads/${d.leadId}`}>{d.subject}</a> : d.subject}</td>
              <td>{d.deadline.label}</td>
              <td>{d.deadline.due}</td>
              <td>{d.remainingText}</td>
              <td>{d.deadline.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

export function PortalPage(props: {
  viewer: Viewer;
  rights: RegistryEntry[];
  findings: Finding[];
  form?: Child;
}) {
  return (
    <Layout title="我的权利" viewer={props.viewer}>
      <section>
        <h2>权利（{props.rights.length}）</h2>
        <table>
          <tbody>
            {props.rights.map((r) => {
              const right = r.inForce ?? r.pending;
              return (
                <tr>
                  <td>{r.id}</td>
                  <td>{right ? rightLabel(right) : '—'}</td>
                  <td>{RIGHT_STATUS_LABELS[r.status]}</td>
                  <td>{r.expiresOn ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      {props.form}
      <section>
        <h2>涉及我的权利的发现（{props.findings.length}）</h2>
        <ul>
          {props.findings.map((f) => (
            <li>
              <a href={`/portal/findings/${f.id}`}>{f.id}</a> <SafeLink href={f.url}>{f.title}</SafeLink>（
              {reasonLabel(f.reason)}）
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}

export function MessagePage(props: { viewer: Viewer | null; title: string; children?: Child }) {
  return (
    <Layout title={props.title} viewer={props.viewer}>
      {props.children}
    </Layout>
  );
}
