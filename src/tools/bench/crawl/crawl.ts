import { CHINA_TIME_ZONE } from '../../../common/chinaTime.js';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { openApp, type App } from '../../../app/runtime.js';
import { parseConfig } from '../../../config/loadConfig.js';
import type { CrawlJobConfig } from '../../../config/schema.js';
import { runCrawlJob } from '../../../crawl/job.js';
import type { Store } from '../../../store/index.js';

/*
 * `npm run bench -- crawl [http|browser|scheduler …]`: the crawler's speed and memory against the sample
 * marketplace (run in a child process so its work is not counted).
 * - http: shopa + shopb over HTTP, concurrency 16, 20 ms server latency, 20 000 pages; pages/s, peak RSS,
 *   lost and duplicated listings. Targets: ≥ 300 pages/s, RSS < 300 MB, zero lost or duplicated.
 * - browser: shopc in Chromium; pages/s and peak RSS of this process plus the browser's process tree.
 *   Targets: ≥ 5 pages/s, RSS < 1.5 GB.
 * - scheduler: 200 small crawl runs in one process; RSS and heap after runs 1, 50, 100 and 200 (flat).
 */

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MB = 1024 * 1024;
const mb = (n: number) => (n / MB).toFixed(0);

interface Market {
  child: ChildProcess;
  platforms: Record<string, string>;
  ids(platform: string, query: string): Promise<string[]>;
  close(): Promise<void>;
}

async function startMarket(options: Record<string, unknown>): Promise<Market> {
  const child = fork(new URL('./marketplaceProcess.js', import.meta.url), [JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (m: Record<string, unknown>) => void>();
  let seq = 0;
  const ready = new Promise<Record<string, string>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`marketplace process exited (${code})`)));
    child.on('message', (raw) => {
      const m = raw as Record<string, unknown>;
      if (m.ready) resolve(m.platforms as Record<string, string>);
      else pending.get(m.id as number)?.(m);
    });
  });
  const ask = (msg: Record<string, unknown>) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = ++seq;
      pending.set(id, resolve);
      child.send({ ...msg, id });
    });
  const platforms = await ready;
  return {
    child,
    platforms,
    ids: async (platform, query) => (await ask({ type: 'ids', platform, query })).ids as string[],
    close: async () => {
      await ask({ type: 'close' });
      child.kill();
    },
  };
}

