import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Store } from '../store/index.js';
import { createWebApp } from './app.js';

export interface RunningWebServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the web app on host:port (port 0 picks a free one). */
export async function startWebServer(store: Store, host: string, port: number): Promise<RunningWebServer> {
  const app = createWebApp(store);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
