import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/tempDir.js';

/*
 * demo and serve take their ports before they write anything: with a port held by another process they stop
 * with a message naming the option, and the data directory is never created. Needs `npm run build`.
 */

const tempDir = useTempDir();
const held: Server[] = [];
afterEach(async () => {
  await Promise.all(held.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A port on 127.0.0.1 held open by this test process. */
async function occupiedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  held.push(server);
  return (server.address() as AddressInfo).port;
}

function markwatch(args: string[]) {
  return spawnSync(process.execPath, ['bin/markwatch.js', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
}

describe('ports of demo and serve', () => {
  it('demo: a taken --marketplace-port stops before the data directory is written', async () => {
    const port = await occupiedPort();
    const dataDir = join(tempDir(), 'data');
    const run = markwatch(['--data-dir', dataDir, 'demo', '--once', '--marketplace-port', String(port)]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `markwatch: port ${port} is in use: choose another with --marketplace-port (0 = any free port)`,
    );
    expect(run.stderr).not.toContain('监测名单'); // the watch list was not imported
    expect(existsSync(dataDir)).toBe(false);
  });

  it('demo: a taken web --port stops before the marketplace starts or anything is written', async () => {
    const port = await occupiedPort();
    const dataDir = join(tempDir(), 'data');
    const run = markwatch(['--data-dir', dataDir, 'demo', '--port', String(port), '--marketplace-port', '0']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `markwatch: port ${port} is in use: choose another with --port (0 = any free port)`,
    );
    expect(run.stderr).not.toContain('样例市场');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('serve: a taken --port stops before the data directory is opened', async () => {
    const port = await occupiedPort();
    const dataDir = join(tempDir(), 'data');
    const run = markwatch(['--data-dir', dataDir, 'serve', '--port', String(port)]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `markwatch: port ${port} is in use: choose another with --port (0 = any free port)`,
    );
    expect(existsSync(dataDir)).toBe(false);
  });

  it('rejects a port that is not one, naming the option', () => {
    const dataDir = join(tempDir(), 'data');
    const run = markwatch(['--data-dir', dataDir, 'demo', '--once', '--marketplace-port', '80a']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      '--marketplace-port: expected a port from 0 to 65535 (0 = any free port), got "80a"',
    );
    const serve = markwatch(['--data-dir', dataDir, 'serve', '--marketplace-port', '0']);
    expect(serve.status).toBe(1);
    expect(serve.stderr).toContain(
      '--marketplace-port: serve crawls a sample marketplace that is already running',
    );
    expect(existsSync(dataDir)).toBe(false);
  });

  it('serve --port 0 prints the URL it actually listens on, and serves the app there', async () => {
    const dataDir = join(tempDir(), 'data');
    const child = spawn(
      process.execPath,
      ['bin/markwatch.js', '--data-dir', dataDir, 'serve', '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const lines = createInterface({ input: child.stdout });
      let url = '';
      for await (const line of lines) {
        const m = /网页 \(web app\): (http:\/\/127\.0\.0\.1:(\d+))/.exec(line);
        if (m) {
          expect(Number(m[2])).toBeGreaterThan(0);
          url = m[1]!;
          break;
        }
      }
      expect(url).not.toBe('');
      const res = await fetch(`${url}/healthz`);
      expect(await res.text()).toBe('ok');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
