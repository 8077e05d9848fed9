import { afterEach, describe, expect, it } from 'vitest';
import { startMarketplace } from '../../../src/marketplace/server.js';
import { loadWatchListFile } from '../../../src/rights/watchListFile.js';
import { crawlHarness, testConfig } from '../../crawl/crawlHarness.js';
import { useTempDir } from '../../helpers/tempDir.js';
import { addUser } from '../webHarness.js';
import { logIn, openWebSession, screenshot, type WebSession } from './browserHarness.js';

/*
 * An officer's case on the web, with findings from a real crawl of the sample marketplace: confirm a finding,
 * open its lead, send the notice through the platform's API, verify the takedown by re-fetching the listing,
 * and close the lead with a reason. The store and the platform are checked at each step.
 */

const tempDir = useTempDir();
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('the officer lead desk in the browser', () => {
  it(
    'confirms a crawled finding, sends the notice, sees the takedown verified and closes the lead',
    { timeout: 180_000 },
    async () => {
      const market = await startMarketplace({
        listings: 400,
        takedown: { delayMs: 0, outcome: 'takedown', relistAfterTakedown: true },
      });
      const config = testConfig(tempDir(), market.platforms);
      const harness = await crawlHarness(config, loadWatchListFile('data/demo-watchlist.json'));
      const closeCrawl = async () => {
        await harness.close();
        await market.close();
      };
      cleanup = closeCrawl;
      const { store } = harness;
      const result = await harness.run({ platforms: ['shopa'], queries: ['耐克'], budget: 400 });
      expect(result.status).toBe('ok');
      const pending = await store.findings.list({ review: 'new', tier: 'lead', platform: 'shopa' });
      expect(pending.length).toBeGreaterThan(0);
      const finding = pending.find((f) => !f.sellerId.endsWith('-official')) ?? pending[0]!;

      await addUser(store, 'officer1', 'officer');
      const session: WebSession = await openWebSession(store, config);
      cleanup = async () => {
        await session.close();
        await closeCrawl();
      };
      const page = await session.person();
      await logIn(page, 'officer1');

      // Confirm it on its page; the page then links to the lead it opened.
      await page.goto(`/findings/${finding.id}`);
      await Promise.all([page.waitForURL(`**/findings/${finding.id}`), page.locator('#confirm').click()]);
      const leadLink = page.locator('dd a[href^="/leads/"]');
      await leadLink.waitFor();
      const leadId = (await store.findings.get(finding.id))?.leadId;
      expect(leadId).toBeTruthy();
      expect(await leadLink.getAttribute('href')).toBe(`/leads/${leadId}`);
      await Promise.all([page.waitForURL(`**/leads/${leadId}`), leadLink.click()]);
      const state = page.locator('p.state');
      expect(await state.getAttribute('data-state')).toBe('confirmed');
      await screenshot(page, '07-lead');

      // 发送侵权通知: the notice goes through the platform's API.
      await Promise.all([page.waitForURL(/done=/), page.locator('#notify').click()]);
      await page.locator('p.notice', { hasText: '已发送 1 份通知' }).waitFor();
      expect(await state.getAttribute('data-state')).toBe('notice_sent');
      expect(await state.innerText()).toContain('已通知平台');
      const [notice] = await store.notices.forLead(leadId!);
      expect(notice).toMatchObject({ channel: 'api', status: 'sent' });
      const onPlatform = (await (await fetch(`${market.platforms.shopa}/api/notices`)).json()) as {
        notices: { listingUrl: string }[];
      };
      expect(onPlatform.notices.map((n) => n.listingUrl)).toEqual([finding.url]);

      // 复查删除情况: the listing is gone from the platform, so the lead is taken down.
      await Promise.all([page.waitForURL(/done=/), page.locator('#check').click()]);
      await page.locator('p.state[data-state="taken_down"]').waitFor();
      expect(await state.innerText()).toContain('已删除');
      expect((await store.leads.get(leadId!))?.state).toBe('taken_down');
      await screenshot(page, '08-lead-taken-down');

      // Close it with the move form: 结案 and a reason.
      await page.locator('#move-to').selectOption('closed');
      await page.locator('#move-reason').fill('平台已删除链接，案件处理完毕');
      await Promise.all([page.waitForURL(/done=/), page.locator('#move').click()]);
      await page.locator('p.state[data-state="closed"]').waitFor();
      expect(await state.innerText()).toContain('已结案');
      expect(await page.locator('p.notice').innerText()).toContain('线索已转为「已结案」');
      expect(await page.locator('li[data-notice]').first().innerText()).toMatch(/已删除/);
      const lead = await store.leads.get(leadId!);
      expect(lead?.state).toBe('closed');
      const transitions = (await store.leads.transitions(leadId!)).map((t) => `${t.from ?? '∅'}→${t.to}`);
      expect(transitions).toEqual([
        '∅→confirmed',
        'confirmed→notice_sent',
        'notice_sent→taken_down',
        'taken_down→closed',
      ]);
      // The timeline on the page is the audit log, with the officer as the actor.
      expect(await page.locator('ol.timeline li', { hasText: 'officer1' }).count()).toBeGreaterThanOrEqual(3);
      await screenshot(page, '09-lead-closed');

      // The lead list, the due list and the dashboard render for the officer.
      await page.goto('/leads');
      await page.locator(`tr[data-row="${leadId}"]`).waitFor();
      await screenshot(page, '10-leads');
      await page.goto('/due');
      await page.locator('h1', { hasText: '到期事项' }).waitFor();
      await screenshot(page, '11-due');
      await page.goto('/dashboard');
      await page.locator('svg').first().waitFor();
      await screenshot(page, '12-dashboard');
      expect((await store.audit.verify()).ok).toBe(true);
      expect(session.dialogs).toEqual([]);
    },
  );
});
