import type { Command } from 'commander';
import { listenOn, parsePort, PortError } from '../../app/ports.js';
import { openApp, type App } from '../../app/runtime.js';
import { CrawlScheduler } from '../../crawl/scheduler.js';
import { schedulerLease } from '../../crawl/leaderLease.js';
import { createJobControl, effectiveJobs } from '../../app/jobControl.js';
import { afterCrawlRun, startWorkflowTicks } from '../../app/workflowRound.js';
import { exposureWarning, listenWebServer } from '../../web/server.js';
import { configFor } from '../context.js';

interface ServeOptions {
  web: boolean;
  runNow?: string;
  port?: string;
  marketplacePort?: string;
}

function logLine(o: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...o })}\n`);
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('运行定时抓取任务与网页服务 (run the crawl scheduler and the web app)')
    .option('--no-web', '只运行定时任务 (scheduler only)')
    .option('--run-now <job>', '启动时立即运行该任务 (also run this job at start-up)')
    .option('--port <port>', '网页端口 (web port; 0 = any free port; default from config, 8080)')
    .option(
      '--marketplace-port <port>',
      '样例市场所在端口，抓取任务的目标 (port of a running sample marketplace the jobs crawl; default from config, 8090)',
    )
    .action(async (opts: ServeOptions, command: Command) => {
      const loaded = configFor(command);
      const webPort = parsePort(opts.port, '--port', loaded.web.port);
      const marketplacePort = parsePort(opts.marketplacePort, '--marketplace-port', loaded.marketplace.port);
      // serve does not start the marketplace; it crawls one already running, so it needs its real port.
      if (opts.marketplacePort !== undefined && marketplacePort === 0) {
        throw new PortError(
          0,
          '--marketplace-port',
          '--marketplace-port: serve crawls a sample marketplace that is already running; give its port ' +
            '(see `markwatch marketplace --port`), not 0',
        );
      }
      const config = { ...loaded, marketplace: { ...loaded.marketplace, port: marketplacePort } };
      // The web port is taken before the data directory is opened: a taken port writes nothing.
      const web = opts.web
        ? await listenOn(webPort, '--port', () => listenWebServer(config.web.host, webPort))
        : null;
      let app: App;
      try {
        app = await openApp(config);
      } catch (err) {
        await web?.close();
        throw err;
      }
      const runtime = app.crawl;
      const store = app.store;
      const started = new Map<string, string>();
      // The jobs as configured, with the settings changed on the web (stored overrides) laid over them.
      const jobs = await effectiveJobs(store, config.crawl.jobs);
      const scheduler = new CrawlScheduler(
        runtime,
        jobs,
        {
          started: (job) => {
            started.set(job, new Date().toISOString());
            logLine({ event: 'job-started', job });
          },
          finished: (job, result) => {
            logLine({
              event: 'job-finished',
              job,
              status: result.status,
              ...('stats' in result ? result.stats : {}),
            });
            // The takedown check, relistings and alerts follow each run.
            afterCrawlRun(store, config, result, started.get(job) ?? new Date().toISOString()).then(
              (round) => logLine({ event: 'workflow-round', job, ...round }),
              (err: Error) => logLine({ event: 'workflow-error', job, message: err.message }),
            );
          },
          skipped: (job, reason) => logLine({ event: 'job-skipped', job, reason }),
          error: (job, err) => logLine({ event: 'job-error', job, message: err.message }),
        },
        {},
        // One scheduler fires each cron job across every `serve` sharing this store (issue 17).
        { leader: schedulerLease(store.leader, runtime.clock) },
      );
      scheduler.start();
      const ticks = startWorkflowTicks(store, config, (err) =>
        logLine({ event: 'workflow-error', message: err.message }),
      );
      const enabled = scheduler.list().filter((j) => j.enabled);
      logLine({
        event: 'scheduler-started',
        jobs: enabled.map((j) => ({ name: j.name, cron: j.cron, timezone: j.timezone })),
      });
      web?.serve(app.store, config, { jobs: createJobControl(store, config.crawl.jobs, scheduler) });
      if (web) {
        const warning = exposureWarning(config.web.host);
        if (warning) process.stderr.write(`${warning}\n`);
        process.stdout.write(
          `网页 (web app): ${web.url}  — 首个管理员：markwatch users add --role admin --username NAME — Ctrl-C 退出\n`,
        );
      }
      if (opts.runNow) void scheduler.trigger(opts.runNow);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      process.stderr.write('正在停止… (stopping; running crawls stay resumable)\n');
      // The web first: no "run now" can start while the scheduler and the store shut down.
      await web?.close();
      await scheduler.stop();
      await ticks.stop();
      await app.close();
    });
}
