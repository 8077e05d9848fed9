import { afterAll, beforeAll } from 'vitest';
import { startMarketplace, type RunningMarketplace } from '../../src/marketplace/server.js';
import type { MarketplaceOptions } from '../../src/marketplace/options.js';

/** A marketplace started once for the file (port 0) and closed afterwards. */
export function useMarketplace(options: Partial<MarketplaceOptions> = {}): () => RunningMarketplace {
  let market: RunningMarketplace | undefined;
  beforeAll(async () => {
    market = await startMarketplace({ port: 0, ...options });
  });
  afterAll(async () => {
    await market?.close();
  });
  return () => {
    if (!market) throw new Error('marketplace not started');
    return market;
  };
}

/** The object literal assigned to `name = {…};` in a page's scripts. */
export function scriptAssignment(html: string, name: string): unknown {
  const m = new RegExp(`${name}\\s*=\\s*(\\{.*\\});\\s*$`, 'm').exec(html);
  if (!m?.[1]) throw new Error(`no ${name} assignment`);
  return JSON.parse(m[1]);
}

export async function get(url: string, init?: RequestInit): Promise<{ status: number; text: string; res: Response }> {
  const res = await fetch(url, init);
  return { status: res.status, text: await res.text(), res };
}
