import { packagePath } from '../common/packageRoot.js';
import { CONFIG_DEFAULTS } from '../config/schema.js';
import type { FaultSettings } from './faults/faultSettings.js';

/** Takedown handling of the notice API (modelled on Alibaba IPP / eBay VeRO). */
export interface TakedownSettings {
  /** Time from a notice to its decision. */
  delayMs: number;
  /**
   * How a notice ends: `auto` draws per listing from the rates below (and rejects notices for listings that
   * do not exist or sellers that are brand flagship stores); the others force one outcome (tests).
   */
  outcome: 'auto' | 'takedown' | 'reject' | 'counter';
  rejectRate: number;
  counterNoticeRate: number;
  /** A seller whose listing a notice took down puts it up again under a new id in the next epoch (反复侵权). */
  relistAfterTakedown: boolean;
}

export interface MarketplaceOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  seed: number;
  listings: number;
  /** A profile name (`none`, `polite`, `flaky`, `hostile`) or settings overriding `none`. */
  faults: string | Partial<FaultSettings>;
  takedown: Partial<TakedownSettings>;
  /** Search results per page (shopc: per "加载更多" batch). */
  pageSize: number;
  /** capturedAt written into generated listings (truth file). */
  capturedAt: string;
  /** Watch-list file whose brand names the platforms' search attaches to planted listings. */
  watchlist: string;
  /** Entries kept in the request log (oldest dropped first). */
  requestLogLimit: number;
  /** Clock in ms; tests inject one. */
  now: () => number;
}

const { host, seed, listings, faults } = CONFIG_DEFAULTS.marketplace;

/**
 * Host, seed, size and fault profile are the config schema's (`marketplace.*`). The port is not: the CLI takes
 * it from the config (8090), while code that embeds the marketplace (tests, benches, the demo) wants any free
 * port unless it names one.
 */
export const MARKETPLACE_DEFAULTS: Readonly<MarketplaceOptions> = {
  host,
  port: 0,
  seed,
  listings,
  faults,
  takedown: {},
  pageSize: 20,
  capturedAt: '2026-11-23T04:00:00.000Z',
  watchlist: packagePath(CONFIG_DEFAULTS.watchlist),
  requestLogLimit: 100_000,
  now: () => Date.now(),
};

export const TAKEDOWN_DEFAULTS: Readonly<TakedownSettings> = {
  delayMs: 2_000,
  outcome: 'auto',
  rejectRate: 0.1,
  counterNoticeRate: 0.1,
  relistAfterTakedown: false,
};
