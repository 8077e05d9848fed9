import { Hono } from 'hono';
import { raw } from 'hono/html';
import { chinaDate } from '../common/chinaTime.js';
import {
  crawlHealthChart,
  findingsPerDayChart,
  takedownChart,
  topRightsChart,
  topSellersChart,
} from './charts/index.js';
import { render, type WebDeps, type WebEnv } from './context.js';
import { Layout } from './layout.js';
import { requireStaff } from './staffRoutes.js';
import type { Viewer } from './viewer.js';

/*
 * The dashboard: findings per day by kind, platform and category, top sellers and rights, time to takedown
 * and crawl health — charts drawn on the server as SVG (every label escaped by the chart code), no script.
 */

export function dashboardRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use('/dashboard', requireStaff());
  app.get('/dashboard', async (c) => {
    const raw30 = c.req.query('days');
    const days =
      raw30 && /^\d{1,3}$/.test(raw30) && Number(raw30) >= 1 && Number(raw30) <= 366 ? Number(raw30) : 30;
    const w = { until: chinaDate(deps.now()), days };
    const q = deps.store.dashboard;
    const charts = [
      findingsPerDayChart(await q.findingsPerDay('kind', w), 'kind'),
      findingsPerDayChart(await q.findingsPerDay('platform', w), 'platform'),
      findingsPerDayChart(await q.findingsPerDay('category', w), 'category'),
      topSellersChart(await q.topSellers(w)),
      topRightsChart(await q.topRights(w)),
      takedownChart(await q.timeToTakedown(w)),
      crawlHealthChart(await q.crawlHealth(w)),
    ];
    return render(
      c,
      <Layout title={`统计（近 ${days} 天，截至 ${w.until}）`} viewer={c.get('viewer') as Viewer}>
        <p>
          <a href="/dashboard?days=7">7 天</a> · <a href="/dashboard?days=30">30 天</a> ·{' '}
          <a href="/dashboard?days=90">90 天</a>
        </p>
        <div class="charts">
          {charts.map((svg) => (
            <figure>{raw(svg)}</figure>
          ))}
        </div>
      </Layout>,
    );
  });
  return app;
}
