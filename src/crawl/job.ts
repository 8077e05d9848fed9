import { hostname } from 'node:os';
import { boundHeapGrowth } from '../config/heapGrowth.js';
import type { Config, CrawlJobConfig } from '../config/schema.js';
import { loadGbDecoder, searchUrl, type SiteProfile } from '../extract/index.js';
import { loadRegionIndex } from '../reference/regions.js';
import type { DecideFindings, Hit, Listing, Right } from '../model/index.js';
import type { NewFrontierEntry, RunTally, Store } from '../store/index.js';
import { BrowserFetcher } from './browserFetcher.js';
import type { CrawlEvent, CrawlSite } from './engine.js';
import { configureHosts, createEngine, leaseBeat, linkedRunSignal, sitesFor } from './engineFor.js';
import { HttpFetcher } from './httpFetcher.js';
import { newOwnerId } from './leaderLease.js';
import { cachedMatcherFor } from './matcherCache.js';
import { planCrawl, type CrawlPlan } from './planner.js';
import { domainOf, systemClock, type Clock } from './politeness.js';
import type { Priorities } from './priorities.js';

export { CRAWLER_NAME, CRAWLER_VERSION } from './engineFor.js';

/**
 * What runs share in a long-lived process (`markwatch serve`, the bench): the store, the profiles, one
 * HTTP agent and at most one browser. Everything per run (engine, sessions, robots cache, listeners) is
 * created by runCrawlJob and dropped when it returns, so a scheduler stays flat in memory.
 */
export interface CrawlRuntime extends Omit<RuntimeInput, 'clock'> {
  clock: Clock;
  http: HttpFetcher;
  browser: () => BrowserFetcher;
  /**
   * Builds now what a run would build at its first pages — the watch list's matcher (for the list at `at`),
   * decoding tables, reference indexes — so that pages need not wait for it (a worker, before it is ready).
   */
  prepare(at: Date): Promise<void>;
  /** Whether a browser was started (the bench reads its memory). */
  browserStarted(): BrowserFetcher | null;
  close(): Promise<void>;
}

export interface RuntimeInput {
  store: Store;
  config: Config;
  profiles: Map<string, SiteProfile>;
  priorities: Priorities;
  /** The watch list at a moment (the registry's active rights). */
  rights: (at: Date) => Promise<Right[]>;
  /** Builds the listing matcher for a watch list. */
  matcherFor: (rights: Right[]) => (listing: Listing) => Hit[];
  /** What else the matcher is built from (its rule files), so a kept matcher is rebuilt when they change. */
  matcherSources?: () => string;
  /** The lead-opening rule (src/leads/openFindings.ts). */
  decideFindings: DecideFindings;
  clock?: Clock;
}

export function createCrawlRuntime(input: RuntimeInput): CrawlRuntime {
  const c = input.config.crawl;
  boundHeapGrowth(c.heapGrowthPercent);
  const maxConcurrency = Math.max(
    16,
    ...c.jobs.map((j) => j.concurrency),
    ...[...input.profiles.values()].map((p) => p.rateLimit.concurrency),
  );
  const http = new HttpFetcher({
    userAgent: c.userAgent,
    timeoutMs: c.timeoutMs,
    connectionsPerOrigin: maxConcurrency,
    maxBodyBytes: c.maxBodyBytes,
  });
  let browser: BrowserFetcher | null = null;
  const matcherFor = cachedMatcherFor(input.matcherFor, input.matcherSources);
  return {
    ...input,
    matcherFor,
    prepare: async (at) => {
      // What a run's first pages would otherwise build, while they wait: the matcher, the GBK tables and
      // the region index (which the matcher's GI policy and the leads' jurisdiction read).
      loadGbDecoder();
      loadRegionIndex();
      matcherFor(await input.rights(at));
    },
    clock: input.clock ?? systemClock,
    http,
    browser: () =>
      (browser ??= new BrowserFetcher({
        executablePath: input.config.browser.executablePath,
        args: input.config.browser.args,
        userAgent: c.userAgent,
        timeoutMs: c.timeoutMs,
        maxPages: c.browserPool.maxPages,
        recycleContextAfterPages: c.browserPool.recycleContextAfterPages,
        recycleBrowserAfterPages: c.browserPool.recycleBrowserAfterPages,
        maxBrowserMemoryMb: c.browserPool.maxMemoryMb,
      })),
    browserStarted: () => browser,
    close: async () => {
      await http.close();
      await browser?.close();
    },
  };
}

