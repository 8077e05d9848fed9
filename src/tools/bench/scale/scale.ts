import { loadavg } from 'node:os';
import pg from 'pg';
import { formatTable } from '../../../cli/table.js';
import { startMarketplace } from '../../../marketplace/server.js';
import { openPgStore } from '../../../store/pg/pgStore.js';
import { withDatabase } from '../../pg/pgUrl.js';
import { findPgBin, startThrowawayCluster, type ThrowawayCluster } from '../../pg/throwawayCluster.js';
import { arg } from '../args.js';
import { busySpanMs, hostRate, requestTimes, steadyRate } from './hostRates.js';
import { sampleLoad, summariseLoad, type LoadSample } from './machineLoad.js';
import { runScale } from './scaleRun.js';

/*
 * `npm run bench -- scale [--workers 1,2,4,8] [--stores sqlite,postgres] [--latency 200] [--budget 500]
 * [--concurrency 2] [--min-delay 10]`: pages/s of `markwatch crawl --workers N` against the sample
 * marketplace with `latency` ms per response (I/O-bound), on SQLite and on a throw-away PostgreSQL cluster.
 *
 * Two hosts (shopa and shopb, each on its own marketplace server) limited to one request per `min-delay` ms
 * and 32 at once: 100 requests/s per host, above what 8 processes × `concurrency` pages at 200 ms reach
 * (8 × 2 / 0.2 s = 80 pages/s over both hosts), so the numbers measure the crawler's scaling while the
 * politeness machinery is in the path; the table shows each host's achieved rate (mean, and peak in any 1 s
 * window) against its limit. Times come from the marketplace's request log (first to last request), so
 * process start-up is not counted. "steady" is the rate between the 10th and 90th percentile of the request
 * times (every process at work, its code warm). Where scaling stops shows in the next columns, sampled every
 * 250 ms inside the busy span: the machine's CPU busy share, and on PostgreSQL the run's backends (the pools)
 * and the share of backend samples waiting on a lock.
 */

const args = process.argv.slice(2);

const workerCounts = arg(args, 'workers', '1,2,4,8').split(',').map(Number);
const stores = arg(args, 'stores', findPgBin() ? 'sqlite,postgres' : 'sqlite').split(',');
const latencyMs = Number(arg(args, 'latency', '200'));
const budget = Number(arg(args, 'budget', '500'));
const concurrency = Number(arg(args, 'concurrency', '2'));
const minDelayMs = Number(arg(args, 'min-delay', '10'));
const HOST_CONCURRENCY = 32;

const faults = { slowRate: 1, slowMs: latencyMs };
const markets = [
  await startMarketplace({ listings: 20_000, faults }),
  await startMarketplace({ listings: 20_000, faults }),
];
const baseUrls = { shopa: markets[0]!.platforms.shopa, shopb: markets[1]!.platforms.shopb };

let cluster: ThrowawayCluster | null = null;
async function freshPgUrl(): Promise<string> {
  cluster ??= await startThrowawayCluster();
  const name = `scale_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(cluster.adminUrl, name);
  const store = await openPgStore(url, '/tmp', { poolSize: 1 }); // migrate once, before the processes start
  await store.close();
  return url;
}

const limitPerSecond = 1000 / minDelayMs;
const rows: string[][] = [];
process.stdout.write(
  `scale bench: ${latencyMs} ms latency, ${concurrency} pages at once per process, budget ${budget}/platform, ` +
    `2 hosts limited to ${limitPerSecond.toFixed(0)} req/s and ${HOST_CONCURRENCY} at once each\n`,
);
try {
  for (const storeKind of stores) {
    let single = 0;
    let singleSteady = 0;
    for (const workers of workerCounts) {
      const before = markets.map((m) => m.requestLog().length);
      let pgUrl: string | undefined;
      try {
        pgUrl = storeKind === 'postgres' ? await freshPgUrl() : undefined;
      } catch (err) {
        rows.push([storeKind, String(workers), `— ${(err as Error).message.slice(0, 80)}`]);
        break;
      }
      const load = sampleLoad(250, pgUrl);
      let result: Awaited<ReturnType<typeof runScale>>;
      let samples: LoadSample[];
      try {
        result = await runScale({
          workers,
          concurrency,
          baseUrls,
          minDelayMs,
          maxConcurrency: HOST_CONCURRENCY,
          budget,
          ...(pgUrl ? { pgUrl } : {}),
        });
      } finally {
        samples = await load.stop();
      }
      const logs = markets.map((m, i) => m.requestLog().slice(before[i]));
      const times = requestTimes(logs);
      const spanS = busySpanMs(times) / 1000;
      const rate = spanS > 0 ? result.pages / spanS : 0;
      const steady = steadyRate(times);
      if (workers === workerCounts[0]) {
        single = rate / workers;
        singleSteady = steady / workers;
      }
      const hosts = logs.map(hostRate);
      const busy = summariseLoad(samples, times[0] ?? Infinity, times.at(-1) ?? -Infinity);
      const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(0)}%`);
      rows.push([
        storeKind,
        String(workers),
        result.status,
        String(result.pages),
        spanS.toFixed(1),
        rate.toFixed(1),
        single > 0 ? `${(rate / single).toFixed(2)}×` : '—',
        single > 0 ? `${((rate / single / workers) * 100).toFixed(0)}%` : '—',
        steady.toFixed(1),
        singleSteady > 0 ? `${((steady / singleSteady / workers) * 100).toFixed(0)}%` : '—',
        pct(busy.cpu),
        busy.peakBackends === null ? '—' : String(busy.peakBackends),
        pct(busy.lockWaitShare),
        hosts.map((h) => `${h.perSecond.toFixed(1)}/${h.peakPerSecond}`).join(' '),
        `${limitPerSecond.toFixed(0)}`,
        loadavg()[0]!.toFixed(1),
      ]);
      process.stdout.write(
        `  ${rows.at(-1)!.join(' | ')}${result.stderrTail ? `\n${result.stderrTail}` : ''}\n`,
      );
      if (result.pages === 0) break;
    }
  }
} finally {
  for (const m of markets) await m.close();
  (cluster as ThrowawayCluster | null)?.stop();
}

const header = [
  'store',
  'N',
  'status',
  'pages',
  'busy s',
  'pages/s',
  'speed-up',
  'vs N×',
  'steady p/s',
  'vs N×',
  'CPU busy',
  'PG backends',
  'lock waits',
  'host req/s mean/peak',
  'limit',
  'load',
];
process.stdout.write(`\n${formatTable(header, rows)}\n`);
