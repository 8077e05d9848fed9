import { chromium, type Browser, type Page } from 'playwright-core';
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

export async function get(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; text: string; res: Response }> {
  const res = await fetch(url, init);
  return { status: res.status, text: await res.text(), res };
}

/** The system Chromium, launched once for the file (never a downloaded browser). */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('browser not started');
    return browser;
  };
}

/** Counts (and dismisses) alert/confirm dialogs a page opens: hostile text must never open one. */
export function countDialogs(page: Page): () => number {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  return () => dialogs;
}
