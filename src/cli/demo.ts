import type { Config } from '../config/schema.js';
import { crawlMinimal } from '../crawl/minimalCrawl.js';
import { recordListing } from '../leads/recordListing.js';
import { startMinimalMarketplace, type RunningMarketplace } from '../marketplace/minimalServer.js';
import { matchExactName } from '../match/exactName.js';
import type { Lead, Right } from '../model/index.js';
import { loadWatchListFile } from '../rights/watchListFile.js';
import { openStore, type Store } from '../store/index.js';

export interface DemoOptions {
  config: Config;
  /** Ports for the marketplace and the web app; 0 picks free ones (tests). */
  marketplacePort?: number;
  log?: (line: string) => void;
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
    newLeads: number;
    errors: number;
  };
  leads: Lead[];
}

/**
 * The thin end-to-end slice: start the sample marketplace, crawl it over HTTP for every watched name, match
 * by exact name, store listings, hits and leads. The caller owns the returned store and marketplace.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { config } = options;
  const log = options.log ?? (() => {});
  const rights = loadWatchListFile(config.watchlist);
  const store = await openStore(config.dataDir);
  let marketplace: RunningMarketplace | undefined;
  try {
    marketplace = await startMinimalMarketplace({
      host: config.marketplace.host,
      port: options.marketplacePort ?? config.marketplace.port,
    });
    log(`样例市场 (sample marketplace): ${marketplace.baseUrl}`);
    const runId = await store.runs.start('demo');
    const queries = [...new Set(rights.flatMap((r) => (r.kind === 'patent' ? [] : [r.name, ...r.aliases])))];
    const stats = { pages: 0, listings: 0, newListings: 0, hits: 0, newLeads: 0, errors: 0 };
    const crawl = await crawlMinimal({
      baseUrl: marketplace.baseUrl,
      queries,
      onListing: async (listing) => {
        const outcome = await recordListing(store, listing, (l) => matchExactName(l, rights));
        if (outcome.status === 'new') stats.newListings++;
        stats.hits += outcome.hits;
        stats.newLeads += outcome.newLeadIds.length;
      },
      onProgress: (p) => log(`  抓取 ${p.pages} 页 · ${p.listings} 件商品 · ${p.url}`),
    });
    Object.assign(stats, { pages: crawl.pages, listings: crawl.listings, errors: crawl.errors });
    await store.runs.finish(runId, crawl.errors === 0 ? 'ok' : 'failed', stats);
    return { store, marketplace, rights, stats, leads: await store.leads.list() };
  } catch (err) {
    await marketplace?.close();
    await store.close();
    throw err;
  }
}
