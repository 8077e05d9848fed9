import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/tempDir.js';
import { runCrawlJob } from '../../../src/crawl/job.js';
import { testJob } from '../../crawl/crawlHarness.js';
import { DAILY, jobsBed, type JobsBed } from './jobsHarness.js';

/*
 * "Run now" against the sample marketplace on 127.0.0.1 port 0: the run's progress comes from the database
 * while it runs and after it ends; a second start while it runs is refused (409), in this process or another.
 */

const tempDir = useTempDir();
const beds: JobsBed[] = [];
afterEach(async () => {
  for (const b of beds.splice(0)) await b.close();
});

interface Progress {
  state: string;
  status: string;
  ended: boolean;
  pages: number;
  done: number;
  queued: number;
  failed: number;
  findings: number;
  job: string;
}

describe('run now', () => {
  it('starts a run whose progress endpoint reports pages and ends finished; a second start is 409', async () => {
    const b = await jobsBed(tempDir(), { market: true });
    beds.push(b);
    const officer = await b.signIn('officer', 'alice');
    const _csrf = await officer.csrf('/jobs');
    b.hold(); // the run is claimed and planned, then waits for its first page
    const finished = b.finished();
    const res = await officer.post('/jobs/daily/run', { _csrf });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(/^\/jobs\/runs\/\d+$/);

    const running = (await (await officer.get(`${location}/progress.json`)).json()) as Progress;
    expect(running).toMatchObject({ job: 'daily', state: 'running', ended: false, done: 0 });
    expect(running.queued).toBeGreaterThan(0);
    const page = await (await officer.get(location)).text();
    expect(page).toContain('data-ended="false"');
    expect(page).toContain(`data-progress-url="${location}/progress.json"`);

    const again = await officer.post('/jobs/daily/run', { _csrf });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('正在运行，未重复启动');

    b.release();
    const result = await finished;
    expect(['ok', 'partial']).toContain(result.status);
    const end = (await (await officer.get(`${location}/progress.json`)).json()) as Progress;
    expect(end).toMatchObject({ state: 'finished', ended: true, queued: 0 });
    expect(['ok', 'partial']).toContain(end.status);
    expect(end.pages).toBeGreaterThan(1);
    expect(end.done).toBeGreaterThan(1);
    expect(await (await officer.get(location)).text()).toContain('data-ended="true"');
    const list = await (await officer.get('/jobs')).text();
    expect(list).toContain(`href="${location}"`);
    const audit = await b.harness.store.audit.list({ subjectType: 'crawl_job', subjectId: 'daily' });
    expect(audit.map((e) => [e.action, e.actor])).toEqual([['crawl_job.run_now', 'alice']]);
  });

  it('shows a run driven by another process and refuses to start a second one (409)', async () => {
    const b = await jobsBed(tempDir(), { market: true });
    beds.push(b);
    const officer = await b.signIn('officer');
    b.hold();
    // As `markwatch crawl --job daily` would: its own claim on the same database, not the scheduler's.
    let started = 0;
    let claimed = () => {};
    const onStart = new Promise<void>((resolve) => (claimed = resolve));
    const other = runCrawlJob(b.harness.runtime, testJob(DAILY), {
      onStart: ({ runPk }) => {
        started = runPk;
        claimed();
      },
    });
    await onStart;
    const res = await officer.post('/jobs/daily/run', { _csrf: await officer.csrf('/jobs') });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain(`另一进程运行（运行 #${started}）`);
    const progress = (await (await officer.get(`/jobs/runs/${started}/progress.json`)).json()) as Progress;
    expect(progress).toMatchObject({ job: 'daily', state: 'running', ended: false });
    expect(b.scheduler.isRunning('daily')).toBe(false);
    b.release();
    expect(['ok', 'partial']).toContain((await other).status);
  });
});
