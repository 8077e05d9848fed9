import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { packagePath } from '../../../common/packageRoot.js';
import { SAMPLE_PLATFORMS as PLATFORMS } from '../../../model/platforms.js';

/*
 * `npm run bench -- marketplace [--listings N] [--requests N]`: starts `markwatch marketplace` with N listings
 * (default 1 000 000) in a child process, drives searches, item, shop and API requests on all three platforms,
 * and prints start-up time, request rate and the child's peak RSS (VmHWM from /proc). Target: < 300 MB.
 */

const args = process.argv.slice(2);
function arg(name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name}: expected a positive number`);
  return value;
}
const listings = arg('listings', 1_000_000);
const requests = arg('requests', 3_000);
const TARGET_MB = 300;

function procStatus(pid: number, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m?.[1] ? Number(m[1]) / 1024 : NaN;
}

const QUERIES = [
  '耐克',
  '西湖龙井',
  '鞋',
  '茶',
  '专利',
  'NIKE',
  '大米',
  '手机',
  '冰墩墩',
  '复合肥',
  '口红',
  '刹车片',
];

async function main(): Promise<void> {
  const bin = packagePath('bin', 'markwatch.js');
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'marketplace', '--port', '0', '--listings', String(listings)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pid = child.pid ?? 0;
  let out = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`marketplace exited with ${code}: ${out}`)));
  });
  const readyMs = performance.now() - started;
  const afterStart = procStatus(pid, 'VmHWM');

  let done = 0;
  let bytes = 0;
  let errors = 0;
  const t0 = performance.now();
  const one = async (k: number) => {
    const platform = PLATFORMS[k % 3] as string;
    const q = QUERIES[k % QUERIES.length] as string;
    const index = (k * 7_919_993) % listings;
    const id = ['1', '6', 'c'][index % 3] + '0' + String(index).padStart(8, '0');
    const itemPlatform = PLATFORMS[index % 3] as string;
    const paths = [
      `/${platform}/search?q=${encodeURIComponent(q)}&page=${1 + (k % 40)}`,
      itemPlatform === 'shopc' ? `/shopc/api/item/${id}` : `/${itemPlatform}/item/${id}`,
      `/shopc/api/search?q=${encodeURIComponent(q)}&page=${1 + (k % 7)}`,
      `/shopa/shop/${1_000_000 + (k % 40_000)}`,
    ];
    const res = await fetch(baseUrl + (paths[k % paths.length] as string));
    const body = await res.arrayBuffer();
    bytes += body.byteLength;
    if (res.status !== 200) errors++;
    done++;
  };
  const CONCURRENCY = 8;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests) await one(next++);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const peak = procStatus(pid, 'VmHWM');
  const current = procStatus(pid, 'VmRSS');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  const code = await exited;

  const row = (k: string, v: string) => process.stdout.write(`${k.padEnd(34)} ${v}\n`);
  process.stdout.write(`\nmarkwatch marketplace — peak RSS benchmark (Node ${process.version})\n\n`);
  row('listings', listings.toLocaleString('en'));
  row('start-up to serving', `${(readyMs / 1000).toFixed(2)} s`);
  row('peak RSS after start-up (VmHWM)', `${afterStart.toFixed(1)} MB`);
  row(
    `requests (${CONCURRENCY} concurrent)`,
    `${done} in ${seconds.toFixed(2)} s = ${(done / seconds).toFixed(0)} req/s, ${errors} non-200`,
  );
  row('bytes served', `${(bytes / 1024 / 1024).toFixed(1)} MB`);
  row('RSS at end (VmRSS)', `${current.toFixed(1)} MB`);
  row(
    'peak RSS (VmHWM)',
    `${peak.toFixed(1)} MB  (target < ${TARGET_MB} MB: ${peak < TARGET_MB ? 'PASS' : 'FAIL'})`,
  );
  row('exit after SIGINT', String(code));
  if (!(peak < TARGET_MB) || code !== 0) process.exitCode = 1;
}

await main();
