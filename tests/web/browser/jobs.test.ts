import { afterEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { listenWebServer } from '../../../src/web/server.js';
import { useTempDir } from '../../helpers/tempDir.js';
import { addUser } from '../webHarness.js';
import { jobsBed } from '../jobs/jobsHarness.js';
import { CHROMIUM, logIn, screenshot } from './browserHarness.js';

/*
 * The crawl jobs page in Chromium: an officer opens /jobs, clicks "run now" and watches the run page's
 * figures change without a reload (/static/app.js polling the progress JSON under the CSP) until it ends.
 */

const tempDir = useTempDir();
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('crawl jobs in the browser', () => {
  it('runs a job now and shows its progress live until it ends', { timeout: 180_000 }, async () => {
    const bed = await jobsBed(tempDir(), { market: true });
    const server = await listenWebServer('127.0.0.1', 0);
    server.serve(bed.harness.store, bed.config, { jobs: bed.control });
    const closeServers = async () => {
      await server.close();
      await bed.close();
    };
    cleanup = closeServers;
    const { chromium } = await import('playwright-core');
    const browser: Browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    cleanup = async () => {
      await browser.close();
      await closeServers();
    };
    const context = await browser.newContext({
      baseURL: server.url,
      locale: 'zh-CN',
      viewport: { width: 1366, height: 768 },
    });
    const page = await context.newPage();
    const refused: string[] = [];
    // Scripts and the progress polling must neither be refused by the CSP nor fail (pages may answer 400: a
    // refused form; the favicon is not ours to serve).
    page.on('console', (m) => {
      if (/Content Security Policy|Refused/i.test(m.text())) refused.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && r.request().resourceType() !== 'document' && !r.url().endsWith('/favicon.ico'))
        refused.push(`${r.status()} ${r.url()}`);
    });
    await addUser(bed.harness.store, 'officer1', 'officer');
    await logIn(page, 'officer1');

    await page.goto('/jobs');
    expect(await page.locator('section[data-job="daily"] h2').textContent()).toContain('daily');
    await screenshot(page, 'jobs-list');

    // A bad cron on the job's form: refused beside the field, the schedule unchanged.
    await page.goto('/jobs/daily');
    await page.getByLabel('cron 表达式').fill('61 * * * *');
    await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: '保存' }).click()]);
    expect(await page.locator('.field-error[data-field="cron"]').textContent()).toContain(
      '不是有效的 cron 表达式',
    );
    await screenshot(page, 'jobs-edit-error');
    expect(bed.scheduler.job('daily')?.cron).toBe('0 3 * * *');
    await page.goto('/jobs');

    bed.hold(); // the run is claimed and planned, then waits: the page must show it running first
    await Promise.all([
      page.waitForURL(/\/jobs\/runs\/\d+$/),
      page.locator('section[data-job="daily"]').getByRole('button', { name: '立即运行' }).click(),
    ]);
    expect(await page.locator('[data-field="state"]').textContent()).toBe('运行中');
    expect(await page.locator('[data-field="done"]').textContent()).toBe('0');
    await screenshot(page, 'jobs-run-live');
    const url = page.url();

    bed.release();
    await page.locator('#run-progress[data-ended="true"]').waitFor({ timeout: 120_000 });
    expect(page.url()).toBe(url); // updated in place, not reloaded
    expect(await page.locator('[data-field="state"]').textContent()).toBe('已结束');
    expect(Number(await page.locator('[data-field="pages"]').textContent())).toBeGreaterThan(1);
    expect(await page.locator('[data-field="status"]').textContent()).toMatch(/完成/);
    await screenshot(page, 'jobs-run-finished');
    expect(refused).toEqual([]);
  });
});