class PeakRss {
  peak = 0;
  peakHeap = 0;
  peakExternal = 0;
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly extra: () => number = () => 0) {
    this.timer = setInterval(() => this.sample(), 100);
  }
  sample(): void {
    const m = process.memoryUsage();
    this.peak = Math.max(this.peak, m.rss + this.extra());
    this.peakHeap = Math.max(this.peakHeap, m.heapUsed);
    this.peakExternal = Math.max(this.peakExternal, m.external);
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

/** The product's own wiring (src/app) on a fresh data directory, the watch list read from its file once. */
async function appFor(platforms: Record<string, string>, crawl: Record<string, unknown>): Promise<App> {
  const config = parseConfig(
    {
      dataDir: mkdtempSync(join(tmpdir(), 'markwatch-bench-')),
      crawl: {
        sites: Object.fromEntries(Object.entries(platforms).map(([p, u]) => [p, { baseUrl: u }])),
        evidence: 'none',
        ...crawl,
      },
    },
    'bench',
  );
  const app = await openApp(config, { watchlist: config.watchlist });
  await app.crawl.rights(new Date()); // read the file now, outside the timed run
  return app;
}

async function closeApp(app: App): Promise<void> {
  await app.close();
  rmSync(app.store.dataDir, { recursive: true, force: true });
}

function job(overrides: Partial<CrawlJobConfig>): CrawlJobConfig {
  return {
    name: 'bench',
    cron: '0 3 * * *',
    timezone: CHINA_TIME_ZONE,
    platforms: [],
    budget: 100,
    concurrency: 4,
    enabled: true,
    ...overrides,
  };
}

/** Lost: item rows not committed, or committed without a stored listing. Duplicated: a listing committed twice. */
async function integrity(store: Store, runPk: number, market: Market) {
  const entries = await store.frontier.entries(runPk);
  const items = entries.filter((e) => e.kind === 'item');
  let lost = 0;
  const seen = new Set<string>();
  let duplicated = 0;
  const expected = new Map<string, Set<string>>();
  let foreign = 0;
  for (const e of items) {
    if (e.state !== 'done' || !(await store.listings.get(e.platform, e.itemId!))) lost++;
    const key = `${e.platform}/${e.itemId}`;
    if (seen.has(key)) duplicated++;
    seen.add(key);
    const k = `${e.platform}\u0000${e.query}`;
    if (!expected.has(k)) expected.set(k, new Set(await market.ids(e.platform, e.query!)));
    if (!expected.get(k)!.has(e.itemId!)) foreign++;
  }
  const tally = await store.frontier.tally(runPk);
  duplicated += tally.duplicateCommits;
  return { items: items.length, lost, duplicated, foreign, tally };
}

async function benchHttp(pages: number): Promise<void> {
  const market = await startMarket({ listings: 150_000, faults: { slowRate: 1, slowMs: 20 } });
  const app = await appFor(market.platforms, { robots: { respect: true } });
  const { store, crawl: runtime } = app;
  try {
    // Category words with more results than a query's share of the budget (a result list stops at 50 pages).
    const queries = [
      '生鲜',
      '食品饮料',
      '家用电器',
      '茶',
      '汽车用品',
      '服饰',
      '农资',
      '美妆护肤',
      '数码',
      '医疗器械',
      '母婴',
      '家居',
    ];
    const rss = new PeakRss();
    const started = process.hrtime.bigint();
    const result = await runCrawlJob(
      runtime,
      job({ platforms: ['shopa', 'shopb'], queries, budget: pages / 2, concurrency: 16 }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peak = rss.stop();
    if (result.status === 'busy') throw new Error('busy');
    const check = await integrity(store, result.stats.runPk, market);
    const rate = result.stats.pages / seconds;
    console.log(
      `http     pages ${result.stats.pages} in ${seconds.toFixed(1)} s = ${rate.toFixed(0)} pages/s · peak RSS ${mb(peak)} MB (heap ${mb(rss.peakHeap)}, external ${mb(rss.peakExternal)}) · ` +
        `listings ${result.stats.listingsNew} · lost ${check.lost} · duplicated ${check.duplicated} · not-in-search ${check.foreign} · errors ${JSON.stringify(result.stats.errorsByClass)}` +
        `  [targets ≥ 300 pages/s, RSS < 300 MB, 0 lost/duplicated: ${rate >= 300 && peak < 300 * MB && check.lost === 0 && check.duplicated === 0 ? 'met' : 'NOT met'}]`,
    );
  } finally {
    await closeApp(app);
    await market.close();
  }
}

async function benchBrowser(pages: number, concurrency: number): Promise<void> {
  const market = await startMarket({ listings: 10_000 });
  const app = await appFor(market.platforms, {
    browserPool: { maxPages: concurrency },
    sites: { shopc: { baseUrl: market.platforms.shopc, concurrency } },
  });
  const { store, crawl: runtime } = app;
  let browserMb = 0;
  try {
    const rss = new PeakRss(() => browserMb * MB);
    const sampler = setInterval(() => {
      void runtime
        .browserStarted()
        ?.memoryMb()
        .then((m) => (browserMb = m));
    }, 500);
    const started = process.hrtime.bigint();
    const result = await runCrawlJob(
      runtime,
      job({ platforms: ['shopc'], forms: ['name', 'alias'], budget: pages, concurrency }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    const peak = rss.stop();
    if (result.status === 'busy') throw new Error('busy');
    const check = await integrity(store, result.stats.runPk, market);
    const rate = result.stats.pages / seconds;
    const b = runtime.browserStarted();
    console.log(
      `browser  pages ${result.stats.pages} in ${seconds.toFixed(1)} s = ${rate.toFixed(1)} pages/s · peak RSS node + PSS Chromium tree ${mb(peak)} MB · ` +
        `listings ${result.stats.listingsNew} · lost ${check.lost} · duplicated ${check.duplicated} · browser launches ${b?.launches ?? 0}, contexts ${b?.contextsOpened ?? 0}, pages ${b?.pagesOpened ?? 0} · errors ${JSON.stringify(result.stats.errorsByClass)}` +
        `  [targets ≥ 5 pages/s, RSS < 1.5 GB: ${rate >= 5 && peak < 1536 * MB && check.lost === 0 && check.duplicated === 0 ? 'met' : 'NOT met'}]`,
    );
  } finally {
    await closeApp(app);
    await market.close();
  }
}

async function benchScheduler(runs: number): Promise<void> {
  const market = await startMarket({ listings: 3000 });
  const app = await appFor(market.platforms, {});
  const runtime = app.crawl;
  const { CrawlScheduler } = await import('../../../crawl/scheduler.js');
  const spec = job({
    name: 'soak',
    platforms: ['shopa', 'shopb'],
    queries: ['耐克', '茶'],
    budget: 10,
    concurrency: 4,
  });
  const scheduler = new CrawlScheduler(runtime, [spec]);
  const marks = new Set([1, 50, 100, 150, 200, runs]);
  const rows: string[] = [];
  let maxListeners = 0;
  process.on('warning', (w) => {
    if (w.name === 'MaxListenersExceededWarning') maxListeners++;
  });
  try {
    for (let n = 1; n <= runs; n++) {
      const result = await scheduler.trigger('soak');
      if (!result || result.status !== 'ok') throw new Error(`run ${n}: ${JSON.stringify(result)}`);
      if (marks.has(n)) {
        gc();
        const m = process.memoryUsage();
        rows.push(`run ${String(n).padStart(3)}: RSS ${mb(m.rss)} MB · heap used ${mb(m.heapUsed)} MB`);
      }
    }
    await scheduler.stop();
    console.log(
      `scheduler ${runs} runs (20 pages each) in one process:\n  ${rows.join('\n  ')}\n  MaxListeners warnings: ${maxListeners}`,
    );
  } finally {
    await closeApp(app);
    await market.close();
  }
}

const args = process.argv.slice(2);
const which = args.filter((a) => !a.startsWith('--'));
const selected = which.length > 0 ? which : ['http', 'browser', 'scheduler'];
const num = (flag: string, fallback: number) => {
  const a = args.find((x) => x.startsWith(`--${flag}=`));
  return a ? Number(a.split('=')[1]) : fallback;
};
console.log(`crawl bench · node ${process.version} · ${new Date().toISOString()}`);
if (selected.includes('http')) await benchHttp(num('pages', 20_000));
if (selected.includes('browser'))
  await benchBrowser(num('browser-pages', 300), num('browser-concurrency', 4));
if (selected.includes('scheduler')) await benchScheduler(num('runs', 200));
