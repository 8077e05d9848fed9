import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BrowserFetcher } from '../../src/crawl/browserFetcher.js';
import { CrawlError } from '../../src/crawl/errors.js';
import { Session } from '../../src/crawl/session.js';
import { parseSiteProfile } from '../../src/extract/index.js';

/*
 * The browser fetcher against a tiny local server: a page whose script hangs the renderer must not hang the
 * crawl — the watchdog kills Chromium's whole process tree and the next page relaunches it.
 */

const served: string[] = [];
let server: Server | undefined;
let fetcher: BrowserFetcher | undefined;
afterEach(async () => {
  await fetcher?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = fetcher = undefined;
  served.length = 0;
});

const PAGES: Record<string, string> = {
  '/ok':
    '<!doctype html><html><body><div id="app"></div><img src="/pic.png">' +
    '<script>document.getElementById("app").innerHTML = "<h1 class=t>渲染完成</h1>"</script></body></html>',
  '/list':
    '<!doctype html><html><body><ul id="r"></ul><button id="more">加载更多</button><script>' +
    'const add = () => { for (let i = 0; i < 5; i++) document.getElementById("r").append(document.createElement("li")); };' +
    'add(); document.getElementById("more").onclick = () => setTimeout(add, 10);</script></body></html>',
  '/spoof':
    '<!doctype html><html><body><h1 class="t">真实标题</h1><script>' +
    'Object.defineProperty(Element.prototype, "outerHTML", { get: () => "<html>" + "FA" + "KE</html>" });' +
    'XMLSerializer.prototype.serializeToString = () => "FA" + "KE";</script></body></html>',
  '/hang':
    '<!doctype html><html><body><h1 class="t">x</h1>' +
    '<script>addEventListener("DOMContentLoaded", () => setTimeout(() => { for (;;) {} }, 0))</script></body></html>',
};

