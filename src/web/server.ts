import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Store } from '../store/index.js';
import type { Config } from '../config/schema.js';
import { createWebApp, type WebAppOptions } from './app.js';

export interface RunningWebServer {
  url: string;
  close(): Promise<void>;
}

export interface ListeningWebServer extends RunningWebServer {
  /** Serves the web app on this store from now on; until then every request is answered 503. */
  serve(store: Store, config: Config, options?: Omit<WebAppOptions, 'config'>): void;
}

/**
 * Binds host:port (0 picks a free one) before there is anything to serve, so that a command can take its port
 * first and only then open and write its data directory (the demo's crawl runs while the page says so).
 */
export async function listenWebServer(host: string, port: number): Promise<ListeningWebServer> {
  let app: ReturnType<typeof createWebApp> | null = null;
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve(
      {
        fetch: (request, env) =>
          app
            ? app.fetch(request, env)
            : new Response('正在准备数据… (starting: the data is not ready yet)\n', {
                status: 503,
                headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' },
              }),
        hostname: host,
        port,
      },
      () => resolve(s),
    );
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    serve: (store, config, options = {}) => {
      app = createWebApp(store, { ...options, config });
    },
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves the web app on host:port (port 0 picks a free one). */
export async function startWebServer(
  store: Store,
  config: Config,
  host: string,
  port: number,
): Promise<RunningWebServer> {
  const server = await listenWebServer(host, port);
  server.serve(store, config);
  return server;
}

/**
 * A warning for a bind address other than loopback: markwatch speaks plain HTTP, so beyond this machine it
 * belongs behind a reverse proxy that terminates TLS (docs/web.md); null on loopback.
 */
export function exposureWarning(host: string): string | null {
  if (['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host.toLowerCase())) return null;
  return (
    `警告 (warning): 网页服务绑定在 ${host}，不是本机回环地址，且本服务不提供 TLS —— 请置于终止 TLS 的反向代理之后，` +
    `并在 web.allowedHosts 中列出对外域名 (bound to ${host} without TLS: put a TLS-terminating reverse proxy in ` +
    `front and list its host name in web.allowedHosts; see docs/web.md)`
  );
}
