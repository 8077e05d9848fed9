import { spawn, type ChildProcess } from 'node:child_process';
import type { Command } from 'commander';
import { effectiveJobs } from '../../app/jobControl.js';
import { alertDispatcher, crawlAlerts, raiseAlerts } from '../../app/alerts.js';
import { crawlRuntimeFromConfig } from '../../app/runtime.js';
import type { Config, CrawlJobConfig } from '../../config/schema.js';
import { runCrawlJob, type CrawlJobResult } from '../../crawl/job.js';
import { jsonProgress, terminalProgress, type ProgressReporter } from '../../crawl/progress.js';
import { openConfiguredStore } from '../../store/index.js';
import { configFor, withStore, type GlobalOptions } from '../context.js';
import { collect, positiveInt } from '../options.js';
import { formatFailures } from './runs.js';

interface CrawlOptions {
  job?: string;
  platform?: string[];
  budget?: string;
  concurrency?: string;
  query?: string[];
  watchlist?: string;
  baseUrl?: string[];
  json?: boolean;
  failures?: boolean;
  workers?: string;
}

/**
 * The job as it runs (first one by default): the configured job with the web's saved overrides (the same
 * settings `serve` schedules), then the command-line options.
 */
export function jobFromOptions(
  config: Config,
  opts: CrawlOptions,
  jobs: readonly CrawlJobConfig[] = config.crawl.jobs,
): CrawlJobConfig {
  const base = opts.job ? jobs.find((j) => j.name === opts.job) : jobs[0];
  if (!base) {
    throw new Error(
      `--job ${opts.job}: no such job (configured: ${jobs.map((j) => j.name).join(', ') || 'none'})`,
    );
  }
  return {
    ...base,
    ...(opts.platform?.length ? { platforms: opts.platform } : {}),
    ...(opts.budget ? { budget: positiveInt(opts.budget, '--budget') } : {}),
    ...(opts.concurrency ? { concurrency: positiveInt(opts.concurrency, '--concurrency') } : {}),
    ...(opts.query?.length ? { queries: opts.query } : {}),
  };
}

/** `--base-url shopa=http://127.0.0.1:8090/shopa` → config.crawl.sites overrides. */
export function withBaseUrls(config: Config, pairs: string[] = []): Config {
  const sites = { ...config.crawl.sites };
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new Error(`--base-url: expected PLATFORM=URL, got "${pair}"`);
    const platform = pair.slice(0, eq);
    const url = pair.slice(eq + 1);
    try {
      new URL(url);
    } catch {
      throw new Error(`--base-url ${platform}: not a URL: "${url}"`);
    }
    sites[platform] = { ...sites[platform], baseUrl: url };
  }
  return { ...config, crawl: { ...config.crawl, sites } };
}

/**
 * `crawl --workers N`: this process claims, plans and crawls the run, and N-1 `markwatch worker --job` child
 * processes (same configuration, data directory or database, watch list and base URLs) join it. They are
 * started first and awaited until ready, so they take part from the first page; each leaves when the run has
 * ended. Resolves with a function that stops them (SIGTERM: they drain) and waits for their exit.
 */
async function startLocalWorkers(
  command: Command,
  opts: CrawlOptions,
  job: CrawlJobConfig,
  count: number,
): Promise<() => Promise<void>> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const args = [
    process.argv[1]!,
    ...(globals.dataDir ? ['--data-dir', globals.dataDir] : []),
    ...(globals.config ? ['--config', globals.config] : []),
    'worker',
    '--job',
    job.name,
    '--concurrency',
    String(job.concurrency),
    '--poll-ms',
    '200',
    ...(opts.watchlist ? ['--watchlist', opts.watchlist] : []),
    ...(opts.baseUrl ?? []).flatMap((b) => ['--base-url', b]),
    ...(opts.json ? ['--json'] : []),
  ];
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          }),
      ),
    );
  };
  const ready: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    children.push(child);
    ready.push(
      new Promise<void>((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) =>
          reject(
            new Error(
              `--workers: 工作进程 worker ${child.pid} 启动失败 (exited ${code} before it was ready)`,
            ),
          ),
        );
      }),
    );
  }
  try {
    await Promise.all(ready);
  } catch (err) {
    await stop();
    throw err;
  }
  for (const c of children) c.disconnect();
  return stop;
}

