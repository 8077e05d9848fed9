import { bodyLimit } from 'hono/body-limit';
import type { MiddlewareHandler } from 'hono';

/*
 * Response headers for every page: a Content-Security-Policy without inline scripts (the one script is a file
 * served from /static), no MIME sniffing, no framing, no referrer to other sites; and a Host allow-list, so a
 * page reached through a rebound DNS name is refused (421) instead of serving data to another origin.
 */

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!c.res.headers.has(name)) c.res.headers.set(name, value);
    }
  };
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/** The host part of a Host header, lower case, without the port (IPv6 literals keep their brackets). */
export function hostName(header: string): string {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1);
  return value.replace(/:\d+$/, '');
}

/** Answers 421 to a Host outside the allow-list (loopback names plus `allowed`, with or without port). */
export function hostAllowList(allowed: readonly string[]): MiddlewareHandler {
  const names = new Set([...LOOPBACK, ...allowed.map((h) => h.toLowerCase())]);
  return async (c, next) => {
    const host = c.req.header('host') ?? '';
    if (!names.has(host.toLowerCase()) && !names.has(hostName(host))) {
      return c.text(
        `421 主机名不被允许 (misdirected request: host "${host.slice(0, 100)}" is not allowed)\n`,
        421,
      );
    }
    await next();
  };
}

/** The largest form a page posts (bulk review of a page of findings is a few KB); uploads have their own limit. */
export const FORM_MAX_BYTES = 256 * 1024;

/** Caps POST bodies at FORM_MAX_BYTES, except under `uploadPath` (which sets its own limit): 413 past it. */
export function formBodyLimit(uploadPath: string): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: FORM_MAX_BYTES,
    onError: (c) => c.text('413 请求过大 (payload too large)\n', 413),
  });
  return async (c, next) =>
    c.req.method === 'POST' && !c.req.path.startsWith(uploadPath) ? limit(c, next) : next();
}