async function start(): Promise<string> {
  server = createServer((req, res) => {
    served.push(req.url ?? '');
    const port = (server!.address() as AddressInfo).port;
    // A page of 127.0.0.1 that pulls a script from another host name (localhost: same machine, other host).
    const foreign =
      `<!doctype html><html><body><script src="http://localhost:${port}/foreign.js"></script>` +
      '<h1 class="t">页</h1></body></html>';
    const body = req.url === '/foreign' ? foreign : PAGES[req.url ?? ''];
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

const profile = parseSiteProfile(
  {
    platform: 'local',
    hosts: ['127.0.0.1'],
    render: { mode: 'browser', timeoutMs: 1000, item: [{ waitFor: 'h1.t' }] },
    search: {
      urlTemplate: 'http://127.0.0.1/s?q={q}',
      items: { css: 'li', link: { css: 'a', attr: 'href' } },
      pagination: { next: { css: 'a.next', attr: 'href' } },
    },
    item: { fields: { title: { css: 'h1' } } },
    itemId: { fromUrl: '/(\\w+)$' },
  },
  'test-profile',
);

function testSession(maxUsageCount = 50): Session {
  return new Session('s1', '127.0.0.1', {
    poolSize: 1,
    maxErrorScore: 3,
    errorScoreDecrement: 0.5,
    maxUsageCount,
  });
}

function newFetcher(): BrowserFetcher {
  return new BrowserFetcher({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    userAgent: 'markwatch-test',
    timeoutMs: 1000,
    maxPages: 2,
    recycleContextAfterPages: 50,
    recycleBrowserAfterPages: 100,
    maxBrowserMemoryMb: 1024,
  });
}

describe('BrowserFetcher', () => {
  it(
    'renders with images blocked, loads them only for the evidence screenshot, and reuses its page',
    { timeout: 60_000 },
    async () => {
      const base = await start();
      fetcher = newFetcher();
      const session = testSession();
      const page = await fetcher.fetch({ url: `${base}/ok`, kind: 'item', profile, session });
      expect(page.status).toBe(200);
      expect(page.text).toContain('渲染完成');
      expect(served).not.toContain('/pic.png');
      const shot = await page.captureEvidence!();
      expect(shot.png.subarray(1, 4).toString()).toBe('PNG');
      expect(served).toContain('/pic.png');
      await page.close();
      const again = await fetcher.fetch({ url: `${base}/ok`, kind: 'item', profile, session });
      await again.close();
      expect(fetcher.launches).toBe(1);
    },
  );

  it(
    "opens one context for concurrent first fetches of a session, and keeps it for the session's last use",
    { timeout: 60_000 },
    async () => {
      const base = await start();
      fetcher = newFetcher();
      const session = testSession(3);
      const fetchOk = () => fetcher!.fetch({ url: `${base}/ok`, kind: 'item', profile, session });
      session.usage = 2;
      const pages = await Promise.all([fetchOk(), fetchOk()]);
      await Promise.all(pages.map((p) => p.close()));
      expect(fetcher.contextsOpened).toBe(1);
      expect(fetcher.pagesOpened).toBe(2);
      session.usage = 3; // the pool handed out its last use: used up, but not blocked
      expect(session.usable).toBe(false);
      await (await fetchOk()).close();
      expect(fetcher.contextsOpened).toBe(1);
      expect(fetcher.pagesOpened).toBe(2);
      session.retire(); // blocked: its context is replaced
      await (await fetchOk()).close();
      expect(fetcher.contextsOpened).toBe(2);
    },
  );

  it(
    'stops clicking "load more" once the list holds the items the query can take',
    { timeout: 60_000 },
    async () => {
      const base = await start();
      fetcher = newFetcher();
      const listing = {
        ...profile,
        render: {
          mode: 'browser' as const,
          timeoutMs: 2000,
          search: [{ click: '#more', times: 4, growth: 'li' }],
          item: [],
        },
      };
      const count = async (wantItems?: number) => {
        const page = await fetcher!.fetch({
          url: `${base}/list`,
          kind: 'search',
          profile: listing,
          session: testSession(),
          ...(wantItems !== undefined ? { wantItems } : {}),
        });
        await page.close();
        return page.text.split('<li>').length - 1;
      };
      expect(await count()).toBe(25); // 5 + 4 clicks × 5: the profile's cap
      expect(await count(7)).toBe(10); // one click reaches 7
      expect(await count(0)).toBe(5);
    },
  );

  it('reads the rendered DOM outside the page script world, whatever that script redefines', async () => {
    const base = await start();
    fetcher = newFetcher();
    const page = await fetcher.fetch({ url: `${base}/spoof`, kind: 'item', profile, session: testSession() });
    await page.close();
    expect(page.text.startsWith('<!DOCTYPE html><html><head></head><body><h1 class="t">真实标题</h1>')).toBe(
      true,
    );
    expect(page.text).not.toContain('FAKE');
  });

  it('never contacts a host outside the profile', { timeout: 60_000 }, async () => {
    const base = await start();
    fetcher = newFetcher();
    const page = await fetcher.fetch({
      url: `${base}/foreign`,
      kind: 'item',
      profile,
      session: testSession(),
    });
    expect(page.text).toContain('页');
    await page.close();
    expect(served).toContain('/foreign');
    expect(served).not.toContain('/foreign.js');
  });

  it(
    'kills the browser process tree when a page hangs the renderer, then relaunches',
    { timeout: 60_000 },
    async () => {
      const base = await start();
      fetcher = newFetcher();
      const session = testSession();
      const warm = await fetcher.fetch({ url: `${base}/ok`, kind: 'item', profile, session });
      await warm.close();
      // No render steps: the hang is met by reading the DOM, which has no time-out of its own.
      const noSteps = {
        ...profile,
        render: { mode: 'browser' as const, timeoutMs: 1000, search: [], item: [] },
      };
      const error = await fetcher
        .fetch({ url: `${base}/hang`, kind: 'item', profile: noSteps, session })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(CrawlError);
      expect(['timeout', 'browser']).toContain((error as CrawlError).errorClass);
      expect(fetcher.kills).toBeGreaterThanOrEqual(1);
      const after = await fetcher.fetch({ url: `${base}/ok`, kind: 'item', profile, session });
      expect(after.text).toContain('渲染完成');
      await after.close();
      expect(fetcher.launches).toBe(2);
    },
  );
});
