import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertsConfigSchema } from '../../src/config/schema.js';
import { workflowDeps } from '../../src/app/workflow.js';
import { afterCrawlRun } from '../../src/app/workflowRound.js';
import { startMarketplace } from '../../src/marketplace/server.js';
import { loadWatchListFile } from '../../src/rights/watchListFile.js';
import type { WorkflowActor } from '../../src/store/index.js';
import { analyseLead } from '../../src/workflow/leadAnalysis.js';
import { moveLead } from '../../src/workflow/moves.js';
import { detectRelistings } from '../../src/workflow/relistings.js';
import { confirmFinding, type AssessRisk } from '../../src/workflow/review.js';
import { sendNotices } from '../../src/workflow/sendNotice.js';
import { checkTakedowns } from '../../src/workflow/takedownCheck.js';
import { crawlHarness, testConfig, type Harness } from '../crawl/crawlHarness.js';
import { useTempDir } from '../helpers/tempDir.js';

/*
 * The whole story against the sample marketplace: crawl → findings → confirm → a notice through the
 * platform's API → the takedown verified by fetching the listing again → the seller relists it → the crawl
 * links the relisting → the lead re-opens → closed. The audit log verifies at the end.
 */

const tempDir = useTempDir();
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

const QUERY = '耐克';
const fixedRisk: AssessRisk = async () => ({ score: 0.8, tier: 'high', parts: [] });

describe('the enforcement workflow end to end', () => {
  it('takes a flagged listing from crawl to a closed lead, through notice, takedown and relisting', async () => {
    const market = await startMarketplace({
      listings: 400,
      takedown: { delayMs: 0, outcome: 'takedown', relistAfterTakedown: true },
    });
    // Alerts go to a local webhook receiver.
    const received: { kind: string; dedupKey: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body) as { kind: string; dedupKey: string });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const config = {
      ...testConfig(tempDir(), market.platforms),
      alerts: AlertsConfigSchema.parse({
        channels: [{ kind: 'webhook', url: hook, secret: 'end-to-end-test-secret' }],
      }),
    };
    const harness: Harness = await crawlHarness(config, loadWatchListFile('data/demo-watchlist.json'));
    cleanup = async () => {
      await harness.close();
      await market.close();
      await new Promise((resolve) => receiver.close(resolve));
    };
    const { store } = harness;
    let clock = Date.parse('2026-12-01T02:00:00Z');
    const deps = workflowDeps(store, config, () => new Date(clock));
    const who = (): WorkflowActor => ({
      actor: 'staff-1',
      role: 'staff',
      osUser: 'tester',
      at: new Date(clock).toISOString(),
    });
    const crawl = async () => {
      const result = await harness.run({ platforms: ['shopa'], queries: [QUERY], budget: 400 });
      expect(result.status).toBe('ok');
    };

    // 1. Crawl: flagged listings become findings awaiting review.
    await crawl();
    const pending = await store.findings.list({ review: 'new', tier: 'lead', platform: 'shopa' });
    expect(pending.length).toBeGreaterThan(0);
    const finding = pending.find((f) => !f.sellerId.endsWith('-official')) ?? pending[0]!;

    // 2. Confirm: the seller × right lead opens.
    const confirmed = await confirmFinding(deps, finding.id, who(), fixedRisk);
    expect(confirmed.opened).toBe(true);
    expect(confirmed.lead).toMatchObject({
      state: 'confirmed',
      platform: 'shopa',
      sellerId: finding.sellerId,
    });
    const leadId = confirmed.lead.id;
    const leadFindings = await store.findings.list({ leadId });
    // Only this listing's finding is confirmed; the seller's other findings for the right joined the lead.
    expect(leadFindings.map((f) => f.id)).toContain(finding.id);

    // 3. Notice through the platform's API.
    clock += 60_000;
    const [notice] = await sendNotices(deps, leadId, who());
    expect(notice).toMatchObject({ channel: 'api', status: 'sent' });
    expect(notice!.items.map((i) => i.url)).toEqual([finding.url]);
    expect(notice!.items[0]!.externalId).toMatch(/^SHOPA-NT-\d+$/);
    expect((await store.leads.get(leadId))?.state).toBe('notice_sent');
    const onPlatform = (await (await fetch(`${market.platforms.shopa}/api/notices`)).json()) as {
      notices: { listingUrl: string; notifier: { name: string } }[];
    };
    expect(onPlatform.notices.map((n) => n.listingUrl)).toEqual([finding.url]);

    // 4. Takedown check: the listing's page is gone, so the lead is taken down.
    clock += 3 * 3_600_000;
    const check = await checkTakedowns(deps, who());
    expect(check.checked).toEqual([
      expect.objectContaining({ url: finding.url, status: 'taken_down', hoursToTakedown: 3 }),
    ]);
    expect((await store.leads.get(leadId))?.state).toBe('taken_down');

    // 5. The seller relists it under a new id; the scheduler's round after the next crawl links the relisting
    //    and re-opens the lead.
    market.advanceEpoch();
    const startedAt = new Date().toISOString();
    const result = await harness.run({ platforms: ['shopa'], queries: [QUERY], budget: 400 });
    expect(result.status).toBe('ok');
    const round = await afterCrawlRun(store, config, result, startedAt);
    expect(round).toMatchObject({ relistings: 1, delivered: 1, failed: 0 });
    expect(received).toEqual([expect.objectContaining({ kind: 'relisting' })]);
    const [relisted0] = await store.leads.relistingsOf(leadId);
    const relistings = [relisted0!];
    expect(relisted0).toMatchObject({ leadId, previousListingId: finding.listingId });
    expect(relistings[0]!.listingId).not.toBe(finding.listingId);
    expect((await store.leads.get(leadId))?.state).toBe('reviewing');
    // Recorded once: a second check finds nothing new.
    expect(await detectRelistings(deps, who())).toEqual([]);

    // 6. The relisted listing's finding is confirmed (it joins the lead), and the lead is closed.
    const relisted = (await store.findings.list({ platform: 'shopa', sellerId: finding.sellerId })).find(
      (f) => f.listingId === relistings[0]!.listingId && f.rightId === finding.rightId,
    );
    expect(relisted).toBeDefined();
    const again = await confirmFinding(deps, relisted!.id, who(), fixedRisk);
    expect(again).toMatchObject({ opened: false, lead: { id: leadId, state: 'confirmed' } });
    // The lead rules see the story: a repeat after the notice, and the relisting, each explained.
    const analysis = await analyseLead(deps, (await store.leads.get(leadId))!);
    expect(analysis.repeat).toMatchObject({ repeat: true, relisting: true });
    expect(new Set(analysis.repeat.matches.map((m) => m.rule))).toEqual(
      new Set(['after_notice', 'relisting']),
    );
    expect(analysis.risk.parts.find((p) => p.part === 'repeat')?.value).toBe(1);
    await moveLead(deps, leadId, 'closed', '卖家已关店，案件处理完毕', who());

    const transitions = (await store.leads.transitions(leadId)).map((t) => `${t.from ?? '∅'}→${t.to}`);
    expect(transitions).toEqual([
      '∅→confirmed',
      'confirmed→notice_sent',
      'notice_sent→taken_down',
      'taken_down→reviewing',
      'reviewing→confirmed',
      'confirmed→closed',
    ]);
    const audit = await store.audit.verify();
    expect(audit.ok).toBe(true);
    expect(audit.rows).toBeGreaterThanOrEqual(transitions.length + 2);
  }, 120_000);
});
