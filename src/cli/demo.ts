import { CHINA_TIME_ZONE } from '../common/chinaTime.js';
import { existsSync } from 'node:fs';
import { openApp, type App } from '../app/runtime.js';
import { listenOn } from '../app/ports.js';
import type { Config, CrawlJobConfig } from '../config/schema.js';
import type { CrawlEvent } from '../crawl/engine.js';
import { runCrawlJob } from '../crawl/job.js';
import type { SiteProfile } from '../extract/index.js';
import { parseListingId } from '../marketplace/catalog/catalog.js';
import { parseFaultsArgument } from '../marketplace/faults/faultSettings.js';
import { isPlatform } from '../marketplace/platformIds.js';
import { startMarketplace } from '../marketplace/server.js';
import type { Actor, Finding, Right } from '../model/index.js';
import { formatRowError } from '../rights/registry.js';
import { importRightsFile } from '../rights/rightsFile.js';
import type { Store } from '../store/index.js';
import { runWorkflowStory, type StoryResult } from './demoStory.js';

export type RunningMarketplace = Awaited<ReturnType<typeof startMarketplace>>;

export interface DemoOptions {
  config: Config;
  /** Port of the marketplace (`--marketplace-port`; default from the config); 0 picks a free one. */
  marketplacePort?: number;
  /** Pages per platform (default DEMO_BUDGET): small enough for a quick demo, enough for every watched name. */
  budget?: number;
  log?: (line: string) => void;
  /** Also run the workflow story on the demo's data (confirm → notice → takedown → relisting → close). */
  story?: boolean;
}

export interface DemoResult {
  store: Store;
  marketplace: RunningMarketplace;
  rights: Right[];
  stats: {
    pages: number;
    listings: number;
    newListings: number;
    hits: number;
    newFindings: number;
    errors: number;
  };
  findings: Finding[];
  /** The marketplace's ground truth for the listings this crawl stored: `platform/id→rightId:reason`. */
  truth: string[];
  story: StoryResult | null;
  /** The demo's crawl job and the configuration it ran with (the marketplace's real URLs): the web's jobs page. */
  job: CrawlJobConfig;
  config: Config;
}

/** Pages per platform: the watched names and aliases of the demo watch list on a 1 000-listing marketplace. */
export const DEMO_BUDGET = 320;

const DEMO_STAFF: Actor = { role: 'staff', accountId: 'demo-staff' };

/** Every flagged hit key of a lead, comparable with the truth. */
export function findingKey(l: Pick<Finding, 'platform' | 'listingId' | 'rightId' | 'reason'>): string {
  return `${l.platform}/${l.listingId}→${l.rightId ?? '—'}:${l.reason}`;
}

/**
 * The platforms the demo crawls: all of the marketplace's, except browser-rendered ones when no Chromium is
 * installed — then it says so plainly instead of failing every page of them.
 */
export function demoPlatforms(
  platforms: string[],
  profiles: Map<string, SiteProfile>,
  executablePath: string,
  log: (line: string) => void,
): string[] {
  if (existsSync(executablePath)) return platforms;
  const needsBrowser = new Set(
    [...profiles.values()].filter((p) => p.render.mode === 'browser').map((p) => p.platform),
  );
  const skipped = platforms.filter((p) => needsBrowser.has(p));
  if (skipped.length > 0) {
    log(
      `警告 (warning): 未找到浏览器 ${executablePath} (Chromium not found) — 跳过需要浏览器的平台 ${skipped.join(', ')}` +
        ` (skipping). 安装: apt-get install chromium, 或在配置中设置 browser.executablePath`,
    );
  }
  return platforms.filter((p) => !needsBrowser.has(p));
}

