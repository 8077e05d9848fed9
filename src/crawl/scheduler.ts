import { createTask, type ScheduledTask } from 'node-cron';
import type { CrawlJobConfig } from '../config/schema.js';
import { runCrawlJob, type CrawlJobResult, type CrawlRuntime, type RunJobOptions } from './job.js';
import type { LeaderLease } from './leaderLease.js';
import { nextFireTime } from './nextFire.js';

export interface SchedulerOptions {
  /**
   * The `scheduler` leader lease (issue 17): with one, timers fire jobs only while this process holds it, so
   * of several schedulers (one per machine) exactly one starts each cron run. "Run now" is not gated: the run
   * claim already keeps a job from running twice.
   */
  leader?: LeaderLease;
  /** How a job is run (tests inject one). */
  runJob?: typeof runCrawlJob;
}

export interface SchedulerEvents {
  started?: (job: string) => void;
  finished?: (job: string, result: CrawlJobResult) => void;
  /** The job was due while its previous run was still going (here or in another process). */
  skipped?: (job: string, reason: string) => void;
  error?: (job: string, err: Error) => void;
}

/** Per-trigger hooks (the web's "run now" waits for the run's id). */
export interface TriggerHooks {
  /** The run was claimed and planned: its id. */
  onStart?: (runPk: number) => void;
  /** The run failed before or while it ran (also reported to the scheduler's `error` event). */
  onError?: (err: Error) => void;
}

/**
 * Runs the crawl jobs on their cron schedules. A job still running is not started again: this process keeps
 * one promise per job, and across processes the run claim in the store says "busy". A job's settings can be
 * replaced while the scheduler runs (update): its timer is rescheduled at once, without a restart.
 */
export class CrawlScheduler {
  private readonly jobs = new Map<string, CrawlJobConfig>();
  private readonly tasks = new Map<string, ScheduledTask>();
  private readonly running = new Map<string, Promise<CrawlJobResult | null>>();
  private readonly controller = new AbortController();
  private state: 'idle' | 'started' | 'stopped' = 'idle';

  constructor(
    private readonly runtime: CrawlRuntime,
    jobs: CrawlJobConfig[],
    private readonly events: SchedulerEvents = {},
    private readonly runOptions: Omit<RunJobOptions, 'signal'> = {},
    private readonly options: SchedulerOptions = {},
  ) {
    for (const job of jobs) this.jobs.set(job.name, job);
  }

  start(): void {
    if (this.state !== 'idle') return;
    this.state = 'started';
    this.options.leader?.start();
    for (const job of this.jobs.values()) this.schedule(job);
  }

  /** Whether this process may fire cron jobs now (always, without a leader lease). */
  isLeader(): boolean {
    return this.options.leader?.isLeader() ?? true;
  }

  /** What a job's timer does: start the job if this process is the leader (the result as trigger's). */
  due(name: string): Promise<CrawlJobResult | null> {
    if (!this.isLeader()) {
      this.events.skipped?.(name, 'not the scheduler leader');
      return Promise.resolve(null);
    }
    return this.trigger(name);
  }

  private schedule(job: CrawlJobConfig): void {
    if (!job.enabled || this.state !== 'started') return;
    const task = createTask(job.cron, () => void this.due(job.name), {
      name: `crawl:${job.name}`,
      timezone: job.timezone,
    });
    void task.start();
    this.tasks.set(job.name, task);
  }

  /** The jobs' current settings, in configuration order. */
  list(): CrawlJobConfig[] {
    return [...this.jobs.values()];
  }

  job(name: string): CrawlJobConfig | undefined {
    return this.jobs.get(name);
  }

  /**
   * Replaces a job's settings (already validated): the old timer is dropped and, if the job is enabled, a new
   * one set. A run in progress finishes with the settings it started with; the next run uses the new ones.
   */
  update(job: CrawlJobConfig): void {
    if (!this.jobs.has(job.name)) throw new Error(`no crawl job named ${job.name}`);
    this.jobs.set(job.name, job);
    const old = this.tasks.get(job.name);
    this.tasks.delete(job.name);
    if (old) void old.destroy();
    this.schedule(job);
  }

  /** When the job's timer fires next after `from` (the runtime's clock by default); null when it has none. */
  nextFire(name: string, from: Date = new Date(this.runtime.clock.now())): Date | null {
    const job = this.jobs.get(name);
    const task = this.tasks.get(name);
    if (!job || !task) return null;
    return nextFireTime(job.cron, job.timezone, from, task);
  }

  /** Starts the job now unless it is running; resolves with its result (null when skipped or failed). */
  trigger(name: string, hooks: TriggerHooks = {}): Promise<CrawlJobResult | null> {
    const job = this.jobs.get(name);
    if (!job) return Promise.reject(new Error(`no crawl job named ${name}`));
    // A stopped scheduler starts nothing: its store may be closing.
    if (this.state === 'stopped') {
      this.events.skipped?.(name, 'scheduler stopped');
      return Promise.resolve(null);
    }
    const current = this.running.get(name);
    if (current) {
      this.events.skipped?.(name, 'still running in this process');
      return Promise.resolve(null);
    }
    this.events.started?.(name);
    const run = (this.options.runJob ?? runCrawlJob)(this.runtime, job, {
      ...this.runOptions,
      onStart: (info) => {
        this.runOptions.onStart?.(info);
        hooks.onStart?.(info.runPk);
      },
      signal: this.controller.signal,
    })
      .then((result) => {
        if (result.status === 'busy')
          this.events.skipped?.(name, `run ${result.runPk} busy in ${result.owner}`);
        else this.events.finished?.(name, result);
        return result;
      })
      .catch((err: unknown) => {
        this.events.error?.(name, err as Error);
        hooks.onError?.(err as Error);
        return null;
      })
      .finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }

  isRunning(name: string): boolean {
    return this.running.has(name);
  }

  /** Stops the timers, aborts running jobs (they stay resumable) and waits for them. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    const tasks = [...this.tasks.values()];
    this.tasks.clear();
    for (const t of tasks) await t.destroy();
    this.controller.abort();
    await Promise.all([...this.running.values()]);
    await this.options.leader?.stop();
  }
}
