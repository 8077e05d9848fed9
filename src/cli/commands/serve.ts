import type { Command } from 'commander';
import { CrawlScheduler } from '../../crawl/scheduler.js';
import { crawlRuntimeFromConfig } from '../../crawl/runtimeFromConfig.js';
import { openStore } from '../../store/index.js';
import { startWebServer } from '../../web/server.js';
import { configFor } from '../context.js';

function logLine(o: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...o })}\n`);
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('运行定时抓取任务与网页服务 (run the crawl scheduler and the web app)')
    .option('--no-web', '只运行定时任务 (scheduler only)')
    .option('--run-now <job>', '启动时立即运行该任务 (also run this job at start-up)')
    .action(async (opts: { web: boolean; runNow?: string }, command: Command) => {
      const config = configFor(command);
      const store = await openStore(config.dataDir);
      const runtime = crawlRuntimeFromConfig(store, config);
      const scheduler = new CrawlScheduler(runtime, config.crawl.jobs, {
        started: (job) => logLine({ event: 'job-started', job }),
        finished: (job, result) =>
          logLine({
            event: 'job-finished',
            job,
            status: result.status,
            ...('stats' in result ? result.stats : {}),
          }),
        skipped: (job, reason) => logLine({ event: 'job-skipped', job, reason }),
        error: (job, err) => logLine({ event: 'job-error', job, message: err.message }),
      });
      scheduler.start();
      const enabled = config.crawl.jobs.filter((j) => j.enabled);
      logLine({
        event: 'scheduler-started',
        jobs: enabled.map((j) => ({ name: j.name, cron: j.cron, timezone: j.timezone })),
      });
      const web = opts.web ? await startWebServer(store, config.web.host, config.web.port) : null;
      if (web) process.stdout.write(`线索页面 (leads page): ${web.url}  — Ctrl-C 退出\n`);
      if (opts.runNow) void scheduler.trigger(opts.runNow);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      process.stderr.write('正在停止… (stopping; running crawls stay resumable)\n');
      await scheduler.stop();
      await web?.close();
      await runtime.close();
      await store.close();
    });
}
