import { startMarketplace } from '../../../marketplace/server.js';
import type { PlatformId } from '../../../marketplace/platformIds.js';

/*
 * The sample marketplace in its own process for the crawl bench, so that its CPU and memory are not
 * counted as the crawler's. Options arrive as JSON in argv[2]; the parent talks to it over IPC:
 * {type:'ids', platform, query} → the item ids that query finds; {type:'log'} → request count by status.
 */

const options = JSON.parse(process.argv[2] ?? '{}') as Parameters<typeof startMarketplace>[0];
const market = await startMarketplace({ ...options, requestLogLimit: 1 });

type Message =
  { id: number; type: 'ids'; platform: PlatformId; query: string } | { id: number; type: 'close' };

process.on('message', (raw) => {
  const m = raw as Message;
  if (m.type === 'ids') {
    const ids = [...market.catalog.search(m.platform, m.query)].map(
      (i) => market.catalog.listingAt(i).listing.id,
    );
    process.send?.({ id: m.id, ids });
  } else {
    void market.close().then(() => {
      process.send?.({ id: m.id });
      process.disconnect();
    });
  }
});
process.send?.({ ready: true, platforms: market.platforms });
