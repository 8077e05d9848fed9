import { parseConfig } from '../../src/config/loadConfig.js';
import type { Config, CrawlJobConfig } from '../../src/config/schema.js';
import {
  createCrawlRuntime,
  runCrawlJob,
  type CrawlJobResult,
  type CrawlRuntime,
} from '../../src/crawl/job.js';
import type { CrawlEvent } from '../../src/crawl/engine.js';
import { loadPriorities } from '../../src/crawl/priorities.js';
import { matcherFor } from '../../src/app/runtime.js';
import { loadSiteProfiles } from '../../src/extract/index.js';
import type { Right } from '../../src/model/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { openFindings } from '../../src/leads/openFindings.js';

/** A configuration for tests: short back-offs and cool-downs, base URLs of the servers under test. */
export function testConfig(
  dataDir: string,
  baseUrls: Record<string, string>,
  crawl: Record<string, unknown> = {},
): Config {
  return parseConfig(
    {
      dataDir,
      crawl: {
        sites: Object.fromEntries(Object.entries(baseUrls).map(([p, u]) => [p, { baseUrl: u }])),
        backoff: { baseMs: 20, maxMs: 200 },
        blockCooldownMs: 300,
        timeoutMs: 10_000,
        leaseMs: 5_000,
        ...crawl,
      },
    },
    'test',
  );
}

export function testJob(job: Partial<CrawlJobConfig> = {}): CrawlJobConfig {
  return {
    name: 'test',
    cron: '0 3 * * *',
    timezone: 'Asia/Shanghai',
    platforms: ['shopa'],
    budget: 200,
    concurrency: 4,
    enabled: true,
    ...job,
  };
}

export interface Harness {
  store: Store;
  runtime: CrawlRuntime;
  /** Every event of the runs, with the moment the crawler emitted it (after it acted on it). */
  events: (CrawlEvent & { at: number })[];
  run(job?: Partial<CrawlJobConfig>, signal?: AbortSignal): Promise<CrawlJobResult>;
  close(): Promise<void>;
}

/** The crawl runtime of a test process (a coordinator's, or a worker's on a second store). */
export function testRuntime(store: Store, config: Config, rights: Right[]): CrawlRuntime {
  return createCrawlRuntime({
    store,
    config,
    profiles: loadSiteProfiles('rules/sites'),
    priorities: loadPriorities(),
    rights: async () => rights,
    matcherFor,
    decideFindings: openFindings,
  });
}

/** A harness on `options.store` (e.g. a PostgreSQL test store), or on a new SQLite store in the data directory. */
export async function crawlHarness(
  config: Config,
  rights: Right[],
  options: { store?: Store } = {},
): Promise<Harness> {
  const store = options.store ?? (await openStore(config.dataDir));
  const runtime = testRuntime(store, config, rights);
  const events: (CrawlEvent & { at: number })[] = [];
  return {
    store,
    runtime,
    events,
    run: (job, signal) =>
      runCrawlJob(runtime, testJob(job), {
        onEvent: (e) => events.push({ ...e, at: Date.now() }),
        ...(signal ? { signal } : {}),
      }),
    close: async () => {
      await runtime.close();
      await store.close();
    },
  };
}
