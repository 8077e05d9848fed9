import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import { searchUrl } from '../extract/index.js';
import type { Right } from '../model/index.js';
import { UNLIMITED_BUCKET } from '../store/index.js';
import { budgetKey, CrawlEngine, type CrawlEvent, type CrawlSite } from './engine.js';
import type { Config } from '../config/schema.js';
import type { SiteProfile } from '../extract/index.js';
import type { DecideFindings, Hit, Listing } from '../model/index.js';
import type { Store } from '../store/index.js';
import type { PageFetcher } from './fetchTypes.js';
import type { Clock } from './politeness.js';
import type { CrawlPlan } from './planner.js';
import { Politeness, domainOf } from './politeness.js';
import { RobotsGate } from './robots.js';
import { SessionPool } from './session.js';
import { WarcWriter } from './warc.js';

/*
 * What the process that claims a run (runCrawlJob) and a process that joins it (`markwatch worker`) build
 * alike: the run's sites, the hosts' limits in the store, and one CrawlEngine over the shared frontier.
 */

/** What of a CrawlRuntime (job.ts) an engine needs. */
export interface EngineRuntime {
  store: Store;
  config: Config;
  profiles: Map<string, SiteProfile>;
  clock: Clock;
  http: PageFetcher;
  browser: () => PageFetcher;
  matcherFor: (rights: Right[]) => (listing: Listing) => Hit[];
  decideFindings: DecideFindings;
}

export const CRAWLER_NAME = 'markwatch-crawler';
export const CRAWLER_VERSION = '0.1.0';

/** The sites of `platforms` (every profile when empty), with the configured base URLs. */
export function sitesFor(runtime: EngineRuntime, platforms: string[]): Map<string, CrawlSite> {
  const names = platforms.length > 0 ? platforms : [...runtime.profiles.keys()];
  const sites = new Map<string, CrawlSite>();
  for (const name of names) {
    const profile = runtime.profiles.get(name);
    if (!profile) {
      const known = [...runtime.profiles.keys()].join(', ');
      throw new Error(`crawl: no site profile for platform "${name}" (profiles: ${known})`);
    }
    const baseUrl = runtime.config.crawl.sites[name]?.baseUrl;
    sites.set(name, { profile, ...(baseUrl ? { baseUrl } : {}) });
  }
  return sites;
}

/** Writes the hosts' limits (profile, then config overrides) to the store; their dynamic state is kept. */
export async function configureHosts(
  runtime: EngineRuntime,
  sites: Map<string, CrawlSite>,
  now: number,
): Promise<void> {
  const c = runtime.config.crawl;
  for (const site of sites.values()) {
    const { profile } = site;
    const override = c.sites[profile.platform];
    const bucket = profile.rateLimit.tokenBucket;
    const domain = domainOf(searchUrl(profile, 'x', 1, site.baseUrl));
    await runtime.store.hosts.configure(
      domain,
      {
        maxConcurrency: override?.concurrency ?? profile.rateLimit.concurrency,
        minIntervalMs: override?.minDelayMs ?? profile.rateLimit.minDelayMs,
        bucketSize: bucket?.capacity ?? UNLIMITED_BUCKET,
        refillPerSec: bucket?.refillPerSecond ?? UNLIMITED_BUCKET,
      },
      now,
    );
  }
}

export interface EngineInput {
  runPk: number;
  owner: string;
  sites: Map<string, CrawlSite>;
  plan: CrawlPlan;
  rights: Right[];
  concurrency: number;
  signal: AbortSignal;
  emit: (event: CrawlEvent) => void;
  /** The WARC file's name under <dataDir>/warc (each process writes its own). */
  warcName: string;
}

/** One engine on run `runPk`'s frontier, leasing as `owner`. */
export function createEngine(runtime: EngineRuntime, input: EngineInput): CrawlEngine {
  const { store, clock } = runtime;
  const c = runtime.config.crawl;
  const warc = c.warc
    ? new WarcWriter(join(store.dataDir, 'warc', input.warcName), `${CRAWLER_NAME}/${CRAWLER_VERSION}`)
    : undefined;
  return new CrawlEngine(
    input.runPk,
    {
      store,
      sites: input.sites,
      http: runtime.http,
      browser: runtime.browser,
      robots: new RobotsGate(
        store.hosts,
        async (url) => {
          const res = await fetch(url, {
            headers: { 'user-agent': c.userAgent },
            signal: AbortSignal.timeout(c.timeoutMs),
          });
          return { status: res.status, body: res.status < 300 ? await res.text() : '' };
        },
        c.userAgent,
        c.robots.cacheTtlMs,
        clock.now,
      ),
      politeness: new Politeness(store.hosts, clock),
      sessions: new SessionPool(),
      match: runtime.matcherFor(input.rights),
      decideFindings: runtime.decideFindings,
      queryBudgets: new Map(input.plan.queries.map((q) => [budgetKey(q.platform, q.query), q.budget])),
      ...(warc ? { warc } : {}),
      clock,
      emit: input.emit,
      signal: input.signal,
    },
    {
      owner: input.owner,
      concurrency: input.concurrency,
      leaseMs: c.leaseMs,
      maxRetries: c.retries,
      maxSessionRotations: c.sessionRotations,
      backoff: c.backoff,
      blockCooldownMs: c.blockCooldownMs,
      evidence: c.evidence,
      respectRobots: c.robots.respect,
      crawler: { name: CRAWLER_NAME, version: CRAWLER_VERSION, userAgent: c.userAgent },
    },
  );
}

/** A run's own abort signal, aborted with `parent` (the process stopping) or by `abort()`. */
export interface LinkedRunSignal {
  signal: AbortSignal;
  abort: () => void;
  /** Stops forwarding `parent`'s abort (the run has ended). */
  dispose: () => void;
}

/** The signal one engine's run listens on, linked to `parent`; its listener cap fits `concurrency` workers. */
export function linkedRunSignal(parent: AbortSignal | undefined, concurrency: number): LinkedRunSignal {
  const controller = new AbortController();
  // Every waiting worker listens on the run's signal: that many listeners are expected, not a leak.
  setMaxListeners(concurrency * 2 + 10, controller.signal);
  const onAbort = () => controller.abort();
  parent?.addEventListener('abort', onAbort, { once: true });
  if (parent?.aborted) controller.abort();
  return {
    signal: controller.signal,
    abort: onAbort,
    dispose: () => parent?.removeEventListener('abort', onAbort),
  };
}

/**
 * Calls `beat` every third of `leaseMs` (never more often than every 250 ms), on an unref'd timer; returns the function that
 * stops it. `beat` handles its own errors. With `skipWhileBusy`, a beat while the last one's promise is still
 * pending (a renewal waiting for the database) is skipped; without it, beats may overlap.
 */
export function leaseBeat(
  leaseMs: number,
  beat: () => Promise<unknown>,
  options: { skipWhileBusy?: boolean } = {},
): () => void {
  let busy = false;
  const timer = setInterval(
    () => {
      if (!options.skipWhileBusy) {
        void beat();
        return;
      }
      if (busy) return;
      busy = true;
      void beat().finally(() => (busy = false));
    },
    Math.max(250, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return () => clearInterval(timer);
}
