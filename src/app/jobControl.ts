import type { z } from 'zod';
import { CrawlJobSchema, type CrawlJobConfig } from '../config/schema.js';
import type { CrawlScheduler } from '../crawl/scheduler.js';
import { nextFireTime } from '../crawl/nextFire.js';
import type { JobOverride, Store, WorkflowActor } from '../store/index.js';

/*
 * Crawl jobs as the configuration defines them and the web edits them (issue 15). An edit is validated by the
 * configuration's own job schema (CrawlJobSchema) on the configured job with the edit laid over it, stored as
 * an override in the database (with its audit entry) and handed to the running scheduler, which reschedules
 * the job's timer. Without a scheduler in the process (JobControl absent) the web shows the jobs read-only.
 */

/** The fields the web may override; the rest (platforms, queries, forms) stay the configuration's. */
export const EDITABLE_JOB_FIELDS = ['cron', 'timezone', 'enabled', 'budget', 'concurrency'] as const;
export type EditableJobField = (typeof EDITABLE_JOB_FIELDS)[number];
export type JobEdit = Partial<Pick<CrawlJobConfig, EditableJobField>>;

export interface JobView {
  /** As the configuration file has it. */
  configured: CrawlJobConfig;
  override: JobOverride | null;
  /** What runs: the configured job with the override laid over it. */
  effective: CrawlJobConfig;
  /** Fields whose effective value comes from the override. */
  overridden: EditableJobField[];
  /** The stored override no longer passes the schema (the configuration changed): the job runs as configured. */
  overrideError: string | null;
}

function viewOf(configured: CrawlJobConfig, override: JobOverride | null): JobView {
  if (!override) return { configured, override, effective: configured, overridden: [], overrideError: null };
  const edit = pickEditable(override.settings);
  const parsed = CrawlJobSchema.safeParse({ ...configured, ...edit });
  if (!parsed.success) {
    const overrideError = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return { configured, override, effective: configured, overridden: [], overrideError };
  }
  const overridden = EDITABLE_JOB_FIELDS.filter((f) => f in edit && edit[f] !== configured[f]);
  return { configured, override, effective: parsed.data, overridden, overrideError: null };
}

function pickEditable(settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    EDITABLE_JOB_FIELDS.filter((f) => settings[f] !== undefined).map((f) => [f, settings[f]]),
  );
}

/** The configured jobs with the database's overrides (overrides of jobs no longer configured are ignored). */
export async function jobViews(store: Store, configured: readonly CrawlJobConfig[]): Promise<JobView[]> {
  const overrides = new Map((await store.jobSettings.overrides()).map((o) => [o.job, o]));
  return configured.map((job) => viewOf(job, overrides.get(job.name) ?? null));
}

/** The jobs as they run: what `serve` schedules and `crawl --job` runs. */
export async function effectiveJobs(
  store: Store,
  configured: readonly CrawlJobConfig[],
): Promise<CrawlJobConfig[]> {
  return (await jobViews(store, configured)).map((v) => v.effective);
}

/** When a job fires next after `from`, computed from its settings alone (no scheduler needed). */
export function nextFireOf(job: CrawlJobConfig, from: Date): Date | null {
  return job.enabled ? nextFireTime(job.cron, job.timezone, from) : null;
}

export type UpdateResult =
  { ok: true; view: JobView } | { ok: false; issues: z.core.$ZodIssue[] } | { ok: false; unknown: true };

export type TriggerResult =
  | { kind: 'started'; runPk: number }
  /** Running in this process already: no second run. */
  | { kind: 'running' }
  /** Another process (a `markwatch crawl`) drives the job's run. */
  | { kind: 'busy'; runPk: number; owner: string }
  | { kind: 'failed'; message: string }
  | { kind: 'unknown' };

/** What the web asks of the serving process's scheduler. */
export interface JobControl {
  jobs(): Promise<JobView[]>;
  /** The scheduler's next firing of the job (null: disabled or not scheduled). */
  nextFire(name: string, from?: Date): Date | null;
  isRunning(name: string): boolean;
  /** Starts a run now; resolves once it is claimed (its id), or says why not. */
  trigger(name: string, who: WorkflowActor): Promise<TriggerResult>;
  /** Validates, stores (audited) and applies an edit of the job's settings. */
  update(name: string, edit: JobEdit, who: WorkflowActor): Promise<UpdateResult>;
  /** Drops the job's overrides: back to the configuration, rescheduled. */
  revert(name: string, who: WorkflowActor): Promise<JobView | null>;
}

export function createJobControl(
  store: Store,
  configured: readonly CrawlJobConfig[],
  scheduler: CrawlScheduler,
): JobControl {
  const configOf = (name: string) => configured.find((j) => j.name === name);
  return {
    jobs: () => jobViews(store, configured),
    nextFire: (name, from) => scheduler.nextFire(name, from),
    isRunning: (name) => scheduler.isRunning(name),

    trigger: (name, who) => {
      if (!scheduler.job(name)) return Promise.resolve({ kind: 'unknown' });
      // Checked and started in one synchronous step: two requests at once cannot both start a run.
      if (scheduler.isRunning(name)) return Promise.resolve({ kind: 'running' });
      const outcome = new Promise<TriggerResult>((resolve) => {
        void scheduler
          .trigger(name, {
            onStart: (runPk) => resolve({ kind: 'started', runPk }),
            onError: (err) => resolve({ kind: 'failed', message: err.message }),
          })
          .then((result) => {
            if (result?.status === 'busy')
              resolve({ kind: 'busy', runPk: result.runPk, owner: result.owner });
            else resolve({ kind: 'failed', message: 'the run ended before it started' });
          });
      });
      return outcome.then(async (result) => {
        if (result.kind === 'started') {
          await store.audit.append({
            ...who,
            action: 'crawl_job.run_now',
            subjectType: 'crawl_job',
            subjectId: name,
            detail: { runPk: result.runPk },
          });
        }
        return result;
      });
    },

    update: async (name, edit, who) => {
      const job = configOf(name);
      if (!job) return { ok: false, unknown: true };
      const parsed = CrawlJobSchema.safeParse({ ...job, ...pickEditable(edit) });
      if (!parsed.success) return { ok: false, issues: parsed.error.issues };
      const changed = EDITABLE_JOB_FIELDS.filter((f) => parsed.data[f] !== job[f]);
      const override = changed.length
        ? await store.jobSettings.save(name, Object.fromEntries(changed.map((f) => [f, parsed.data[f]])), who)
        : null;
      if (!override) await store.jobSettings.revert(name, who);
      scheduler.update(parsed.data);
      return { ok: true, view: viewOf(job, override) };
    },

    revert: async (name, who) => {
      const job = configOf(name);
      if (!job) return null;
      await store.jobSettings.revert(name, who);
      scheduler.update(job);
      return viewOf(job, null);
    },
  };
}
