import type { Config } from '../config/schema.js';
import { createMatcher } from '../match/engine.js';
import type { Hit, Listing, Right } from '../model/index.js';
import { RightsRegistry } from '../rights/registry.js';
import { loadWatchListFile } from '../rights/watchListFile.js';
import type { Store } from '../store/index.js';

/*
 * Where a crawl gets its watch list and its matcher. The watch list is the registry's active rights; a
 * store whose registry is still empty falls back to the configured watch-list file (or an explicit one).
 */

export interface WatchListSource {
  rights: (at: Date) => Promise<Right[]>;
  describe: string;
}

export function watchListSource(store: Store, config: Config, file?: string): WatchListSource {
  if (file) return { rights: async () => loadWatchListFile(file), describe: file };
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

/** The matcher for a watch list (the matching engine, built once per run). */
export function matcherFor(rights: Right[]): (listing: Listing) => Hit[] {
  const matcher = createMatcher(rights);
  return (listing) => matcher.match(listing);
}
