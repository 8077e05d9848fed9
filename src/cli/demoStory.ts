import type { App } from '../app/runtime.js';
import { assessRiskFor, workflowDeps } from '../app/workflow.js';
import { CHINA_TIME_ZONE } from '../common/chinaTime.js';
import type { Config } from '../config/schema.js';
import { runCrawlJob } from '../crawl/job.js';
import { LEAD_STATE_LABELS, rightLabel } from '../model/index.js';
import type { WorkflowActor } from '../store/index.js';
import { moveLead } from '../workflow/moves.js';
import { detectRelistings } from '../workflow/relistings.js';
import { confirmFinding } from '../workflow/review.js';
import { sendNotices } from '../workflow/sendNotice.js';
import { checkTakedowns } from '../workflow/takedownCheck.js';

/*
 * The demo's workflow story, on the demo's own data: the top flagged listing of a platform with a notice API
 * is confirmed (the seller's lead opens), a notice goes through the API, the takedown is verified by fetching
 * the page again, the seller relists the listing, a crawl links the relisting and the lead re-opens, and the
 * officer closes it. Each step prints a line, so a new user sees the workflow in `npm run demo`.
 */

export interface StoryResult {
  leadId: number | null;
  states: string[];
  auditRows: number;
  auditIntact: boolean;
}

const STORY_PLATFORM = 'shopa';

export async function runWorkflowStory(
  app: App,
  config: Config,
  /** The sample marketplace: the story moves it to its next epoch, when the seller relists. */
  marketplace: { advanceEpoch(): number },
  log: (line: string) => void,
): Promise<StoryResult> {
  const { store } = app;
  const deps = workflowDeps(store, config);
  const who = (): WorkflowActor => ({
    actor: 'demo-staff',
    role: 'staff',
    osUser: 'demo',
    at: new Date().toISOString(),
  });
  const say = (line: string) => log(`  处置流程 (workflow) · ${line}`);
  const pending = await store.findings.list({
    review: 'new',
    tier: 'lead',
    platform: STORY_PLATFORM,
    limit: 50,
  });
  const finding = pending.find((f) => f.rightId !== null && !f.sellerId.endsWith('-official'));
  if (!finding) {
    say(`${STORY_PLATFORM} 上没有待审核的线索层级发现，跳过 (no finding to review)`);
    return { leadId: null, states: [], auditRows: 0, auditIntact: (await store.audit.verify()).ok };
  }
  const confirmed = await confirmFinding(deps, finding.id, who(), assessRiskFor(deps));
  const leadId = confirmed.lead.id;
  say(
    `确认发现 ${finding.id}「${finding.title}」→ 线索 ${leadId}：${finding.sellerName} × ${finding.rightId}，风险 ${confirmed.lead.riskTier}`,
  );
  const [notice] = await sendNotices(deps, leadId, who());
  say(`经平台接口发送通知 ${notice?.id}（平台编号 ${notice?.items.map((i) => i.externalId).join('、')}）`);
  const check = await checkTakedowns(deps, who());
  for (const c of check.checked) say(`复查 ${c.url}：${c.status}`);
  let lead = await store.leads.get(leadId);
  say(`线索 ${leadId} 状态：${lead ? LEAD_STATE_LABELS[lead.state] : '—'}`);
  if (lead?.state === 'taken_down') {
    marketplace.advanceEpoch();
    const right = await deps.rightOf(finding.rightId ?? '');
    const rightQuery = right ? rightLabel(right) : finding.title;
    const result = await runCrawlJob(app.crawl, {
      name: 'demo-recheck',
      cron: '0 3 * * *',
      timezone: CHINA_TIME_ZONE,
      platforms: [STORY_PLATFORM],
      queries: [rightQuery],
      budget: 320,
      concurrency: 4,
      enabled: true,
    });
    say(`再次抓取 ${STORY_PLATFORM}：${result.status === 'busy' ? '任务忙' : `${result.stats.pages} 页`}`);
    for (const r of await detectRelistings(deps, who())) {
      say(
        `发现重新上架：${r.listingId}（原 ${r.previousListingId} 已删除）${r.reopened ? '，线索重新打开' : ''}`,
      );
    }
    const relisted = (
      await store.findings.list({ platform: STORY_PLATFORM, sellerId: finding.sellerId, review: 'new' })
    ).find((f) => f.rightId === finding.rightId);
    if (relisted) {
      await confirmFinding(deps, relisted.id, who(), assessRiskFor(deps));
      say(`确认重新上架商品的发现 ${relisted.id}，并入线索 ${leadId}`);
    }
  }
  lead = await store.leads.get(leadId);
  if (lead && lead.state === 'confirmed') {
    await moveLead(deps, leadId, 'closed', '演示：处置完毕，结案 (demo: handled and closed)', who());
  }
  const states = (await store.leads.transitions(leadId)).map((t) => t.to);
  say(
    `线索 ${leadId} 经历：${states.map((s) => LEAD_STATE_LABELS[s as keyof typeof LEAD_STATE_LABELS] ?? s).join(' → ')}`,
  );
  const audit = await store.audit.verify();
  say(`审计链 (audit chain)：${audit.ok ? '完整' : '有问题'}，${audit.rows} 条`);
  return { leadId, states, auditRows: audit.rows, auditIntact: audit.ok };
}
