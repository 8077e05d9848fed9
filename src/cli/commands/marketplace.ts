import type { Command } from 'commander';
import { configFor } from '../context.js';
import { startMarketplace } from '../../marketplace/server.js';
import { parseFaultsArgument } from '../../marketplace/faults/faultSettings.js';
import { catalogFor, writeTruthFile } from '../../marketplace/generator.js';
import { loadWatchListFile } from '../../rights/watchListFile.js';

interface MarketplaceCliOptions {
  port?: string;
  seed?: string;
  listings?: string;
  faults?: string;
  exportTruth?: string;
  truthOrdinaryEvery?: string;
}

function integer(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`--${name}: expected an integer from ${min} to ${max}, got "${text}"`);
  }
  return n;
}

export function register(program: Command): void {
  program
    .command('marketplace')
    .description('启动样例电商市场 (start the sample marketplace: shopa / shopb / shopc on 127.0.0.1)')
    .option('--port <port>', '端口 (port; 0 = any free port; default from config, 8090)')
    .option('--seed <n>', '随机种子 (seed; same seed → same data)')
    .option('--listings <n>', '商品数量 (number of listings, 1000–1000000)')
    .option(
      '--faults <profile|json>',
      '故障配置 (fault profile: none | polite | flaky | hostile, or JSON; default from config)',
    )
    .option('--export-truth <file>', '导出标注真值 JSONL 后退出 (write the ground-truth JSONL and exit)')
    .option(
      '--truth-ordinary-every <n>',
      '真值中每 N 个普通商品收录一个 (sample of ordinary listings; 0 = none)',
      '50',
    )
    .action(async (opts: MarketplaceCliOptions, command: Command) => {
      const config = configFor(command);
      const seed = integer('seed', opts.seed, config.marketplace.seed, -2147483648, 2147483647);
      const listings = integer('listings', opts.listings, config.marketplace.listings, 1, 99_999_999);
      const port = integer('port', opts.port, config.marketplace.port, 0, 65535);
      const faults = parseFaultsArgument(opts.faults ?? config.marketplace.faults);
      const rights = loadWatchListFile(config.watchlist);
      if (opts.exportTruth) {
        const every = integer('truth-ordinary-every', opts.truthOrdinaryEvery, 50, 0, 1_000_000);
        const catalog = catalogFor({
          seed,
          listings,
          rights,
          baseUrl: `http://${config.marketplace.host}:${port}`,
        });
        const { lines, expected } = await writeTruthFile(opts.exportTruth, catalog, every);
        process.stdout.write(
          `真值已写入 (truth written): ${opts.exportTruth} — ${lines} 行 (lines), ${expected} 个应标记命中 (expected flagged hits)\n`,
        );
        return;
      }
      const started = Date.now();
      process.stderr.write(`正在生成 ${listings} 件商品… (generating)\n`);
      const market = await startMarketplace({
        host: config.marketplace.host,
        port,
        seed,
        listings,
        faults,
        watchlist: config.watchlist,
      });
      const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
      process.stdout.write(
        `样例市场 (sample marketplace): ${market.baseUrl}  — ${listings} 件商品, seed ${seed}, ` +
          `就绪 ${Date.now() - started} ms, RSS ${rss} MB\n` +
          Object.entries(market.platforms)
            .map(([name, url]) => `  ${name}: ${url}/search?q=%E8%80%90%E5%85%8B\n`)
            .join('') +
          `  robots.txt: ${market.baseUrl}/robots.txt   Ctrl-C 退出 (stop)\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      process.stderr.write('正在停止… (stopping)\n');
      await market.close();
    });
}