/** Owners of runs driven or joined by this process (a run whose owner is listed here is not "gone"). */
const liveOwners = new Set<string>();

/** A new owner id of this process (host/pid/nonce), counted live until the returned function is called. */
export function newLiveOwner(): { owner: string; done: () => void } {
  const owner = newOwnerId();
  liveOwners.add(owner);
  return { owner, done: () => liveOwners.delete(owner) };
}

/** Owner ids are host/pid/nonce; an owner on this host whose process has ended is gone. */
export function isOwnerGone(owner: string): boolean {
  if (liveOwners.has(owner)) return false;
  const [host, pidText] = owner.split('/');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid)) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export interface CrawlRunStats {
  job: string;
  runPk: number;
  resumed: boolean;
  plannedQueries: number;
  budgetPerPlatform: number;
  keyPeriods: string[];
  pages: number;
  listingsNew: number;
  listingsChanged: number;
  listingsUnchanged: number;
  hits: number;
  newFindings: number;
  relistings: number;
  offline: number;
  skippedRobots: number;
  blocked: number;
  failed: number;
  failedRequests: number;
  errorsByClass: Record<string, number>;
  /** Rows lost for good (failed or blocked), by the class of their last error: the `partial` of a run. */
  failedByClass: Record<string, number>;
  /** Rows of the job's previous run that failed and were retried first in this one. */
  carried: number;
  durationMs: number;
}

export type CrawlJobResult =
  | { status: 'busy'; job: string; runPk: number; owner: string }
  | { status: 'ok' | 'partial' | 'aborted'; stats: CrawlRunStats; tally: RunTally };

export interface RunJobOptions {
  signal?: AbortSignal;
  onEvent?: (event: CrawlEvent) => void;
  /** Called once the run is claimed and planned (the CLI starts its progress display here). */
  onStart?: (info: { runPk: number; resumed: boolean; plan: CrawlPlan; queued: number }) => void;
}

function firstPages(plan: CrawlPlan, sites: Map<string, CrawlSite>): NewFrontierEntry[] {
  return plan.queries.map((q) => {
    const site = sites.get(q.platform);
    if (!site) throw new Error(`crawl: plan names unknown platform ${q.platform}`);
    const url = searchUrl(site.profile, q.query, 1, site.baseUrl);
    return {
      kind: 'search',
      platform: q.platform,
      domain: domainOf(url),
      url,
      query: q.query,
      pageNo: 1,
      priority: 0,
    };
  });
}

/**
 * Runs one crawl job now: claims the job (or resumes its unfinished run whose process died, or reports it
 * busy), plans the queries, crawls until the frontier is drained and records the run with its statistics.
 * An aborted run stays open and is resumed by the next start of the same job.
 */
