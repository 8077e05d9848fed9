import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../common/packageRoot.js';
import type { Config } from '../config/schema.js';
import { createCrawlRuntime, type CrawlRuntime } from '../crawl/job.js';
import { loadPriorities } from '../crawl/priorities.js';
import { loadSiteProfiles, type SiteProfile } from '../extract/index.js';
import { openFindings } from '../leads/openFindings.js';
import { createMatcher } from '../match/engine.js';
import { matchRulesStamp } from '../match/matchRules.js';
import type { Hit, Listing, Right } from '../model/index.js';
import { SAMPLE_PLATFORMS } from '../model/platforms.js';
import { RightsRegistry } from '../rights/registry.js';
import { loadWatchListFile } from '../rights/watchListFile.js';
import { openConfiguredStore, type Store } from '../store/index.js';

/*
 * The composition root: the one place that wires the stages into a running system from the configuration.
 * The stages stay ignorant of each other's neighbours — the crawler never imports the matcher or the
 * registry; it is handed `rights` and `matcherFor` here. The CLI commands, the demo, `serve` and the benches
 * all build their runtime through this file, so the wiring exists once.
 */

/** A relative sites directory is looked up in the working directory, then in the package. */
export function resolveSitesDir(dir: string): string {
  if (isAbsolute(dir) || existsSync(dir)) return resolve(dir);
  return resolve(PACKAGE_ROOT, dir);
}

/** The site profiles named by `crawl.sitesDir`. */
export function siteProfilesFor(config: Config): Map<string, SiteProfile> {
  return loadSiteProfiles(resolveSitesDir(config.crawl.sitesDir));
}

/**
 * The sample marketplace's platforms, found at marketplace.host:port unless `crawl.sites` says otherwise.
 * Only their names are known here: the composition root does not import the marketplace, which stands apart.
 */

export function withSampleMarketplace(config: Config): Config {
  const sites = { ...config.crawl.sites };
  const { host, port } = config.marketplace;
  for (const p of SAMPLE_PLATFORMS) {
    if (!sites[p]?.baseUrl) sites[p] = { ...sites[p], baseUrl: `http://${host}:${port}/${p}` };
  }
  return { ...config, crawl: { ...config.crawl, sites } };
}

export interface WatchListSource {
  rights: (at: Date) => Promise<Right[]>;
  describe: string;
}

/**
 * Where a crawl gets its watch list: the registry's active rights; a store whose registry is still empty
 * falls back to the configured watch-list file. An explicit file replaces the registry (read once: a
 * scheduler's hundredth run reads the same list as its first).
 */
export function watchListSource(store: Store, config: Config, file?: string): WatchListSource {
  if (file) {
    let rights: Right[] | undefined;
    return { rights: async () => (rights ??= loadWatchListFile(file)), describe: file };
  }
  const registry = new RightsRegistry(store.rights);
  return {
    describe: `registry (fallback ${config.watchlist})`,
    rights: async (at) => {
      await registry.expireDue(at); // a crawl job is where the scheduler runs the registry's expiry step
      const active = await registry.activeRights(at);
      return active.length > 0 ? active : loadWatchListFile(config.watchlist);
    },
  };
}

/** The matcher for a watch list (the matching engine, built once per run): what the crawler is injected with. */
export function matcherFor(rights: Right[]): (listing: Listing) => Hit[] {
  const matcher = createMatcher(rights);
  return (listing) => matcher.match(listing);
}

export interface RuntimeOverrides {
  /** A watch-list file instead of the registry. */
  watchlist?: string;
}

/** The crawl runtime a command uses: profiles from `crawl.sitesDir`, the registry's rights, the matcher. */
export function crawlRuntimeFromConfig(
  store: Store,
  config: Config,
  overrides: RuntimeOverrides = {},
): CrawlRuntime {
  const source = watchListSource(store, config, overrides.watchlist);
  return createCrawlRuntime({
    store,
    config: withSampleMarketplace(config),
    profiles: siteProfilesFor(config),
    priorities: loadPriorities(),
    rights: source.rights,
    matcherFor,
    matcherSources: matchRulesStamp,
    decideFindings: openFindings,
  });
}

/** A running system: the store, the rights registry and the crawl runtime, closed together. */
export interface App {
  config: Config;
  store: Store;
  registry: RightsRegistry;
  crawl: CrawlRuntime;
  close(): Promise<void>;
}

/** Opens the store at `config.dataDir` and wires the rest onto it; the caller closes the App. */
export async function openApp(config: Config, overrides: RuntimeOverrides = {}): Promise<App> {
  const store = await openConfiguredStore(config);
  let crawl: CrawlRuntime;
  try {
    crawl = crawlRuntimeFromConfig(store, config, overrides);
  } catch (err) {
    await store.close();
    throw err;
  }
  return {
    config,
    store,
    registry: new RightsRegistry(store.rights),
    crawl,
    close: async () => {
      await crawl.close();
      await store.close();
    },
  };
}
