import { afterEach, describe, expect, it } from 'vitest';
import { chinaTimestamp } from '../../../src/common/chinaTime.js';
import { useTempDir } from '../../helpers/tempDir.js';
import { Browser } from '../webHarness.js';
import { jobsBed, type JobsBed } from './jobsHarness.js';

/* The crawl jobs page: who may see it, and editing a job's schedule within the configuration's schema. */

const tempDir = useTempDir();
const NOW = new Date('2026-12-04T16:30:00.000Z'); // 00:30 on 5 December, China time
const beds: JobsBed[] = [];
afterEach(async () => {
  for (const b of beds.splice(0)) await b.close();
});
async function bed(options: Parameters<typeof jobsBed>[1] = {}) {
  const b = await jobsBed(tempDir(), { now: () => NOW, ...options });
  beds.push(b);
  return b;
}
const auditCount = async (b: JobsBed) =>
  (await b.harness.store.audit.list({ subjectType: 'crawl_job' })).length;
const EDIT = { cron: '30 5 * * *', timezone: 'Asia/Shanghai', enabled: 'on', budget: '50', concurrency: '4' };

describe('crawl jobs page', () => {
  it('answers a rights holder 404 on every jobs URL, and sends anonymous visitors to sign in', async () => {
    const b = await bed();
    const holder = await b.signIn('rights_holder');
    const csrf = await holder.csrf('/portal');
    for (const path of ['/jobs', '/jobs/daily', '/jobs/runs/1', '/jobs/runs/1/progress.json']) {
      expect((await holder.get(path)).status, path).toBe(404);
    }
    expect((await holder.post('/jobs/daily/run', { _csrf: csrf })).status).toBe(404);
    expect((await holder.post('/jobs/daily', { _csrf: csrf, ...EDIT })).status).toBe(404);
    expect(await b.harness.store.jobSettings.override('daily')).toBeNull();
    expect(b.scheduler.isRunning('daily')).toBe(false);
    const anonymous = await new Browser(b.app).get('/jobs');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toContain('/login');
  });

  it('lists each job with its schedule, settings and next firing in China time', async () => {
    const b = await bed();
    const officer = await b.signIn('officer');
    const html = await (await officer.get('/jobs')).text();
    expect(html).toContain('0 3 * * *');
    expect(html).toContain('Asia/Shanghai');
    expect(html).toContain(chinaTimestamp(new Date('2026-12-04T19:00:00.000Z'))); // 03:00 on the 5th
    expect(html).toContain(chinaTimestamp(new Date('2026-12-05T20:00:00.000Z'))); // weekly: Sunday 04:00
    expect(html).toContain('每平台 30 页');
    expect(html).toContain('耐克');
    expect(html).toContain('action="/jobs/daily/run"');
    expect(html).not.toContain('只读');
  });

  it('changes nothing without the CSRF token (403)', async () => {
    const b = await bed();
    const officer = await b.signIn('officer');
    expect((await officer.post('/jobs/daily', EDIT)).status).toBe(403);
    expect((await officer.post('/jobs/daily', { ...EDIT, _csrf: 'forged' })).status).toBe(403);
    expect((await officer.post('/jobs/daily/run', {})).status).toBe(403);
    expect(await b.harness.store.jobSettings.override('daily')).toBeNull();
    expect(await auditCount(b)).toBe(0);
    expect(b.scheduler.job('daily')?.cron).toBe('0 3 * * *');
    expect(b.scheduler.isRunning('daily')).toBe(false);
  });

  it('refuses a bad cron, time zone or budget beside the field, in Chinese first, and changes nothing', async () => {
    const b = await bed();
    const officer = await b.signIn('officer');
    const _csrf = await officer.csrf('/jobs/daily');
    const res = await officer.post('/jobs/daily', { _csrf, ...EDIT, cron: '61 * * * *' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(
      /data-field="cron">不是有效的 cron 表达式[^<]*\(cron: not a valid cron expression\)/,
    );
    expect(html).toContain('value="61 * * * *"'); // the typed value is shown again
    const tz = await (await officer.post('/jobs/daily', { _csrf, ...EDIT, timezone: 'Mars/Olympus' })).text();
    expect(tz).toMatch(/data-field="timezone">不是有效的时区/);
    const budget = await officer.post('/jobs/daily', { _csrf, ...EDIT, budget: '0', concurrency: 'x' });
    expect(budget.status).toBe(400);
    const text = await budget.text();
    expect(text).toMatch(/data-field="budget">不能小于 1 \(budget:/);
    expect(text).toMatch(/data-field="concurrency">须为数字/);
    expect(await b.harness.store.jobSettings.override('daily')).toBeNull();
    expect(await auditCount(b)).toBe(0);
    expect(b.scheduler.job('daily')?.cron).toBe('0 3 * * *');
    expect(b.scheduler.nextFire('daily', NOW)?.toISOString()).toBe('2026-12-04T19:00:00.000Z');
  });

  it('stores a valid edit as an audited override, reschedules the running scheduler, and reverts', async () => {
    const b = await bed();
    const officer = await b.signIn('officer', 'alice');
    const _csrf = await officer.csrf('/jobs/daily');
    const res = await officer.post('/jobs/daily', { _csrf, ...EDIT });
    expect(res.status).toBe(303);
    expect((await b.harness.store.jobSettings.override('daily'))?.settings).toEqual({
      cron: '30 5 * * *',
      budget: 50,
    });
    const [entry] = await b.harness.store.audit.list({ subjectType: 'crawl_job', subjectId: 'daily' });
    expect(entry).toMatchObject({ action: 'crawl_job.update', actor: 'alice', role: 'officer' });
    expect(entry!.detail).toEqual({ before: {}, after: { cron: '30 5 * * *', budget: 50 } });
    // Applied to the scheduler without a restart: its timer now fires at 05:30 China time.
    expect(b.scheduler.nextFire('daily', NOW)?.toISOString()).toBe('2026-12-04T21:30:00.000Z');
    expect(b.scheduler.job('daily')?.budget).toBe(50);
    const page = await (await officer.get('/jobs/daily')).text();
    expect(page).toContain(chinaTimestamp(new Date('2026-12-04T21:30:00.000Z')));
    expect(page).toMatch(/data-source="override">已覆盖（配置文件：0 3 \* \* \*）/);
    expect(page).toMatch(/data-source="config">配置文件/);
    expect(page).toContain('恢复为配置文件的设置');

    const disable = await officer.post('/jobs/daily', { _csrf, ...EDIT, enabled: [] });
    expect(disable.status).toBe(303);
    expect(b.scheduler.nextFire('daily', NOW)).toBeNull();
    expect(await (await officer.get('/jobs')).text()).toContain('已停用');

    expect((await officer.post('/jobs/daily/revert', { _csrf })).status).toBe(303);
    expect(await b.harness.store.jobSettings.override('daily')).toBeNull();
    expect(b.scheduler.nextFire('daily', NOW)?.toISOString()).toBe('2026-12-04T19:00:00.000Z');
    const actions = (await b.harness.store.audit.list({ subjectType: 'crawl_job' })).map((e) => e.action);
    expect(actions).toEqual(['crawl_job.update', 'crawl_job.update', 'crawl_job.revert']);
    expect((await b.harness.store.audit.verify()).ok).toBe(true);
  });

  it('is read-only, and says why, when no scheduler runs in the process', async () => {
    const b = await bed({ withControl: false });
    const officer = await b.signIn('officer');
    // The demo's crawl runs a job the configuration does not have: its runs are listed apart.
    const demo = await b.harness.store.frontier.claimRun('demo', 'host/1/x', Date.now(), 60_000, () => false);
    const html = await (await officer.get('/jobs')).text();
    expect(html).toContain('其他任务的运行');
    expect(html).toContain(`href="/jobs/runs/${demo.runPk}"`);
    expect(html).toContain('只读');
    expect(html).toContain('markwatch serve');
    expect(html).toContain(chinaTimestamp(new Date('2026-12-04T19:00:00.000Z')));
    expect(html).not.toContain('action="/jobs/daily/run"');
    const _csrf = await officer.csrf('/jobs/daily');
    expect((await officer.post('/jobs/daily', { _csrf, ...EDIT })).status).toBe(409);
    expect((await officer.post('/jobs/daily/run', { _csrf })).status).toBe(409);
    expect(await b.harness.store.jobSettings.override('daily')).toBeNull();
    expect(b.scheduler.isRunning('daily')).toBe(false);
  });
});
