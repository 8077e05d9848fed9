import pg from 'pg';
import type { ChangeSource } from '../changeFeed.js';

/** The channel the crawl_frontier trigger (migration 0620) notifies. */
export const FRONTIER_CHANNEL = 'markwatch_frontier';

/**
 * Frontier changes by any machine, by LISTEN on one connection of its own (a pooled connection cannot hold a
 * LISTEN). The trigger notifies when a row becomes leasable (inserted, released, retried), not when one is
 * leased or finished.
 * If the connection fails the source goes quiet and idle workers fall back to their timed poll.
 */
export function pgFrontierListenSource(url: string, applicationName: string): ChangeSource {
  let client: pg.Client | null = null;
  const drop = (c: pg.Client): Promise<void> => {
    if (client === c) client = null;
    return c.end().catch(() => undefined);
  };
  return {
    start(emit) {
      const c = new pg.Client({ connectionString: url, application_name: `${applicationName} listen` });
      client = c;
      c.on('notification', () => emit());
      c.on('error', () => void drop(c));
      c.connect()
        .then(() => c.query(`LISTEN ${FRONTIER_CHANNEL}`))
        .catch(() => drop(c));
    },
    async stop() {
      if (client) await drop(client);
    },
  };
}
