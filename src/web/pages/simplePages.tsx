import type { Child } from 'hono/jsx';
import type { DueList } from '../../workflow/dueList.js';
import { Layout } from '../layout.js';
import type { Viewer } from '../viewer.js';

/* The sign-in page, the due list and the plain message page. */

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

export function MessagePage(props: { viewer: Viewer | null; title: string; children?: Child }) {
  return (
    <Layout title={props.title} viewer={props.viewer}>
      {props.children}
    </Layout>
  );
}
