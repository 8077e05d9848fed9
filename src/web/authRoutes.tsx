import { randomBytes } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { attemptLogin } from './auth/login.js';
import { CSRF_FIELD, CSRF_HEADER, csrfMatches, SAFE_METHODS } from './auth/csrf.js';
import {
  cookieAttributes,
  createSession,
  resolveSession,
  revokeSession,
  SESSION_COOKIE,
} from './auth/sessions.js';
import { clientAddress, render, formFields, type WebContext, type WebDeps, type WebEnv } from './context.js';
import { LoginPage } from './pages/simplePages.js';
import type { Viewer } from './viewer.js';

/*
 * Sign-in, sign-out and the two guards every request passes: the session (cookie → viewer) and CSRF (every
 * state-changing request carries the session's token in a form field or header). The login form, having no
 * session yet, uses a double-submit cookie instead.
 */

const LOGIN_CSRF_COOKIE = 'mw_login_csrf';

const isHttps = (c: WebContext) =>
  new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

/** A local redirect target only (no scheme, no //host). */
export function safeNext(next: string | undefined): string {
  // Browsers drop tabs and newlines from URLs (/\t/evil → //evil), so control characters are refused too.
  return next && !/[\u0000-\u001f\u007f]/.test(next) && /^\/(?![/\\])/.test(next) ? next : '/';
}

export function sessionLoader(deps: WebDeps): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE) ?? null;
    const resolved = await resolveSession(deps.store.accounts, token, deps.now());
    const viewer: Viewer | null = resolved
      ? {
          userId: resolved.user.id,
          username: resolved.user.username,
          displayName: resolved.user.displayName || resolved.user.username,
          role: resolved.user.role,
          holderId: resolved.user.holderId,
          csrf: resolved.session.csrfToken,
          mustChangePassword: resolved.user.mustChangePassword,
        }
      : null;
    c.set('viewer', viewer);
    c.set('sessionToken', resolved ? token : null);
    await next();
  };
}

/** Refuses (403) a state-changing request without the session's CSRF token; /login checks its own. */
export function csrfGuard(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || new URL(c.req.url).pathname === '/login') return next();
    const viewer = c.get('viewer');
    const type = c.req.header('content-type') ?? '';
    const submitted =
      c.req.header(CSRF_HEADER) ??
      (type.includes('form') ? (await formFields(c)).get(CSRF_FIELD) : undefined);
    if (!viewer || !csrfMatches(viewer.csrf, submitted)) {
      return c.text('403 缺少或错误的 CSRF 令牌 (missing or wrong CSRF token)\n', 403);
    }
    return next();
  };
}

function loginForm(
  c: WebContext,
  props: { error?: string; username?: string; next?: string },
  status: 200 | 401 | 429 = 200,
) {
  const token = randomBytes(24).toString('base64url');
  setCookie(c, LOGIN_CSRF_COOKIE, token, {
    ...cookieAttributes({ secure: isHttps(c), maxAgeSeconds: 3600 }),
  });
  return render(c, <LoginPage csrf={token} {...props} />, status);
}

export function authRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/login', (c) => loginForm(c, { next: safeNext(c.req.query('next')) }));
  app.post('/login', async (c) => {
    const form = await formFields(c);
    if (!csrfMatches(getCookie(c, LOGIN_CSRF_COOKIE) ?? '', form.get(CSRF_FIELD))) {
      return c.text('403 登录表单已过期，请刷新后重试 (login form expired: reload and try again)\n', 403);
    }
    const username = form.get('username');
    const next = safeNext(form.get('next'));
    const result = await attemptLogin(deps.store.accounts, {
      username,
      password: form.get('password'),
      address: clientAddress(c),
      now: deps.now(),
    });
    if (!result.ok) {
      if (result.reason === 'rate_limited') {
        c.header('retry-after', String(result.retryAfterSeconds));
        return loginForm(
          c,
          {
            error: `尝试次数过多，请 ${result.retryAfterSeconds} 秒后再试 (too many attempts)`,
            username,
            next,
          },
          429,
        );
      }
      return loginForm(
        c,
        { error: '用户名或密码错误，或账户已停用 (wrong username or password)', username, next },
        401,
      );
    }
    const session = await createSession(deps.store.accounts, result.user, {
      address: clientAddress(c),
      userAgent: c.req.header('user-agent') ?? null,
      now: deps.now(),
    });
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/' });
    setCookie(c, SESSION_COOKIE, session.token, cookieAttributes({ secure: isHttps(c) }));
    return c.redirect(
      next === '/' ? (result.user.role === 'rights_holder' ? '/portal' : '/review') : next,
      303,
    );
  });
  app.post('/logout', async (c) => {
    const token = c.get('sessionToken');
    if (token) await revokeSession(deps.store.accounts, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });
  return app;
}
