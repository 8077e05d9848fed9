import type { Child } from 'hono/jsx';
import { ROLE_LABELS, isStaff, type Viewer } from './viewer.js';

/*
 * The page frame: navigation by role, the sign-out form (with its CSRF token), one stylesheet and one script
 * from /static (the CSP allows no inline script). Hono JSX escapes every interpolated value.
 */

export function Layout(props: { title: string; viewer: Viewer | null; children?: Child }) {
  const v = props.viewer;
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · markwatch`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/app.js" defer></script>
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/">
            markwatch
          </a>
          {v ? (
            <nav>
              {isStaff(v) ? (
                <>
                  <a href="/review">审核队列</a>
                  <a href="/leads">线索</a>
                  <a href="/due">到期事项</a>
                  <a href="/transfers">线索通报</a>
                  <a href="/rights">待审权利</a>
                  <a href="/alerts">提醒</a>
                  <a href="/jobs">抓取任务</a>
                  <a href="/stats">统计表</a>
                  <a href="/exports">导出</a>
                  <a href="/dashboard">统计</a>
                </>
              ) : (
                <>
                  <a href="/portal">我的权利</a>
                  <a href="/portal/notices">我的通知</a>
                </>
              )}
              {v.role === 'admin' ? <a href="/admin/users">用户</a> : null}
            </nav>
          ) : null}
          {v ? (
            <form class="who" method="post" action="/logout">
              <input type="hidden" name="_csrf" value={v.csrf} />
              <span>
                {v.displayName}（{ROLE_LABELS[v.role]}）
              </span>
              <button type="submit">退出</button>
            </form>
          ) : null}
        </header>
        <main>
          <h1>{props.title}</h1>
          {props.children}
        </main>
        <footer>
          <kbd>?</kbd> 键盘快捷键
        </footer>
      </body>
    </html>
  );
}

/** A hidden CSRF field for a form. */
export function Csrf(props: { viewer: Viewer }) {
  return <input type="hidden" name="_csrf" value={props.viewer.csrf} />;
}

/** Only http(s) links are links: a listing URL is hostile input. */
export function SafeLink(props: { href: string; children?: Child }) {
  return /^https?:\/\//i.test(props.href) ? (
    <a href={props.href} rel="noopener noreferrer nofollow" target="_blank">
      {props.children}
    </a>
  ) : (
    <span class="unsafe-link">{props.children}</span>
  );
}