/**
 * The end-to-end demo: the sample marketplace starts (its port is taken before anything is written); the
 * watch list is imported into the registry and approved by a staff account; the crawler samples all three
 * platforms (shopc in Chromium) for the watched names; every listing is matched by the matching engine and
 * flagged hits become findings with evidence. The caller owns the returned store and marketplace.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { config } = options;
  const log = options.log ?? (() => {});
  const port = options.marketplacePort ?? config.marketplace.port;
  // The marketplace takes its port before the data directory is opened: a taken port writes nothing.
  const marketplace = await listenOn(port, '--marketplace-port', () =>
    startMarketplace({
      host: config.marketplace.host,
      port,
      seed: config.marketplace.seed,
      listings: config.marketplace.listings,
      faults: parseFaultsArgument(config.marketplace.faults),
      watchlist: config.watchlist,
      // Decided at once, and the seller relists what a notice took down: the story's relisting.
      takedown: { delayMs: 0, relistAfterTakedown: true },
    }),
  );
  log(`样例市场 (sample marketplace): ${marketplace.baseUrl}`);
  const sites = { ...config.crawl.sites };
  for (const [platform, url] of Object.entries(marketplace.platforms))
    sites[platform] = { ...sites[platform], baseUrl: url };
  let app: App | undefined;
  try {
    const appConfig: Config = { ...config, crawl: { ...config.crawl, sites } };
    app = await openApp(appConfig);
    const { store, registry } = app;
    const imported = await importRightsFile(registry, DEMO_STAFF, config.watchlist, {
      approve: true,
      reason: '演示监测名单 (demo watch list)',
    });
    if (!imported.ok) {
      throw new Error(`${config.watchlist}:\n${imported.errors.map(formatRowError).join('\n')}`);
    }
    const rights = await registry.activeRights(new Date());
    log(`监测名单 (watch list): ${rights.length} 项权利，已导入登记簿并审核 (imported and approved)`);
    const platforms = demoPlatforms(
      Object.keys(marketplace.platforms),
      app.crawl.profiles,
      config.browser.executablePath,
      log,
    );
    const job: CrawlJobConfig = {
      name: 'demo',
      cron: '0 3 * * *',
      timezone: CHINA_TIME_ZONE,
      platforms,
      budget: options.budget ?? DEMO_BUDGET,
      concurrency: 6,
      forms: ['name', 'alias'],
      enabled: true,
    };
    let pages = 0;
    let listed = 0;
    let leadsSoFar = 0;
    const onEvent = (e: CrawlEvent) => {
      if (e.type === 'page') pages++;
      if (e.type === 'listing') {
        listed++;
        leadsSoFar += e.newFindings;
      }
      if (e.type === 'page' && pages % 50 === 0) {
        log(`  抓取 ${pages} 页 · ${listed} 件商品 · 新发现 ${leadsSoFar}`);
      }
    };
    const result = await runCrawlJob(app.crawl, job, { onEvent });
    if (result.status === 'busy') throw new Error(`demo crawl already running (${result.owner})`);
    const truth: string[] = [];
    for (const e of await store.frontier.entries(result.stats.runPk)) {
      if (e.kind !== 'item' || e.state !== 'done' || !e.itemId || !isPlatform(e.platform)) continue;
      const parsed = parseListingId(e.platform, e.itemId);
      if (!parsed) continue;
      for (const x of marketplace.catalog.listingAt(parsed.index, parsed.generation).expected) {
        if (x.reason !== 'trademark.use' && (x.tier ?? 'lead') === 'lead')
          truth.push(findingKey({ platform: e.platform, listingId: e.itemId, ...x }));
      }
    }
    const s = result.stats;
    const stats = {
      pages: s.pages,
      listings: s.listingsNew + s.listingsChanged + s.listingsUnchanged,
      newListings: s.listingsNew,
      hits: s.hits,
      newFindings: s.newFindings,
      errors: s.failedRequests,
    };
    const findings = await store.findings.list({ limit: 10_000 });
    const story = options.story ? await runWorkflowStory(app, appConfig, marketplace, log) : null;
    return {
      store,
      marketplace,
      rights,
      stats,
      findings,
      truth: truth.sort(),
      story,
      job,
      config: appConfig,
    };
  } catch (err) {
    await marketplace.close();
    await app?.store.close();
    throw err;
  } finally {
    // The crawl runtime (HTTP agent, browser) is the run's; the store and the marketplace are the caller's.
    await app?.crawl.close();
  }
}
