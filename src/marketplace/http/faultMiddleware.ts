import type { MiddlewareHandler } from 'hono';
import type { FaultInjector } from '../faults/faultInjector.js';
import { isPlatform, type PlatformId } from '../platformIds.js';
import type { MarketplaceEnv } from './context.js';

function platformInPath(path: string): PlatformId | null {
  const p = path.split('/')[1] ?? '';
  return isPlatform(p) ? p : null;
}

/** Replaces the answer without Hono carrying the old answer's headers over. */
function replace(c: Parameters<MiddlewareHandler<MarketplaceEnv>>[0], response: Response): void {
  c.res = undefined;
  c.res = response;
}

/**
 * Fault injection, after the route has answered: only answers the route marked faultable are tampered with,
 * and the injector is consulted once per such answer (its draws are deterministic in the request count).
 */
export function faultMiddleware(injector: FaultInjector): MiddlewareHandler<MarketplaceEnv> {
  return async (c, next) => {
    await next();
    if (!c.get('faultable')) return;
    const entry = c.get('entry');
    const path = new URL(c.req.url).pathname;
    const decision = injector.decide(entry.client, platformInPath(path));
    if (decision.kind === 'hang') {
      entry.fault = 'hang';
      // Never answer: the socket stays open until the client gives up or the server closes.
      await new Promise<never>(() => {});
    }
    if (decision.kind === 'slow') {
      entry.fault = 'slow';
      await new Promise((r) => setTimeout(r, decision.delayMs));
    }
    if (decision.kind === 'respond') {
      const out = decision.reply(path.includes('/api/'));
      replace(c, new Response(out.body, { status: out.status, headers: out.headers }));
      entry.fault = decision.fault;
    } else if (decision.kind === 'truncate') {
      const body = Buffer.from(await c.res.arrayBuffer());
      const cut = body.subarray(0, Math.floor(body.length * decision.fraction));
      replace(c, new Response(cut, { status: c.res.status, headers: c.res.headers }));
      entry.fault = 'truncated';
    } else {
      const routeFault = c.get('routeFault');
      if (routeFault) entry.fault = routeFault;
    }
  };
}