function summary(result: Exclude<CrawlJobResult, { status: 'busy' }>): string {
  const s = result.stats;
  const errors = Object.entries(s.errorsByClass)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return (
    `抓取任务 ${s.job} (run ${s.runPk}${s.resumed ? ', 续跑 resumed' : ''}): 页面 ${s.pages} · ` +
    `商品 新 ${s.listingsNew} / 变更 ${s.listingsChanged} / 未变 ${s.listingsUnchanged} · 重新上架 ${s.relistings} · 下架 ${s.offline} · 命中 ${s.hits} · 新发现 ${s.newFindings} · ` +
    `robots 跳过 ${s.skippedRobots} · 封禁 ${s.blocked} · 失败 ${s.failed} · 错误 {${errors}} · ${(s.durationMs / 1000).toFixed(1)} s\n` +
    (result.status === 'partial'
      ? `部分失败 partial: ${Object.entries(s.failedByClass)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')} — markwatch runs show ${s.runPk} (下次运行优先重试 the next run retries them first)\n`
      : '')
  );
}

export function register(program: Command): void {
  program
    .command('crawl')
    .description('立即运行一次抓取任务 (run one crawl job now; resumes an unfinished run of the job)')
    .option('--job <name>', '配置中的任务名 (job from the configuration; default: the first)')
    .option('--platform <id>', '平台，可重复 (platform; repeatable)', collect)
    .option('--budget <pages>', '每平台页面预算 (pages per platform)')
    .option('--concurrency <n>', '并发页面数 (pages at once)')
    .option('--query <words>', '固定搜索词，可重复 (fixed query; repeatable)', collect)
    .option('--watchlist <file>', '使用监测名单文件而非登记簿 (watch-list file instead of the registry)')
    .option('--base-url <platform=url>', '平台基础地址，可重复 (base URL of a platform; repeatable)', collect)
    .option('--json', '以 JSON 输出结果 (print the result as JSON)')
    .option(
      '--workers <n>',
      '工作进程数：本进程加 n-1 个 markwatch worker 子进程 (worker processes: this one plus n-1 `markwatch worker` children)',
    )
    .option(
      '--failures',
      "列出上次运行失败的页面后退出 (list the failed pages of each job's last run, or of --job, and exit)",
    )
    .action(async (opts: CrawlOptions, command: Command) => {
      if (opts.failures) {
        await withStore(command, 'read', async (store) => {
          const rows = await store.frontier.failures(opts.job ? { job: opts.job } : {});
          process.stdout.write(opts.json ? `${JSON.stringify(rows)}\n` : formatFailures(rows));
        });
        return;
      }
      const config = withBaseUrls(configFor(command), opts.baseUrl);
      jobFromOptions(config, opts); // a bad option fails before the data directory is opened
      const workers = opts.workers !== undefined ? positiveInt(opts.workers, '--workers') : 1;
      const store = await openConfiguredStore(config);
      let job: CrawlJobConfig;
      try {
        job = jobFromOptions(config, opts, await effectiveJobs(store, config.crawl.jobs));
      } catch (err) {
        await store.close();
        throw err;
      }
      let runtime: ReturnType<typeof crawlRuntimeFromConfig>;
      try {
        runtime = crawlRuntimeFromConfig(store, config, {
          ...(opts.watchlist ? { watchlist: opts.watchlist } : {}),
        });
      } catch (err) {
        await store.close(); // a bad site profile or watch list: nothing was started
        throw err;
      }
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const progress: ProgressReporter = process.stderr.isTTY
        ? terminalProgress(process.stderr)
        : jsonProgress((line) => process.stderr.write(line));
      const startedAt = new Date().toISOString();
      let stopWorkers: (() => Promise<void>) | undefined;
      try {
        if (workers > 1) {
          // The workers build their matchers while this process builds its own.
          const starting = startLocalWorkers(command, opts, job, workers - 1);
          starting.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
          try {
            await runtime.prepare(new Date(runtime.clock.now()));
          } catch (err) {
            const stopStarted = await starting.catch(() => null);
            await stopStarted?.();
            throw err;
          }
          stopWorkers = await starting;
        }
        const result = await runCrawlJob(runtime, job, {
          signal: controller.signal,
          onEvent: (e) => progress.on(e),
          onStart: ({ plan }) =>
            progress.start(plan.budgetPerPlatform * (job.platforms.length || runtime.profiles.size)),
        });
        await stopWorkers?.();
        stopWorkers = undefined;
        progress.stop();
        if (result.status === 'busy') {
          process.stderr.write(
            `markwatch crawl: 任务 ${job.name} 仍在运行 (still running: run ${result.runPk}, ${result.owner})\n`,
          );
          process.exitCode = 3;
          return;
        }
        process.stdout.write(
          opts.json ? `${JSON.stringify({ status: result.status, ...result.stats })}\n` : summary(result),
        );
        const now = new Date();
        await raiseAlerts(alertDispatcher(store, config), crawlAlerts(result, startedAt, now), now);
        if (result.status === 'aborted') process.exitCode = 130;
        // Scripts must be able to tell that pages were lost: `crawl --failures` lists them.
        else if (result.status === 'partial') process.exitCode = 4;
      } finally {
        await stopWorkers?.();
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await runtime.close();
        await store.close();
      }
    });
}
