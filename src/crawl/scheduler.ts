import { createTask, type ScheduledTask } from 'node-cron';
import type { CrawlJobConfig } from '../config/schema.js';
import { runCrawlJob, type CrawlJobResult, type CrawlRuntime, type RunJobOptions } from './job.js';

export interface SchedulerEvents {
  started?: (job: string) => void;
  finished?: (job: string, result: CrawlJobResult) => void;
  /** The job was due while its previous run was still going (here or in another process). */
  skipped?: (job: string, reason: string) => void;
  error?: (job: string, err: Error) => void;
}

/**
 * Runs the configured crawl jobs on their cron schedules. A job still running is not started again: this
 * process keeps one promise per job, and across processes the run claim in the store says "busy".
 */
export class CrawlScheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Map<string, Promise<CrawlJobResult | null>>();
  private readonly controller = new AbortController();

  constructor(
    private readonly runtime: CrawlRuntime,
    private readonly jobs: CrawlJobConfig[],
    private readonly events: SchedulerEvents = {},
    private readonly runOptions: Omit<RunJobOptions, 'signal'> = {},
  ) {}

  start(): void {
    for (const job of this.jobs.filter((j) => j.enabled)) {
      const task = createTask(job.cron, () => void this.trigger(job.name), {
        name: `crawl:${job.name}`,
        timezone: job.timezone,
      });
      void task.start();
      this.tasks.push(task);
    }
  }

  /** Starts the job now unless it is running; resolves with its result (null when skipped or failed). */
  trigger(name: string): Promise<CrawlJobResult | null> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) return Promise.reject(new Error(`no crawl job named ${name}`));
    const current = this.running.get(name);
    if (current) {
      this.events.skipped?.(name, 'still running in this process');
      return Promise.resolve(null);
    }
    this.events.started?.(name);
    const run = runCrawlJob(this.runtime, job, { ...this.runOptions, signal: this.controller.signal })
      .then((result) => {
        if (result.status === 'busy')
          this.events.skipped?.(name, `run ${result.runPk} busy in ${result.owner}`);
        else this.events.finished?.(name, result);
        return result;
      })
      .catch((err: unknown) => {
        this.events.error?.(name, err as Error);
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
    for (const t of this.tasks.splice(0)) await t.destroy();
    this.controller.abort();
    await Promise.all([...this.running.values()]);
  }
}
