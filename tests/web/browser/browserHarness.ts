import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core';
import { CONFIG_DEFAULTS, type Config } from '../../../src/config/schema.js';
import type { Store } from '../../../src/store/index.js';
import { startWebServer, type RunningWebServer } from '../../../src/web/server.js';

/*
 * Playwright driving Debian's Chromium (never a downloaded browser) against the web server on 127.0.0.1:0
 * with a real SQLite store. Logging in goes through the login form like a person; screenshots of the main
 * pages go to one directory under the OS temp dir (printed once), so they can be looked at after a run.
 */

export const CHROMIUM = '/usr/bin/chromium';

/** Where the screenshots go: $MARKWATCH_SCREENSHOTS, or markwatch-screenshots under the OS temp dir. */
export const SCREENSHOT_DIR = process.env.MARKWATCH_SCREENSHOTS ?? join(tmpdir(), 'markwatch-screenshots');
let announced = false;

export interface WebSession {
  browser: Browser;
  server: RunningWebServer;
  /** Every dialog (alert/confirm/prompt) any page of any context opened: must stay empty. */
  dialogs: string[];
  /** A new, cookie-less browser context (one person) with a page that records dialogs. */
  person(): Promise<Page>;
  close(): Promise<void>;
}

export async function openWebSession(store: Store, config?: Config): Promise<WebSession> {
  const { chromium } = await import('playwright-core');
  const server = await startWebServer(
    store,
    config ?? { ...CONFIG_DEFAULTS, dataDir: store.dataDir },
    '127.0.0.1',
    0,
  );
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  } catch (err) {
    await server.close();
    throw err;
  }
  const contexts: BrowserContext[] = [];
  const dialogs: string[] = [];
  return {
    browser,
    server,
    dialogs,
    async person() {
      const context = await browser.newContext({
        baseURL: server.url,
        locale: 'zh-CN',
        viewport: { width: 1366, height: 768 },
      });
      contexts.push(context);
      context.on('page', (p) => watchDialogs(p, dialogs));
      const page = await context.newPage();
      watchDialogs(page, dialogs);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close();
      await browser.close();
      await server.close();
    },
  };
}

const watched = new WeakSet<Page>();
function watchDialogs(page: Page, dialogs: string[]) {
  if (watched.has(page)) return;
  watched.add(page);
  page.on('dialog', (d: Dialog) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
}

/** Signs in through the login form and waits for the page it lands on. */
export async function logIn(page: Page, username: string, password = `${username}-password-123`) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await Promise.all([
    page.waitForURL((u) => u.pathname !== '/login'),
    page.getByRole('button', { name: '登录' }).click(),
  ]);
}

/** Saves a full-page screenshot as NAME.png in SCREENSHOT_DIR and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  if (!announced) {
    announced = true;
    console.log(`[browser tests] screenshots: ${SCREENSHOT_DIR}`);
  }
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
