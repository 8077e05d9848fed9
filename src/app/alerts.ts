import type { Config } from '../config/schema.js';
import type { CrawlJobResult } from '../crawl/job.js';
import { rightLabel } from '../model/index.js';
import type { ConfirmResult, Store } from '../store/index.js';
import {
  AlertDispatcher,
  channelsFromConfig,
  crawlFailedAlert,
  highRiskLeadAlert,
  overdueAlert,
  relistingAlert,
  type Alert,
  type DeliveryReport,
} from '../workflow/alerts/index.js';
import type { WorkflowDeps } from '../workflow/deps.js';
import type { DueList } from '../workflow/dueList.js';
import { effectiveAlertsConfig } from '../workflow/alertSettings.js';
import type { RelistingOutcome } from '../workflow/relistings.js';

/*
 * Where the workflow's events become alerts: new high-risk leads, relistings, overdue deadlines and failed
 * crawl runs. Alerts are stored (deduplicated by key) and delivered through the configured channels; a
 * failed delivery is retried on a later call.
 */

/** The dispatcher of the settings in force: the configuration with the overrides saved on the web. */
export async function alertDispatcher(store: Store, config: Config): Promise<AlertDispatcher> {
  const { config: alerts } = await effectiveAlertsConfig(store, config.alerts);
  return new AlertDispatcher({
    repository: store.alerts,
    channels: channelsFromConfig(alerts),
    retry: alerts.retry,
    digest: alerts.digest,
  });
}

/** Alerts for leads that confirmations opened at high risk. */
export async function highRiskAlerts(
  deps: Pick<WorkflowDeps, 'store' | 'rightOf'>,
  results: readonly ConfirmResult[],
  now: Date,
): Promise<Alert[]> {
  const alerts: Alert[] = [];
  for (const { lead, opened } of results) {
    if (!opened || lead.riskTier !== 'high') continue;
    const right = lead.rightId ? await deps.rightOf(lead.rightId) : null;
    const findings = await deps.store.findings.list({ leadId: lead.id, limit: 5 });
    alerts.push(
      highRiskLeadAlert(
        {
          leadId: lead.id,
          platform: lead.platform,
          sellerId: lead.sellerId,
          sellerName: lead.sellerName,
          rightName: right ? rightLabel(right) : (lead.rightId ?? '—'),
          score: lead.riskScore,
          tier: lead.riskTier,
          listings: findings.map((f) => ({ title: f.title, url: f.url })),
        },
        now,
      ),
    );
  }
  return alerts;
}

export async function relistingAlerts(
  deps: Pick<WorkflowDeps, 'store'>,
  outcomes: readonly RelistingOutcome[],
  now: Date,
): Promise<Alert[]> {
  const alerts: Alert[] = [];
  for (const r of outcomes) {
    const lead = await deps.store.leads.get(r.leadId);
    const notice = await deps.store.notices.get(r.noticeId);
    const title =
      (await deps.store.findings.list({ leadId: r.leadId })).find((f) => f.listingId === r.listingId)
        ?.title ?? r.listingId;
    alerts.push(
      relistingAlert(
        {
          leadId: r.leadId,
          platform: lead?.platform ?? notice?.platform ?? '',
          listingId: r.listingId,
          relistingOf: r.previousListingId,
          title,
          url: r.url,
          sellerName: lead?.sellerName ?? '',
          takenDownAt: notice?.items.find((i) => i.listingId === r.previousListingId)?.takenDownAt ?? null,
          seenAt: r.detectedAt,
        },
        now,
      ),
    );
  }
  return alerts;
}

export function overdueAlerts(due: DueList, now: Date): Alert[] {
  return due.overdue.map((item) =>
    overdueAlert(
      {
        leadId: item.leadId ?? 0,
        deadline: item.id,
        deadlineLabel: item.deadline.label,
        dueDate: item.deadline.dueDate,
        daysOverdue: Math.floor(-item.remainingMs / 86_400_000),
      },
      now,
    ),
  );
}

export function crawlAlerts(result: CrawlJobResult, startedAt: string, now: Date): Alert[] {
  if (result.status !== 'partial') return [];
  const s = result.stats;
  return [
    crawlFailedAlert(
      {
        runId: s.runPk,
        job: s.job,
        status: result.status,
        failedPages: Object.values(s.failedByClass).reduce((a, b) => a + b, 0),
        startedAt,
        finishedAt: now.toISOString(),
      },
      now,
    ),
  ];
}

/** Stores the alerts and delivers everything due (earlier failures included). */
export async function raiseAlerts(
  dispatcherOrPromise: AlertDispatcher | Promise<AlertDispatcher>,
  alerts: readonly Alert[],
  now: Date,
): Promise<DeliveryReport> {
  const dispatcher = await dispatcherOrPromise;
  for (const alert of alerts) await dispatcher.enqueue(alert);
  await dispatcher.enqueueDigest(now);
  return dispatcher.deliverDue(now);
}
