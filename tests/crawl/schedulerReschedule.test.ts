import { getTasks } from 'node-cron';
import { describe, expect, it } from 'vitest';
import type { CrawlJobConfig } from '../../src/config/schema.js';
import type { CrawlRuntime } from '../../src/crawl/job.js';
import { nextFireTime } from '../../src/crawl/nextFire.js';
import { CrawlScheduler } from '../../src/crawl/scheduler.js';

/* Next fire times from an injected clock, and a job's timer rescheduled by update() without a restart. */

const NOW = new Date('2026-12-04T16:30:00.000Z'); // 00:30 on 5 December in China
const runtime = { clock: { now: () => NOW.getTime() } } as unknown as CrawlRuntime;
const DAILY: CrawlJobConfig = {
  name: 'daily',
  cron: '0 3 * * *',
  timezone: 'Asia/Shanghai',
  platforms: [],
  budget: 300,
  concurrency: 4,
  enabled: true,
};
const iso = (d: Date | null) => d?.toISOString() ?? null;
const crawlTasks = () => [...getTasks().values()].filter((t) => t.name?.startsWith('crawl:')).length;

describe('nextFireTime', () => {
  it.each([
    ['0 3 * * *', 'Asia/Shanghai', '2026-12-04T19:00:00.000Z'],
    ['*/20 * * * *', 'Asia/Shanghai', '2026-12-04T16:40:00.000Z'],
    ['*/15 * * * * *', 'UTC', '2026-12-04T16:30:15.000Z'],
    ['0 9 * * 1', 'Asia/Shanghai', '2026-12-07T01:00:00.000Z'], // Monday 7 December, 09:00 China
    ['0 0 29 2 *', 'UTC', '2028-02-29T00:00:00.000Z'],
    ['0 9 * * *', 'America/New_York', '2026-12-05T14:00:00.000Z'], // EST, UTC-5
    ['30 2 * * *', 'Asia/Kolkata', '2026-12-04T21:00:00.000Z'], // a half-hour offset
  ])('%s in %s fires next at %s', (cron, tz, expected) => {
    expect(iso(nextFireTime(cron, tz, NOW))).toBe(expected);
  });

  it('is strictly after the moment asked about', () => {
    expect(iso(nextFireTime('0 3 * * *', 'UTC', new Date('2026-12-05T03:00:00.000Z')))).toBe(
      '2026-12-06T03:00:00.000Z',
    );
  });
});

describe('CrawlScheduler.update', () => {
  it("reschedules a running scheduler's timer to the new cron and time zone", async () => {
    const before = crawlTasks();
    const scheduler = new CrawlScheduler(runtime, [DAILY, { ...DAILY, name: 'weekly', cron: '0 4 * * 0' }]);
    expect(scheduler.nextFire('daily')).toBeNull(); // not started: no timer
    scheduler.start();
    expect(crawlTasks()).toBe(before + 2);
    expect(iso(scheduler.nextFire('daily'))).toBe('2026-12-04T19:00:00.000Z');

    scheduler.update({ ...DAILY, cron: '30 5 * * *' });
    expect(iso(scheduler.nextFire('daily'))).toBe('2026-12-04T21:30:00.000Z');
    expect(scheduler.job('daily')?.cron).toBe('30 5 * * *');
    scheduler.update({ ...DAILY, cron: '30 5 * * *', timezone: 'UTC' });
    expect(iso(scheduler.nextFire('daily'))).toBe('2026-12-05T05:30:00.000Z');
    expect(crawlTasks()).toBe(before + 2); // the old timer was dropped, not left running

    scheduler.update({ ...DAILY, enabled: false });
    expect(scheduler.nextFire('daily')).toBeNull();
    expect(crawlTasks()).toBe(before + 1);
    scheduler.update({ ...DAILY, enabled: true });
    expect(iso(scheduler.nextFire('daily'))).toBe('2026-12-04T19:00:00.000Z');
    expect(iso(scheduler.nextFire('weekly'))).toBe('2026-12-05T20:00:00.000Z'); // Sunday 04:00 China

    expect(() => scheduler.update({ ...DAILY, name: 'nope' })).toThrow(/no crawl job named nope/);
    await scheduler.stop();
    expect(crawlTasks()).toBe(before);
    scheduler.update({ ...DAILY, cron: '0 1 * * *' }); // after stop: remembered, never scheduled
    expect(scheduler.nextFire('daily')).toBeNull();
    expect(crawlTasks()).toBe(before);
  });

  it('schedules a job that was disabled in the configuration once it is enabled', async () => {
    const scheduler = new CrawlScheduler(runtime, [{ ...DAILY, enabled: false }]);
    scheduler.start();
    expect(scheduler.nextFire('daily')).toBeNull();
    scheduler.update(DAILY);
    expect(iso(scheduler.nextFire('daily', new Date('2026-12-05T19:00:00.000Z')))).toBe(
      '2026-12-06T19:00:00.000Z',
    );
    await scheduler.stop();
  });

  it('starts nothing once stopped (a late "run now" while the store closes)', async () => {
    const events: string[] = [];
    const scheduler = new CrawlScheduler(runtime, [DAILY], {
      skipped: (job, reason) => events.push(`skipped ${job}: ${reason}`),
      started: (job) => events.push(`started ${job}`),
      error: (job, err) => events.push(`error ${job}: ${err.message}`),
    });
    scheduler.start();
    await scheduler.stop();
    await expect(scheduler.trigger('daily')).resolves.toBeNull();
    expect(scheduler.isRunning('daily')).toBe(false);
    expect(events).toEqual(['skipped daily: scheduler stopped']);
  });
});
