import type { Command } from 'commander';
import { crawlRuntimeFromConfig } from '../../app/runtime.js';
import { createJobControl, effectiveJobs } from '../../app/jobControl.js';
import { CrawlScheduler } from '../../crawl/scheduler.js';
import { listenOn, parsePort } from '../../app/ports.js';
import { exposureWarning, listenWebServer, type ListeningWebServer } from '../../web/server.js';
import { LEAD_STATE_LABELS, reasonLabel, type LeadState } from '../../model/index.js';
import { configFor } from '../context.js';
import { createAccount, resetAccountPassword } from '../../web/auth/userAdmin.js';
import type { Store } from '../../store/index.js';

const DEMO_ADMIN = 'demo-admin';

/** The demo's admin account with a fresh one-time password (a second demo run resets it). */
async function demoAdmin(store: Store): Promise<{ username: string; password: string }> {
  const who = { actor: 'demo', role: 'admin', osUser: 'demo', at: new Date().toISOString() };
  const existing = await store.accounts.findByUsername(DEMO_ADMIN);
  const made = existing
    ? await resetAccountPassword(store.accounts, DEMO_ADMIN, who)
    : await createAccount(
        store.accounts,
        { username: DEMO_ADMIN, role: 'admin', displayName: '演示管理员' },
        who,
      );
  return { username: DEMO_ADMIN, password: made.oneTimePassword ?? '' };
}
import { runDemo, type DemoResult } from '../demo.js';
import { formatTable } from '../table.js';

interface DemoCliOptions {
  once?: boolean;
  port?: string;
  marketplacePort?: string;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description(
      '演示：启动样例市场、抓取、比对、生成线索，并在 http://127.0.0.1:8080 展示 (run the end-to-end demo)',
    )
    .option('--once', '运行一次后退出，不启动网页 (run without serving)')
    .option('--port <port>', '网页端口 (web port; 0 = any free port; default from config, 8080)')
    .option(
      '--marketplace-port <port>',
      '样例市场端口 (sample marketplace port; 0 = any free port; default from config, 8090)',
    )
    .action(async (opts: DemoCliOptions, command: Command) => {
      const config = configFor(command);
      const webPort = parsePort(opts.port, '--port', config.web.port);
      const marketplacePort = parsePort(opts.marketplacePort, '--marketplace-port', config.marketplace.port);
      const log = (line: string) => process.stderr.write(`${line}\n`);
      // Both ports are taken before the data directory is written: the web page first (it answers 503
      // until the crawl is done), then the marketplace, inside runDemo.
      const web: ListeningWebServer | null = opts.once
        ? null
        : await listenOn(webPort, '--port', () => listenWebServer(config.web.host, webPort));
      let demo: DemoResult;
      try {
        demo = await runDemo({ config, marketplacePort, log, story: true });
      } catch (err) {
        await web?.close();
        throw err;
      }
      const { stats, findings } = demo;
      process.stdout.write(
        `\n抓取页面 ${stats.pages} · 商品 ${stats.listings} (新 ${stats.newListings}) · 命中 ${stats.hits} · 新发现 ${stats.newFindings} · 错误 ${stats.errors}\n\n`,
      );
      process.stdout.write(
        formatTable(
          ['编号', '平台', '商品', '店铺', '权利', '理由', '分值'],
          findings.map((l) => [
            l.id,
            l.platform,
            l.title,
            l.sellerName,
            l.rightId ?? '—',
            reasonLabel(l.reason),
            l.score.toFixed(2),
          ]),
        ) + '\n',
      );
      if (demo.story?.leadId) {
        const { leadId, states, auditIntact, auditRows } = demo.story;
        process.stdout.write(
          `\n处置流程 (workflow)：线索 ${leadId} ${states.map((s) => LEAD_STATE_LABELS[s as LeadState] ?? s).join(' → ')}` +
            `；审计链${auditIntact ? '完整' : '有问题'} (audit chain ${auditIntact ? 'intact' : 'BROKEN'}, ${auditRows} rows)\n`,
        );
      }
      process.stdout.write(`\n数据目录 (data directory): ${config.dataDir}\n`);
      if (!web) {
        await demo.marketplace.close();
        await demo.store.close();
        return;
      }
      // The demo's job on the jobs page: run it again now, or edit its schedule, as `serve` allows.
      const runtime = crawlRuntimeFromConfig(demo.store, demo.config);
      const scheduler = new CrawlScheduler(runtime, await effectiveJobs(demo.store, [demo.job]), {
        error: (job, err) => process.stderr.write(`抓取任务 ${job} 出错 (job error): ${err.message}\n`),
      });
      scheduler.start();
      web.serve(demo.store, config, { jobs: createJobControl(demo.store, [demo.job], scheduler) });
      const warning = exposureWarning(config.web.host);
      if (warning) process.stderr.write(`${warning}\n`);
      const login = await demoAdmin(demo.store);
      process.stdout.write(
        `网页 (web app): ${web.url}  — 用户名 (username) ${login.username}，一次性密码 (one-time password) ${login.password}` +
          `（首次登录后须修改 / change it at first login） — Ctrl-C 退出\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      process.stderr.write('正在停止… (stopping)\n');
      await web.close();
      await scheduler.stop();
      await runtime.close();
      await demo.marketplace.close();
      await demo.store.close();
    });
}
