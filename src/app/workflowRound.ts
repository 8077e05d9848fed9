import { createTask, type ScheduledTask } from 'node-cron';
import type { Config } from '../config/schema.js';
import type { CrawlJobResult } from '../crawl/job.js';
import type { Store, WorkflowActor } from '../store/index.js';
import { dueList } from '../workflow/dueList.js';
import { openDeadlines } from '../workflow/openDeadlines.js';
import { detectRelistings } from '../workflow/relistings.js';
import { checkTakedowns } from '../workflow/takedownCheck.js';
import { alertDispatcher, crawlAlerts, overdueAlerts, raiseAlerts, relistingAlerts } from './alerts.js';
import { workflowDeps } from './workflow.js';

/*
 * What the scheduler does besides crawling: after each crawl run, the takedown check and relisting detection
 * (a crawl is when relistings are found), and the alerts they raise; every quarter hour, overdue deadlines,
 * the daily digest and the retry of failed deliveries.
 */

const SYSTEM: Omit<WorkflowActor, 'at'> = { actor: 'scheduler', role: 'system', osUser: 'markwatch' };

export interface RoundReport {
  checked: number;
  leadsMoved: number;
  relistings: number;
  delivered: number;
  failed: number;
}

/** The workflow round after a crawl run. */
export async function afterCrawlRun(
  store: Store,
  config: Config,
  result: CrawlJobResult,
  startedAt: string,
): Promise<RoundReport> {
  const deps = workflowDeps(store, config);
  const now = deps.now();
  const who = { ...SYSTEM, at: now.toISOString() };
  const takedowns = await checkTakedowns(deps, who);
  const relistings = await detectRelistings(deps, who);
  const alerts = [...crawlAlerts(result, startedAt, now), ...(await relistingAlerts(deps, relistings, now))];
  const report = await raiseAlerts(alertDispatcher(store, config), alerts, now);
  return {
    checked: takedowns.checked.length,
    leadsMoved: takedowns.leadsMoved.length,
    relistings: relistings.length,
    delivered: report.delivered,
    failed: report.failed,
  };
}

/** Overdue deadlines, the digest and retries, every 15 minutes (China time). Stop it with `stop()`. */
export function startWorkflowTicks(
  store: Store,
  config: Config,
  onError: (err: Error) => void,
): ScheduledTask {
  const task = createTask(
    '*/15 * * * *',
    async () => {
      try {
        const deps = workflowDeps(store, config);
        const now = deps.now();
        const due = dueList(await openDeadlines(deps), now);
        await raiseAlerts(alertDispatcher(store, config), overdueAlerts(due, now), now);
      } catch (err) {
        onError(err as Error);
      }
    },
    { name: 'workflow-tick', timezone: 'Asia/Shanghai' },
  );
  void task.start();
  return task;
}
