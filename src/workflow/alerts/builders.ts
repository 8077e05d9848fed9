import { chinaTimestamp } from '../../common/chinaTime.js';
import type { Alert } from '../../store/alertRepository.js';
import { renderAlert, type AlertField, type AlertMessage } from './render.js';

/*
 * The four alerts of issue 14, as pure functions of the facts the caller already has. Each one's dedup key
 * names the event, so raising it again (the next crawl sees the same lead, the due list runs hourly) sends
 * nothing new.
 */

export interface HighRiskLeadFacts {
  leadId: number;
  platform: string;
  sellerId: string;
  sellerName: string;
  rightName: string;
  /** Risk score and tier as the lead rules computed them. */
  score: number;
  tier: string;
  /** The score's parts, shown so the officer sees why (name → points). */
  scoreParts?: Readonly<Record<string, number>>;
  /** A few of the seller's flagged listings. */
  listings: readonly { title: string; url: string }[];
}

export interface RelistingFacts {
  /** The lead the relisting re-opens, when there is one. */
  leadId: number | null;
  platform: string;
  /** The listing as it came back, and the one taken down that it repeats. */
  listingId: string;
  relistingOf: string;
  title: string;
  url: string;
  sellerName: string;
  /** ISO instants. */
  takenDownAt: string | null;
  seenAt: string;
}

export interface OverdueFacts {
  leadId: number;
  /** A stable code of the deadline (e.g. `counter_notice_15d`) and its Chinese name. */
  deadline: string;
  deadlineLabel: string;
  /** YYYY-MM-DD, the last day of the period. */
  dueDate: string;
  daysOverdue: number;
  sellerName?: string;
  rightName?: string;
}

export interface CrawlFailedFacts {
  runId: number;
  job: string;
  status: string;
  failedPages: number;
  /** The run's own error, when it stopped on one. */
  error?: string;
  startedAt: string;
  finishedAt: string | null;
}

/** At most this many listings are named in a lead alert; the lead holds the rest. */
const MAX_LISTINGS = 5;

function alertOf(message: AlertMessage, dedupKey: string, data: Record<string, unknown>, now: Date): Alert {
  return { kind: message.kind, dedupKey, ...renderAlert(message), data, createdAt: now.toISOString() };
}

export function highRiskLeadAlert(facts: HighRiskLeadFacts, now: Date): Alert {
  const parts = Object.entries(facts.scoreParts ?? {})
    .map(([name, points]) => `${name} ${points}`)
    .join('，');
  const fields: AlertField[] = [
    { label: '线索编号', value: String(facts.leadId) },
    { label: '平台', value: facts.platform },
    { label: '卖家', value: `${facts.sellerName}（${facts.sellerId}）` },
    { label: '权利', value: facts.rightName },
    { label: '风险分', value: `${facts.score}（${facts.tier}）` },
    ...(parts ? [{ label: '得分构成', value: parts }] : []),
    ...facts.listings
      .slice(0, MAX_LISTINGS)
      .map((l, i) => ({ label: `商品 ${i + 1}`, value: l.title, href: l.url })),
  ];
  const more = facts.listings.length - MAX_LISTINGS;
  return alertOf(
    {
      kind: 'high_risk_lead',
      headline: `${facts.sellerName} · ${facts.rightName}（线索 ${facts.leadId}）`,
      fields,
      notes: [
        ...(more > 0 ? [`另有 ${more} 件商品，见线索详情。`] : []),
        '请尽快审核此线索（markwatch leads show）。',
      ],
    },
    `high_risk_lead:${facts.leadId}`,
    { ...facts, listings: facts.listings.slice(0, MAX_LISTINGS) },
    now,
  );
}

export function relistingAlert(facts: RelistingFacts, now: Date): Alert {
  return alertOf(
    {
      kind: 'relisting',
      headline: `${facts.platform} ${facts.sellerName}：${facts.title}`,
      fields: [
        { label: '平台', value: facts.platform },
        { label: '卖家', value: facts.sellerName },
        { label: '重新上架的商品', value: `${facts.title}（${facts.listingId}）`, href: facts.url },
        { label: '原被删除商品', value: facts.relistingOf },
        ...(facts.takenDownAt ? [{ label: '删除时间', value: chinaTimestamp(facts.takenDownAt) }] : []),
        { label: '发现时间', value: chinaTimestamp(facts.seenAt) },
        ...(facts.leadId !== null ? [{ label: '线索编号', value: `${facts.leadId}（已重新打开）` }] : []),
      ],
      notes: ['删除后重新上架可构成反复侵权（商标法第六十条），请核查。'],
    },
    `relisting:${facts.platform}:${facts.listingId}`,
    { ...facts },
    now,
  );
}

export function overdueAlert(facts: OverdueFacts, now: Date): Alert {
  return alertOf(
    {
      kind: 'overdue',
      headline: `线索 ${facts.leadId} ${facts.deadlineLabel}已逾期 ${facts.daysOverdue} 日`,
      fields: [
        { label: '线索编号', value: String(facts.leadId) },
        { label: '期限', value: facts.deadlineLabel },
        { label: '届满日', value: facts.dueDate },
        { label: '逾期天数', value: String(facts.daysOverdue) },
        ...(facts.sellerName ? [{ label: '卖家', value: facts.sellerName }] : []),
        ...(facts.rightName ? [{ label: '权利', value: facts.rightName }] : []),
      ],
      notes: ['请在待办期限列表中处理（markwatch due）。'],
    },
    // One alert per period: the same deadline staying overdue for days is not news every hour.
    `overdue:${facts.leadId}:${facts.deadline}:${facts.dueDate}`,
    { ...facts },
    now,
  );
}

export function crawlFailedAlert(facts: CrawlFailedFacts, now: Date): Alert {
  return alertOf(
    {
      kind: 'crawl_failed',
      headline: `任务 ${facts.job} 第 ${facts.runId} 次运行（${facts.status}）`,
      fields: [
        { label: '任务', value: facts.job },
        { label: '运行编号', value: String(facts.runId) },
        { label: '状态', value: facts.status },
        { label: '失败页面数', value: String(facts.failedPages) },
        ...(facts.error ? [{ label: '错误', value: facts.error }] : []),
        { label: '开始时间', value: chinaTimestamp(facts.startedAt) },
        ...(facts.finishedAt ? [{ label: '结束时间', value: chinaTimestamp(facts.finishedAt) }] : []),
      ],
      notes: [`失败页面见 markwatch runs show ${facts.runId}；下次运行会先重试它们。`],
    },
    `crawl_failed:${facts.runId}`,
    { ...facts },
    now,
  );
}
