import { getRequestListener } from '@hono/node-server';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadWatchListFile } from '../rights/watchListFile.js';
import { Catalog } from './catalog/catalog.js';
import { FaultInjector } from './faults/faultInjector.js';
import { resolveFaults, type FaultSettings } from './faults/faultSettings.js';
import { marketplaceApp } from './http/app.js';
import { Market } from './market.js';
import { NoticeBook } from './notices/noticeBook.js';
import {
  MARKETPLACE_DEFAULTS,
  TAKEDOWN_DEFAULTS,
  type MarketplaceOptions,
  type TakedownSettings,
} from './options.js';
import { PLATFORMS, type PlatformId } from './platformIds.js';
import type { PlatformRenderer } from './platforms/renderer.js';
import { shopaRenderer } from './platforms/shopa.js';
import { shopbRenderer } from './platforms/shopb.js';
import { shopcRenderer } from './platforms/shopc.js';
import { RequestLog, type RequestLogEntry } from './requestLog.js';

export type { MarketplaceOptions } from './options.js';
export type { RequestLogEntry } from './requestLog.js';
export { robotsTxt } from './http/app.js';
export { clientOf } from './http/requestLogMiddleware.js';

export interface RunningMarketplace {
  baseUrl: string;
  /** Base URL of each platform (`${baseUrl}/shopa` …). */
  platforms: Record<PlatformId, string>;
  /** Every request so far (bounded by requestLogLimit). */
  requestLog(): RequestLogEntry[];
  /** The generated data behind the pages. */
  catalog: Catalog;
  /** The fault settings in force. */
  faults: FaultSettings;
  /** Current epoch (edits and takedown/relisting happen per epoch). */
  epoch(): number;
  /** Moves to the next epoch (listings may be edited, taken down and relisted). */
  advanceEpoch(): number;
  close(): Promise<void>;
}

const RENDERERS: Record<PlatformId, PlatformRenderer> = {
  shopa: shopaRenderer,
  shopb: shopbRenderer,
  shopc: shopcRenderer,
};

/** Starts the sample marketplace on 127.0.0.1; see docs/marketplace.md. */
export async function startMarketplace(
  options: Partial<MarketplaceOptions> = {},
): Promise<RunningMarketplace> {
  const opts: MarketplaceOptions = { ...MARKETPLACE_DEFAULTS, ...options };
  const faults = resolveFaults(opts.faults);
  const takedown: TakedownSettings = { ...TAKEDOWN_DEFAULTS, ...opts.takedown };
  const rights = loadWatchListFile(opts.watchlist);
  const log = new RequestLog(opts.requestLogLimit);

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${opts.host}:${port}`;
  let catalog: Catalog;
  try {
    // The catalog needs the base URL (listing URLs are absolute), which is known once the port is.
    catalog = new Catalog({
      seed: opts.seed,
      listings: opts.listings,
      baseUrl,
      capturedAt: opts.capturedAt,
      rights,
    });
  } catch (err) {
    server.close();
    throw err;
  }
  const injector = new FaultInjector(opts.seed, faults, opts.now);
  const market = new Market(catalog, new NoticeBook(opts.seed, takedown, opts.now), injector, {
    seed: opts.seed,
    pageSize: opts.pageSize,
    faults,
  });
  const app = marketplaceApp({
    market,
    injector,
    faults,
    seed: opts.seed,
    log,
    now: opts.now,
    renderers: PLATFORMS.map((p) => RENDERERS[p]),
    baseUrl: () => baseUrl,
  });
  // The marketplace runs inside other processes (tests, demo): it must not swap their global Request/Response.
  server.on('request', getRequestListener(app.fetch, { overrideGlobalObjects: false }));

  let timer: NodeJS.Timeout | undefined;
  if (faults.epochMs > 0) {
    timer = setInterval(() => market.epoch++, faults.epochMs);
    timer.unref();
  }

  return {
    baseUrl,
    platforms: Object.fromEntries(PLATFORMS.map((p) => [p, `${baseUrl}/${p}`])) as Record<PlatformId, string>,
    requestLog: () => log.list(),
    catalog,
    faults,
    epoch: () => market.epoch,
    advanceEpoch: () => ++market.epoch,
    close: () =>
      new Promise<void>((resolve) => {
        if (timer) clearInterval(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
