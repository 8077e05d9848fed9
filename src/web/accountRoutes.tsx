import { Hono, type MiddlewareHandler } from 'hono';
import { AccountError, USER_ROLE_LABELS, USER_ROLES, type User } from '../store/index.js';
import { hashSessionToken } from './auth/sessions.js';
import {
  changeOwnPassword,
  createAccount,
  resetAccountPassword,
  setAccountDisabled,
} from './auth/userAdmin.js';
import { formFields, render, webActor, type WebContext, type WebDeps, type WebEnv } from './context.js';
import { Csrf, Layout } from './layout.js';
import { notFound } from './staffRoutes.js';
import type { Viewer } from './viewer.js';

/*
 * The account pages: changing one's own password (forced after a one-time password), and the admin's user
 * list — create, disable, enable, reset (a new one-time password shown once).
 */

/** A user holding a one-time password may only change it (or sign out) until they have. */
export function mustChangePassword(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const viewer = c.get('viewer');
    const path = new URL(c.req.url).pathname;
    if (
      viewer?.mustChangePassword &&
      !['/account/password', '/logout'].includes(path) &&
      !path.startsWith('/static/')
    ) {
      return c.redirect('/account/password', 303);
    }
    return next();
  };
}

function PasswordPage(props: { viewer: Viewer; error?: string; forced: boolean }) {
  return (
    <Layout title="修改密码" viewer={props.viewer}>
      {props.forced ? <p class="notice">首次登录请先修改一次性密码。</p> : null}
      {props.error ? <p class="problems">{props.error}</p> : null}
      <form method="post" action="/account/password" class="login">
        <Csrf viewer={props.viewer} />
        <label>
          当前密码
          <input type="password" name="current_password" autocomplete="current-password" required />
        </label>
        <label>
          新密码（至少 10 个字符）
          <input type="password" name="new_password" autocomplete="new-password" required />
        </label>
        <button type="submit">保存</button>
      </form>
    </Layout>
  );
}

function UsersPage(props: { viewer: Viewer; users: User[]; message?: string; error?: string }) {
  return (
    <Layout title="用户" viewer={props.viewer}>
      {props.message ? <p class="notice">{props.message}</p> : null}
      {props.error ? <p class="problems">{props.error}</p> : null}
      <table>
        <thead>
          <tr>
            <th>用户名</th>
            <th>名称</th>
            <th>角色</th>
            <th>权利人编号</th>
            <th>状态</th>
            <th>操作</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr>
              <td>{u.username}</td>
              <td>{u.displayName}</td>
              <td>{USER_ROLE_LABELS[u.role]}</td>
              <td>{u.holderId ?? '—'}</td>
              <td>{u.disabledAt ? '已停用' : u.mustChangePassword ? '待改密码' : '正常'}</td>
              <td class="actions">
                <form method="post" action="/admin/users/action">
                  <Csrf viewer={props.viewer} />
                  <input type="hidden" name="username" value={u.username} />
                  <button type="submit" name="action" value={u.disabledAt ? 'enable' : 'disable'}>
                    {u.disabledAt ? '启用' : '停用'}
                  </button>
                  <button type="submit" name="action" value="reset">
                    重置密码
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="post" action="/admin/users" class="filters">
        <Csrf viewer={props.viewer} />
        <label>
          用户名
          <input name="username" required />
        </label>
        <label>
          名称
          <input name="name" />
        </label>
        <label>
          角色
          <select name="role">
            {USER_ROLES.map((r) => (
              <option value={r}>{USER_ROLE_LABELS[r]}</option>
            ))}
          </select>
        </label>
        <label>
          权利人编号（仅权利人）
          <input name="holder" />
        </label>
        <button type="submit">添加用户</button>
      </form>
    </Layout>
  );
}

export function accountRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const viewerOf = (c: WebContext) => c.get('viewer') as Viewer;
  const requireUser: MiddlewareHandler<WebEnv> = async (c, next) =>
    c.get('viewer') ? next() : c.redirect('/login', 303);
  const requireAdmin: MiddlewareHandler<WebEnv> = async (c, next) => {
    const v = c.get('viewer');
    if (!v) return c.redirect('/login', 303);
    return v.role === 'admin' ? next() : notFound(c);
  };
  app.use('/account/*', requireUser);
  app.use('/admin/*', requireAdmin);

  app.get('/account/password', (c) =>
    render(c, <PasswordPage viewer={viewerOf(c)} forced={viewerOf(c).mustChangePassword} />),
  );
  app.post('/account/password', async (c) => {
    const v = viewerOf(c);
    const form = await formFields(c);
    const user = await deps.store.accounts.getUser(v.userId);
    const token = c.get('sessionToken');
    if (!user) return c.redirect('/login', 303);
    try {
      await changeOwnPassword(
        deps.store.accounts,
        user,
        {
          current: form.get('current_password'),
          next: form.get('new_password'),
          ...(token ? { keepSessionHash: hashSessionToken(token) } : {}),
        },
        webActor(c, v, deps.now()),
      );
    } catch (err) {
      if (err instanceof AccountError || (err instanceof Error && 'code' in err)) {
        return render(
          c,
          <PasswordPage viewer={v} forced={v.mustChangePassword} error={(err as Error).message} />,
          400,
        );
      }
      throw err;
    }
    return c.redirect('/', 303);
  });

  const usersPage = async (
    c: WebContext,
    extra: { message?: string; error?: string } = {},
    status: 200 | 400 = 200,
  ) =>
    render(
      c,
      <UsersPage viewer={viewerOf(c)} users={await deps.store.accounts.listUsers()} {...extra} />,
      status,
    );
  app.get('/admin/users', (c) => usersPage(c));
  app.post('/admin/users', async (c) => {
    const form = await formFields(c);
    try {
      const created = await createAccount(
        deps.store.accounts,
        {
          username: form.get('username'),
          role: form.get('role'),
          holderId: form.get('holder') || null,
          displayName: form.get('name') || null,
        },
        webActor(c, viewerOf(c), deps.now()),
      );
      return usersPage(c, {
        message: `已添加 ${created.user.username}，一次性密码（只显示这一次）：${created.oneTimePassword ?? ''}`,
      });
    } catch (err) {
      if (err instanceof AccountError) return usersPage(c, { error: err.message }, 400);
      throw err;
    }
  });
  app.post('/admin/users/action', async (c) => {
    const form = await formFields(c);
    const username = form.get('username');
    const who = webActor(c, viewerOf(c), deps.now());
    try {
      const action = form.all('action').at(-1);
      if (action === 'reset') {
        const reset = await resetAccountPassword(deps.store.accounts, username, who);
        return usersPage(c, {
          message: `${username} 的新一次性密码（只显示这一次）：${reset.oneTimePassword ?? ''}`,
        });
      }
      if (action !== 'disable' && action !== 'enable')
        throw new AccountError('account.invalid', '未知操作 (unknown action)', 'action');
      await setAccountDisabled(deps.store.accounts, username, action === 'disable', who);
      return usersPage(c, { message: `${username} 已${action === 'disable' ? '停用' : '启用'}` });
    } catch (err) {
      if (err instanceof AccountError) return usersPage(c, { error: err.message }, 400);
      throw err;
    }
  });
  return app;
}
