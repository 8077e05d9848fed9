import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/schema.js';
import { loadSiteProfiles } from '../extract/index.js';
import type { Store } from '../store/index.js';
import { createCrawlRuntime, type CrawlRuntime } from './job.js';
import { matcherFor, watchListSource } from './pipeline.js';
import { loadPriorities } from './priorities.js';
import { openLeads } from '../leads/openLeads.js';

/** The package's own directory (two levels above src/crawl and dist/crawl). */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A relative sites directory is looked up in the working directory, then in the package. */
export function resolveSitesDir(dir: string): string {
  if (isAbsolute(dir) || existsSync(dir)) return resolve(dir);
  return resolve(PACKAGE_ROOT, dir);
}

export interface RuntimeOverrides {
  /** A watch-list file instead of the registry. */
  watchlist?: string;
}

/** The sample marketplace's platforms, found at marketplace.host:port unless `crawl.sites` says otherwise. */
const SAMPLE_PLATFORMS = ['shopa', 'shopb', 'shopc'];

export function withSampleMarketplace(config: Config): Config {
  const sites = { ...config.crawl.sites };
  const { host, port } = config.marketplace;
  for (const p of SAMPLE_PLATFORMS) {
    if (!sites[p]?.baseUrl) sites[p] = { ...sites[p], baseUrl: `http://${host}:${port}/${p}` };
  }
  return { ...config, crawl: { ...config.crawl, sites } };
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
    profiles: loadSiteProfiles(resolveSitesDir(config.crawl.sitesDir)),
    priorities: loadPriorities(),
    rights: source.rights,
    matcherFor,
    decideLeads: openLeads, // crawl cannot import leads; this wiring moves to the composition root
  });
}
