import type { CrawlJobConfig } from '../config/schema.js';
import type { RunningRun } from '../store/index.js';
import type { CrawlEvent, CrawlSite } from './engine.js';
import { configureHosts, createEngine, leaseBeat, linkedRunSignal, sitesFor } from './engineFor.js';
import { newLiveOwner, releaseOwnLeases, type CrawlRuntime } from './job.js';
import type { CrawlPlan } from './planner.js';

/*
 * `markwatch worker` (issue 17): a process that joins crawl runs other processes claimed and works their
 * frontier with its own owner id, until stopped. The claiming process (the coordinator) keeps what is the
 * run's alone — its plan, its first pages, its heartbeat, sweeping dead owners' leases, finishing it; a worker
 * only leases, fetches and commits, through the same CrawlEngine, so politeness (the hosts' slots and caps
 * in the store) and exactly-once commits hold across all of them.
 */

export interface WorkerOptions {
  /** Aborting drains: no new leases, pages in hand are finished (or released), then runWorker resolves. */
  signal: AbortSignal;
  /** Pages at once in a joined run (default: the run's job's concurrency, else 4). */
  concurrency?: number;
  /** Jobs by name (the configured ones with their saved overrides), for a joined run's concurrency. */
  jobs?: readonly CrawlJobConfig[];
  /** Join only this run, and return once it is no longer running. */
  runPk?: number;
  /**
   * Join only runs of this job, and return once a run was joined and no run of the job is running any more
   * (`crawl --workers`: the children start before the coordinator claims the run).
   */
  job?: string;
  /** How long an idle worker waits before looking for runs again (ms). */
  pollMs?: number;
  onEvent?: (event: CrawlEvent) => void;
  onJoin?: (run: RunningRun, owner: string) => void;
  onLeave?: (run: RunningRun, pages: number) => void;
}

export interface WorkerSummary {
  owner: string;
  /** Runs joined (a run joined again after it ran dry counts again). */
  joins: number;
  /** Pages this worker fetched (result and item pages, any status). */
  pages: number;
}

const DEFAULT_CONCURRENCY = 4;

/** Whether a saved plan is there yet (the coordinator saves it, then enqueues the first pages). */
function isPlan(plan: unknown): plan is CrawlPlan {
  return typeof plan === 'object' && plan !== null && Array.isArray((plan as CrawlPlan).queries);
}

/** Works running runs until `options.signal` aborts (or, with `runPk`, until that run has ended). */
export async function runWorker(runtime: CrawlRuntime, options: WorkerOptions): Promise<WorkerSummary> {
  const { store, clock } = runtime;
  const { signal } = options;
  const pollMs = options.pollMs ?? 1000;
  // Every profile: the run's rows name their platform, and a row whose platform had no site would fail.
  const sites = sitesFor(runtime, []);
  const { owner, done } = newLiveOwner();
  const summary: WorkerSummary = { owner, joins: 0, pages: 0 };
  const wanted = (r: RunningRun) =>
    (options.runPk === undefined || r.runPk === options.runPk) &&
    (options.job === undefined || r.job === options.job);
  try {
    while (!signal.aborted) {
      // Every run still `running` (heartbeat_until > 0), in one read; the joinable ones are those whose
      // heartbeat is live now, as runningRuns(now) would select them.
      const now = clock.now();
      const open = (await store.frontier.runningRuns(0)).filter(wanted);
      const running = open.filter((r) => r.heartbeatUntil > now);
      if (running.length === 0) {
        // Still `running` with a lapsed heartbeat counts as running: its coordinator resumes or ends it.
        if (open.length === 0 && options.runPk !== undefined) break;
        if (open.length === 0 && options.job !== undefined && summary.joins > 0) break;
      }
      let worked = 0;
      for (const run of running) {
        if (signal.aborted) break;
        worked += await joinRun(runtime, run, owner, sites, options, summary);
      }
      // Busy runs are joined again at once; an idle worker looks again after pollMs.
      if (worked === 0) await clock.sleep(pollMs, signal);
    }
  } finally {
    done();
  }
  return summary;
}

/** Works one run's frontier until it runs dry or the worker stops; returns the pages fetched here. */
async function joinRun(
  runtime: CrawlRuntime,
  run: RunningRun,
  owner: string,
  sites: Map<string, CrawlSite>,
  options: WorkerOptions,
  summary: WorkerSummary,
): Promise<number> {
  const { store, clock } = runtime;
  const plan = await store.frontier.plan(run.runPk);
  if (!isPlan(plan)) return 0;
  const job = options.jobs?.find((j) => j.name === run.job);
  const concurrency = options.concurrency ?? job?.concurrency ?? DEFAULT_CONCURRENCY;
  const now = clock.now();
  await configureHosts(runtime, sites, now);
  const rights = await runtime.rights(new Date(now));
  const joined = linkedRunSignal(options.signal, concurrency);
  let pages = 0;
  summary.joins++;
  // The worker's own heartbeat: its leases stay its own while a page takes long (the run's heartbeat renews
  // only the coordinator's). A renewal that fails is retried at the next beat; the commit checks the lease.
  const leaseMs = runtime.config.crawl.leaseMs;
  // A beat while the last renewal still waits for the database is skipped.
  const stopHeartbeat = leaseBeat(
    leaseMs,
    () => store.frontier.renewLeases(run.runPk, owner, clock.now(), leaseMs).catch(() => undefined),
    { skipWhileBusy: true },
  );
  try {
    options.onJoin?.(run, owner);
    const engine = createEngine(runtime, {
      runPk: run.runPk,
      owner,
      sites,
      plan,
      rights,
      concurrency,
      signal: joined.signal,
      emit: (e) => {
        if (e.type === 'page') pages++;
        options.onEvent?.(e);
      },
      warcName: `run-${run.runPk}-worker-${process.pid}-${summary.joins}.warc.gz`,
    });
    await engine.run();
  } finally {
    stopHeartbeat();
    joined.dispose();
    // A drained worker's rows go back to pending at once, not after their lease lapses.
    await releaseOwnLeases(store, run.runPk, owner);
    summary.pages += pages;
    options.onLeave?.(run, pages);
  }
  return pages;
}
