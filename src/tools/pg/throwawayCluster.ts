import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/*
 * A throw-away PostgreSQL cluster for the tests and the scale bench: initdb into a temporary directory and
 * pg_ctl start on a free loopback port, trust authentication, fsync off. PostgreSQL refuses to run as root, so
 * as root the cluster belongs to Debian's `postgres` user (runuser). Binaries come from PATH or Debian's
 * /usr/lib/postgresql/<version>/bin.
 */

export interface ThrowawayCluster {
  /** postgres://markwatch@127.0.0.1:PORT/postgres */
  adminUrl: string;
  port: number;
  dir: string;
  stop(): void;
}

/** The folder holding initdb and pg_ctl, or null when PostgreSQL is not installed. */
export function findPgBin(): string | null {
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath && existsSync(onPath.replace(/initdb$/, 'pg_ctl'))) return onPath.replace(/\/initdb$/, '');
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL program as a user it accepts (postgres when we are root). */
function runPg(bin: string, program: string, args: string[]): void {
  const asRoot = userInfo().uid === 0;
  const [cmd, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]]
    : [join(bin, program), args];
  execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
}

export interface StartClusterOptions {
  maxConnections?: number;
}

export async function startThrowawayCluster(options: StartClusterOptions = {}): Promise<ThrowawayCluster> {
  const bin = findPgBin();
  if (!bin)
    throw new Error('PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin)');
  const dir = mkdtempSync(join(tmpdir(), 'markwatch-pg-'));
  if (userInfo().uid === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  runPg(bin, 'initdb', [
    '-D',
    data,
    '-U',
    'markwatch',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--no-sync',
    '--locale=C',
  ]);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    `-c max_connections=${options.maxConnections ?? 300}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
  runPg(bin, 'pg_ctl', [
    '-D',
    data,
    '-o',
    settings,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-t',
    '60',
    'start',
  ]);
  return {
    adminUrl: `postgres://markwatch@127.0.0.1:${port}/postgres`,
    port,
    dir,
    stop: () => {
      try {
        runPg(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
