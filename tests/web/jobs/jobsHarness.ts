import { createJobControl, effectiveJobs, type JobControl } from '../../../src/app/jobControl.js';
import type { Config } from '../../../src/config/schema.js';
import type { CrawlJobResult } from '../../../src/crawl/job.js';
import { CrawlScheduler } from '../../../src/crawl/scheduler.js';
import { startMarketplace } from '../../../src/marketplace/server.js';
import { loadWatchListFile } from '../../../src/rights/watchListFile.js';
import { createWebApp } from '../../../src/web/app.js';
import { crawlHarness, testConfig, type Harness } from '../../crawl/crawlHarness.js';
import { addUser, Browser } from '../webHarness.js';

/*
 * The web app with a crawl scheduler in the process, as `markwatch serve` wires it: a configured job `daily`
 * (shopa, one query, a small budget) against the sample marketplace on 127.0.0.1 port 0 (only when a test
 * crawls), signed-in browsers per role, a gate that holds every page fetch (to see a run while it runs), and
 * a promise per finished run.
 */

export const DAILY = {
  name: 'daily',
  cron: '0 3 * * *',
  platforms: ['shopa'],
  queries: ['耐克'],
  budget: 30,
};

export interface JobsBed {
  config: Config;
  harness: Harness;
  scheduler: CrawlScheduler;
  control: JobControl;
  app: ReturnType<typeof createWebApp>;
  /** The next finished run of the scheduler. */
  finished(): Promise<CrawlJobResult>;
  /** Holds every page fetch until release() (the run stays running). */
  hold(): void;
  release(): void;
  signIn(role: 'officer' | 'rights_holder' | 'admin', name?: string): Promise<Browser>;
  close(): Promise<void>;
}

export async function jobsBed(
  dataDir: string,
  options: { market?: boolean; now?: () => Date; withControl?: boolean } = {},
): Promise<JobsBed> {
  const market = options.market ? await startMarketplace({ listings: 300, port: 0 }) : null;
  const shopa = market?.platforms.shopa ?? 'http://127.0.0.1:9/shopa';
  const config = testConfig(
    dataDir,
    {},
    {
      // A long lease: on a loaded test machine planning may outlast a short one and the run look abandoned.
      leaseMs: 60_000,
      sites: { shopa: { baseUrl: shopa, minDelayMs: 0 } },
      jobs: [DAILY, { ...DAILY, name: 'weekly', cron: '0 4 * * 0' }],
    },
  );
  const harness = await crawlHarness(config, loadWatchListFile('data/demo-watchlist.json'));
  const waiting: ((r: CrawlJobResult) => void)[] = [];
  const scheduler = new CrawlScheduler(
    harness.runtime,
    await effectiveJobs(harness.store, config.crawl.jobs),
    {
      finished: (_job, result) => waiting.shift()?.(result),
    },
  );
  scheduler.start();
  const control = createJobControl(harness.store, config.crawl.jobs, scheduler);
  const app = createWebApp(harness.store, {
    config,
    ...(options.now ? { now: options.now } : {}),
    ...(options.withControl === false ? {} : { jobs: control }),
  });
  let gate: Promise<void> | null = null;
  let open = () => {};
  const fetchPage = harness.runtime.http.fetch.bind(harness.runtime.http);
  harness.runtime.http.fetch = async (req) => {
    if (gate) await gate;
    return fetchPage(req);
  };
  return {
    config,
    harness,
    scheduler,
    control,
    app,
    finished: () => new Promise((resolve) => waiting.push(resolve)),
    hold: () => {
      gate = new Promise((resolve) => (open = resolve));
    },
    release: () => {
      gate = null;
      open();
    },
    signIn: async (role, name = role.replace('_', '')) => {
      const password = await addUser(harness.store, name, role, role === 'rights_holder' ? 'holder-1' : null);
      const b = new Browser(app);
      await b.login(name, password);
      return b;
    },
    close: async () => {
      gate = null;
      open();
      await scheduler.stop();
      await harness.close();
      await market?.close();
    },
  };
}