export async function runCrawlJob(
  runtime: CrawlRuntime,
  job: CrawlJobConfig,
  options: RunJobOptions = {},
): Promise<CrawlJobResult> {
  const { store, clock } = runtime;
  const c = runtime.config.crawl;
  const sites = sitesFor(runtime, job.platforms);
  const owner = newOwnerId();
  const started = clock.now();
  const claim = await store.frontier.claimRun(job.name, owner, started, c.leaseMs, isOwnerGone);
  if (claim.kind === 'busy') return { status: 'busy', job: job.name, runPk: claim.runPk, owner: claim.owner };
  liveOwners.add(owner);
  const runPk = claim.runPk;
  const run = linkedRunSignal(options.signal, job.concurrency);
  let stopHeartbeat: (() => void) | undefined;
  try {
    const at = new Date(started);
    const rights = await runtime.rights(at);
    let plan: CrawlPlan;
    let queued = 0;
    if (claim.kind === 'new') {
      plan = planCrawl(rights, {
        platforms: [...sites.keys()],
        budget: job.budget,
        now: at,
        priorities: runtime.priorities,
        ...(job.queries ? { queries: job.queries } : {}),
        ...(job.forms ? { forms: job.forms } : {}),
      });
      await store.frontier.savePlan(runPk, plan);
      // What the job's last run lost is retried first (carried rows outrank every planned row).
      const carried = await store.frontier.carryFailures(
        runPk,
        job.name,
        [...sites.values()].map(({ profile, baseUrl }) => ({
          platform: profile.platform,
          domain: domainOf(searchUrl(profile, 'x', 1, baseUrl)),
        })),
      );
      queued = carried + (await store.frontier.enqueue(runPk, firstPages(plan, sites)));
    } else {
      plan = (await store.frontier.plan(runPk)) as CrawlPlan;
      await store.frontier.releaseStaleLeases(runPk, started, isOwnerGone);
    }
    await configureHosts(runtime, sites, started);
    options.onStart?.({ runPk, resumed: claim.kind === 'resume', plan, queued });
    stopHeartbeat = leaseBeat(c.leaseMs, () =>
      store.frontier
        .heartbeat(runPk, owner, clock.now(), c.leaseMs)
        .then(async (mine) => {
          if (!mine) run.abort();
          else await store.frontier.releaseStaleLeases(runPk, clock.now(), isOwnerGone);
        })
        .catch(() => run.abort()),
    );
    const engine = createEngine(runtime, {
      runPk,
      owner,
      sites,
      plan,
      rights,
      concurrency: job.concurrency,
      signal: run.signal,
      emit: options.onEvent ?? (() => {}),
      warcName: `run-${runPk}.warc.gz`,
    });
    await engine.run();
    const tally = await store.frontier.tally(runPk);
    const stats: CrawlRunStats = {
      job: job.name,
      runPk,
      resumed: claim.kind === 'resume',
      plannedQueries: plan.queries.length,
      budgetPerPlatform: plan.budgetPerPlatform,
      keyPeriods: plan.periods,
      pages: tally.states.done + tally.offline + tally.failedRequests,
      listingsNew: tally.listings.new,
      listingsChanged: tally.listings.changed,
      listingsUnchanged: tally.listings.unchanged,
      hits: tally.hits,
      newFindings: tally.newFindings,
      relistings: tally.relistings,
      offline: tally.offline,
      skippedRobots: tally.states.skipped - tally.offline,
      blocked: tally.states.blocked,
      failed: tally.states.failed,
      failedRequests: tally.failedRequests,
      errorsByClass: tally.errorsByClass,
      failedByClass: tally.failedByClass,
      carried: tally.carried,
      durationMs: clock.now() - started,
    };
    if (run.signal.aborted) {
      await releaseOwnLeases(store, runPk, owner);
      return { status: 'aborted', stats, tally };
    }
    // The run completed; if pages failed or stayed blocked it is `partial`, and the next run retries them.
    const status = tally.states.failed + tally.states.blocked > 0 ? 'partial' : 'ok';
    await store.runs.finish(runPk, status, { ...stats });
    await store.frontier.finishRun(runPk, owner);
    return { status, stats, tally };
  } finally {
    stopHeartbeat?.();
    run.dispose();
    liveOwners.delete(owner);
  }
}

/**
 * After an abort, `owner`'s leases go back to pending at once (no need to wait for them to lapse). Only its
 * own: workers of other processes may still hold leases of the run (and finish their pages).
 */
export async function releaseOwnLeases(store: Store, runPk: number, owner: string): Promise<void> {
  await store.frontier.releaseLeases(runPk, owner);
}
