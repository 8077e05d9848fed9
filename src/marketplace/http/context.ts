import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { htmlPage } from '../html.js';
import type { RequestLogEntry } from '../requestLog.js';

/*
 * What the marketplace's middlewares and routes share per request: the request's log entry, and whether the
 * answer is one the fault injector may tamper with (pages and API answers; never robots.txt, static files,
 * images, 404 pages or the notice API) plus any fault the route itself injected (duplicate results).
 */

export interface MarketplaceEnv {
  Bindings: HttpBindings;
  Variables: {
    entry: RequestLogEntry;
    faultable: boolean;
    routeFault: string | undefined;
  };
}

export type MarketContext = Context<MarketplaceEnv>;

export function reply(
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Response {
  return new Response(body, { status, headers: { 'content-type': contentType, ...headers } });
}

export const html = (status: number, body: string): Response =>
  reply(status, 'text/html; charset=utf-8', body);

export const json = (status: number, value: unknown): Response =>
  reply(status, 'application/json; charset=utf-8', JSON.stringify(value));

export const notFound = (): Response =>
  html(404, htmlPage('404 页面不存在', '<p class="error-404">页面不存在 (not found)</p>'));

/** Marks the answer as one the fault injector may tamper with. */
export function faultable(c: MarketContext, response: Response): Response {
  c.set('faultable', true);
  return response;
}
