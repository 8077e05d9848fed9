import { Hono } from 'hono';
import type { FaultInjector } from '../faults/faultInjector.js';
import type { FaultSettings } from '../faults/faultSettings.js';
import { htmlPage } from '../html.js';
import type { Market } from '../market.js';
import type { PlatformId } from '../platformIds.js';
import type { PlatformRenderer } from '../platforms/renderer.js';
import type { RequestLog } from '../requestLog.js';
import { html, notFound, reply, type MarketplaceEnv } from './context.js';
import { platformRoutes } from './platformRoutes.js';
import { requestLogMiddleware } from './requestLogMiddleware.js';

/*
 * The sample marketplace's HTTP app: the request log around everything, robots.txt and the index page, and
 * each platform's routes under `/{platform}`. Routing matches the raw path (percent-escapes undecoded), as a
 * real site's router would, so `/shop%61/…` is not shopa.
 */

export interface AppDeps {
  market: Market;
  injector: FaultInjector;
  faults: FaultSettings;
  seed: number;
  log: RequestLog;
  now: () => number;
  renderers: readonly PlatformRenderer[];
  baseUrl: () => string;
}

export function robotsTxt(faults: FaultSettings): string {
  const lines = ['# 样例市场 robots.txt', 'User-agent: *'];
  for (const path of faults.robots.disallow) lines.push(`Disallow: ${path}`);
  if (faults.robots.crawlDelay !== null) lines.push(`Crawl-delay: ${faults.robots.crawlDelay}`);
  lines.push('', 'User-agent: BadBot', 'Disallow: /', '');
  return lines.join('\n');
}

function indexPage(baseUrl: string, renderers: readonly PlatformRenderer[]): string {
  const links = renderers
    .map(
      (r) =>
        `<li><a href="/${r.id}/search?q=%E9%9E%8B">${r.name} (${r.id})</a> — <a href="/${r.id}/notices">投诉公示</a></li>`,
    )
    .join('');
  return htmlPage(
    'markwatch 样例市场',
    `<h1>markwatch 样例市场 (sample marketplace)</h1><p>${baseUrl}</p><ul>${links}</ul>`,
  );
}

export function marketplaceApp(deps: AppDeps): Hono<MarketplaceEnv> {
  const app = new Hono<MarketplaceEnv>({ getPath: (req) => new URL(req.url).pathname });
  app.use('*', requestLogMiddleware(deps.log, deps.now));
  app.all('/robots.txt', () => reply(200, 'text/plain; charset=utf-8', robotsTxt(deps.faults)));
  app.all('/', () => html(200, indexPage(deps.baseUrl(), deps.renderers)));
  for (const renderer of deps.renderers) {
    app.route(
      `/${renderer.id satisfies PlatformId}`,
      platformRoutes(renderer, {
        market: deps.market,
        injector: deps.injector,
        seed: deps.seed,
        takedownStyle: deps.faults.takedownStyle,
        baseUrl: deps.baseUrl,
      }),
    );
  }
  app.notFound(() => notFound());
  app.onError(
    (err) =>
      new Response(`internal error: ${err.message}`, {
        status: 500,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      }),
  );
  return app;
}
