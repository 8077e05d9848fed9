import type { Context } from 'hono';
import type { JobControl } from '../app/jobControl.js';
import type { Config } from '../config/schema.js';
import type { Store, WorkflowActor } from '../store/index.js';
import type { WorkflowDeps } from '../workflow/deps.js';
import type { Viewer } from './viewer.js';

/** What every route is handed: the store, the configuration, the workflow's wiring, the clock. */
export interface WebDeps {
  store: Store;
  config: Config;
  workflow: WorkflowDeps;
  now: () => Date;
  /** The serving process's crawl scheduler; absent, the crawl jobs page is read-only. */
  jobs?: JobControl;
}

export type WebEnv = { Variables: { viewer: Viewer | null; sessionToken: string | null } };
export type WebContext = Context<WebEnv>;

/** The address the request came from (the socket's peer; behind a proxy, the proxy). */
export function clientAddress(c: WebContext): string | null {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? null;
}

/** The workflow actor of a web request: the signed-in user, with the client address for the audit log. */
export function webActor(c: WebContext, viewer: Viewer, now: Date): WorkflowActor {
  // The socket's address: a client-set X-Forwarded-For must not write the audit log.
  const address = clientAddress(c) ?? 'unknown';
  return {
    actor: viewer.username,
    role: viewer.role,
    osUser: `web:${address.slice(0, 60)}`,
    at: now.toISOString(),
  };
}

/** A form field as one string ('' when absent or a file). */
export async function formFields(
  c: WebContext,
): Promise<{ get(name: string): string; all(name: string): string[] }> {
  const body = await c.req.parseBody({ all: true });
  const list = (name: string): string[] => {
    const v = body[name];
    const values = Array.isArray(v) ? v : v === undefined ? [] : [v];
    return values.filter((x): x is string => typeof x === 'string');
  };
  return { get: (name) => list(name)[0] ?? '', all: list };
}

/** A page as an HTML response, with the doctype (standards mode) that JSX cannot write. */
export async function render(
  c: WebContext,
  node: unknown,
  status: 200 | 400 | 401 | 403 | 404 | 409 | 429 = 200,
): Promise<Response> {
  return c.html(`<!doctype html>${String(await node)}`, status);
}
