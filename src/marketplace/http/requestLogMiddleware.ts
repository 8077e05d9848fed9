import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import type { RequestLog, RequestLogEntry } from '../requestLog.js';
import type { MarketplaceEnv } from './context.js';

/** The client a request comes from: `X-Client-Id` if sent, else remote address + User-Agent. */
export function clientOf(req: IncomingMessage): string {
  const header = req.headers['x-client-id'];
  if (typeof header === 'string' && header.trim() !== '') return header.trim().slice(0, 200);
  return `${req.socket.remoteAddress ?? '?'} ${req.headers['user-agent'] ?? '-'}`;
}

/**
 * Logs every request when it arrives (status 0 until answered, so a hung request stays 0) and records the
 * status sent. Outermost middleware: the fault middleware's hang never returns here.
 */
export function requestLogMiddleware(log: RequestLog, now: () => number): MiddlewareHandler<MarketplaceEnv> {
  return async (c, next) => {
    const req = c.env.incoming;
    const entry: RequestLogEntry = {
      client: clientOf(req),
      time: now(),
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      status: 0,
    };
    log.add(entry);
    c.set('entry', entry);
    c.set('faultable', false);
    c.set('routeFault', undefined);
    await next();
    entry.status = c.res.status;
  };
}
