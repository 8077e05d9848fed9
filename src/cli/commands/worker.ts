import type { Command } from 'commander';
import { effectiveJobs } from '../../app/jobControl.js';
import { crawlRuntimeFromConfig } from '../../app/runtime.js';
import { jsonProgress } from '../../crawl/progress.js';
import { runWorker } from '../../crawl/worker.js';
import { openConfiguredStore } from '../../store/index.js';
import { configFor } from '../context.js';
import { collect, positiveInt } from '../options.js';
import { withBaseUrls } from './crawl.js';

interface WorkerCliOptions {
  run?: string;
  job?: string;
  concurrency?: string;
  watchlist?: string;
  baseUrl?: string[];
  pollMs?: string;
  json?: boolean;
}

/** The owner's JSON lines (stderr): the worker's id first, then its joins, listings, failures and progress. */
function line(o: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...o })}\n`);
}

export function register(program: Command): void {
  program
    .command('worker')
    .description(
      '加入正在运行的抓取任务并处理其队列，直到停止 (join running crawl runs and work their frontier until stopped; SIGTERM drains)',
    )
    .option('--run <id>', '只加入该运行，运行结束即退出 (join only this run; exit when it has ended)')
    .option(
      '--job <name>',
      '只加入该任务的运行，其运行结束即退出 (join only runs of this job; exit once its run has ended)',
    )
    .option('--concurrency <n>', "每个运行的并发页面数 (pages at once per run; default: the job's)")
    .option('--watchlist <file>', '使用监测名单文件而非登记簿 (watch-list file instead of the registry)')
    .option('--base-url <platform=url>', '平台基础地址，可重复 (base URL of a platform; repeatable)', collect)
    .option('--poll-ms <ms>', '空闲时查找运行的间隔 (how often an idle worker looks for runs)', '1000')
    .option('--json', '以 JSON 行输出进度 (JSON lines on stderr)')
    .action(async (opts: WorkerCliOptions, command: Command) => {
      const config = withBaseUrls(configFor(command), opts.baseUrl);
      const runPk = opts.run !== undefined ? positiveInt(opts.run, '--run') : undefined;
      const concurrency =
        opts.concurrency !== undefined ? positiveInt(opts.concurrency, '--concurrency') : undefined;
      const pollMs = positiveInt(opts.pollMs ?? '1000', '--poll-ms');
      const store = await openConfiguredStore(config);
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      let runtime: ReturnType<typeof crawlRuntimeFromConfig> | undefined;
      try {
        runtime = crawlRuntimeFromConfig(store, config, opts.watchlist ? { watchlist: opts.watchlist } : {});
        // The watch list's matcher is built before the worker is ready, not while a run's pages wait for it.
        await runtime.prepare(new Date(runtime.clock.now()));
        // Ready: a parent (`crawl --workers`) starts its run once its workers can join at once.
        process.send?.({ ready: true });
        if (opts.json) line({ event: 'ready' });
        const progress = opts.json
          ? jsonProgress((l) => process.stderr.write(l), undefined, { pid: process.pid })
          : null;
        const summary = await runWorker(runtime, {
          signal: controller.signal,
          jobs: await effectiveJobs(store, config.crawl.jobs),
          pollMs,
          ...(runPk !== undefined ? { runPk } : {}),
          ...(opts.job !== undefined ? { job: opts.job } : {}),
          ...(concurrency !== undefined ? { concurrency } : {}),
          onEvent: (e) => progress?.on(e),
          onJoin: (run, owner) =>
            opts.json
              ? line({ event: 'join', runPk: run.runPk, job: run.job, owner, pid: process.pid })
              : process.stderr.write(`加入运行 joined run ${run.runPk} (${run.job}) as ${owner}\n`),
          onLeave: (run, pages) =>
            opts.json
              ? line({ event: 'leave', runPk: run.runPk, pages })
              : process.stderr.write(`离开运行 left run ${run.runPk}: ${pages} 页 pages\n`),
        });
        process.stdout.write(
          opts.json
            ? `${JSON.stringify({ status: 'stopped', ...summary })}\n`
            : `抓取工作进程 worker ${summary.owner} 已停止 stopped: 加入 ${summary.joins} 次 joins · 页面 ${summary.pages} pages\n`,
        );
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await runtime?.close();
        await store.close();
      }
    });
}
