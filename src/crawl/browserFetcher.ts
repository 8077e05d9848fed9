import { CHINA_TIME_ZONE } from '../common/chinaTime.js';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { RenderAction, SiteProfile } from '../extract/index.js';
import {
  childProcesses,
  processGroupMemoryMb,
  Semaphore,
  type ContextSlot,
  type Generation,
} from './browserProcess.js';
import { runSteps } from './renderSteps.js';
import { DataCalls } from './dataCalls.js';
import { CrawlError, classify } from './errors.js';
import type { FetchedPage, FetchRequest, PageFetcher } from './fetchTypes.js';

export interface BrowserFetcherOptions {
  executablePath: string;
  args: string[];
  userAgent: string;
  /** Navigation and each render step. */
  timeoutMs: number;
  /** Open pages at most (the page pool). */
  maxPages: number;
  /** A context (one per session) is closed and replaced after this many pages. */
  recycleContextAfterPages: number;
  /** The browser is relaunched after this many pages (Crawlee: retireBrowserAfterPageCount 100). */
  recycleBrowserAfterPages: number;
  /** Memory (PSS) of the browser's process tree, in MB, above which no page opens until it is relaunched. */
  maxBrowserMemoryMb: number;
}

/** Resource types (CDP names) a crawl page never needs; an evidence capture loads them. */
const HEAVY_RESOURCES = ['Image', 'Font', 'Media'] as const;

/**
 * Requests to hosts outside the profile's are sent to this proxy, a closed port on the loopback address,
 * and fail: Chromium's network stack enforces the host list without a round trip to us per request.
 */
const BLACKHOLE_PROXY = 'http://127.0.0.1:9';

/**
 * Pages rendered by the system Chromium through playwright-core (never a downloaded browser). One context
 * per session, reused and recycled after N pages; the browser itself is relaunched after M pages or when
 * its process tree grows past the memory budget; a step that overruns its timeout kills the whole tree.
 */
export class BrowserFetcher implements PageFetcher {
  readonly mode = 'browser' as const;
  private generation: Promise<Generation> | null = null;
  private readonly pool: Semaphore;
  /** Pages whose evidence capture may load images and fonts. */
  private readonly assetsAllowed = new WeakSet<Page>();
  /** Each open page's DevTools session that blocks its heavy resources. */
  private readonly blockers = new WeakMap<Page, CDPSession>();
  private memoryCheckedAt = 0;
  private closed = false;
  /** Relaunches so far (reported by the bench). */
  launches = 0;
  kills = 0;
  /** Contexts and pages opened so far (each costs a renderer's start-up; reported by the bench). */
  contextsOpened = 0;
  pagesOpened = 0;

  constructor(private readonly options: BrowserFetcherOptions) {
    this.pool = new Semaphore(options.maxPages);
  }

  private async launch(): Promise<Generation> {
    // Loaded on first use: an HTTP-only crawl never pays for Playwright.
    const { chromium } = await import('playwright-core');
    const before = new Set(childProcesses());
    // A pipe to the browser (launch), not a WebSocket (launchServer + connect): half the protocol work.
    const browser = await chromium.launch({
      executablePath: this.options.executablePath,
      args: this.options.args,
      headless: true,
      timeout: this.options.timeoutMs * 2,
    });
    this.launches++;
    return {
      browser,
      // Playwright starts Chromium as our child, leader of its own process group.
      pid: childProcesses().find((pid) => !before.has(pid)) ?? 0,
      pages: 0,
      open: 0,
      openPages: 0,
      contexts: new Map(),
      opening: new Map(),
      dead: false,
      retiring: false,
      drained: [],
    };
  }

  private async current(): Promise<Generation> {
    if (this.closed) throw new CrawlError('browser', 'browser fetcher closed');
    this.generation ??= this.launch().catch((err: unknown) => {
      this.generation = null;
      throw new CrawlError(
        'browser',
        `cannot launch ${this.options.executablePath}: ${(err as Error).message}`,
      );
    });
    const g = await this.generation;
    if (!g.retiring && (g.dead || g.pages >= this.options.recycleBrowserAfterPages || this.overMemory(g))) {
      // No new page on this browser: once its pages are done it is replaced.
      g.retiring = true;
    }
    if (g.retiring) {
      if (g.open > 0) {
        await new Promise<void>((resolve) => g.drained.push(resolve));
        return this.current();
      }
      if (this.generation && (await this.generation.catch(() => null)) === g) {
        this.generation = null;
        await this.shutdown(g, g.dead);
      }
      return this.current();
    }
    return g;
  }

  private overMemory(g: Generation): boolean {
    const now = Date.now();
    // Reading /proc costs a few ms: look every 10 s.
    if (now - this.memoryCheckedAt < 10_000 || !g.pid) return false;
    this.memoryCheckedAt = now;
    return processGroupMemoryMb(g.pid) > this.options.maxBrowserMemoryMb;
  }

  /** Kills the browser's whole process tree (it runs in its own process group). */
  private kill(g: Generation): void {
    g.dead = true;
    this.kills++;
    try {
      if (g.pid) process.kill(-g.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }

  /** Opening a context or page, or closing the browser: slow on a busy machine, but never this slow. */
  private structuralLimit(): number {
    return Math.max(10_000, this.options.timeoutMs * 2);
  }

  private async shutdown(g: Generation, force: boolean): Promise<void> {
    if (force) {
      this.kill(g);
      await g.browser.close().catch(() => {});
      return;
    }
    const timer = setTimeout(() => this.kill(g), this.structuralLimit());
    try {
      await g.browser.close();
    } catch {
      this.kill(g);
    } finally {
      clearTimeout(timer);
    }
  }

  private closeSlot(g: Generation, key: string, slot: ContextSlot): void {
    g.contexts.delete(key);
    g.openPages -= slot.idle.length;
    slot.idle = [];
    void slot.context.close().catch(() => {});
  }

  private async contextFor(g: Generation, request: FetchRequest): Promise<ContextSlot> {
    const key = request.session.id;
    let slot = g.contexts.get(key);
    // `healthy`, not `usable`: the request that takes a session's last use still runs in its context.
    if (slot && (slot.pages >= this.options.recycleContextAfterPages || !request.session.healthy)) {
      if (slot.busy === 0) this.closeSlot(g, key, slot);
      else g.contexts.delete(key);
      slot = undefined;
    }
    // Contexts of sessions that were retired or used up are closed once idle, so they do not pile up.
    for (const [k, other] of g.contexts) {
      if (k !== key && other.busy === 0 && !other.session.usable) this.closeSlot(g, k, other);
    }
    if (!slot) {
      let opening = g.opening.get(key);
      if (!opening) {
        opening = this.openContext(g, request).finally(() => g.opening.delete(key));
        g.opening.set(key, opening);
      }
      slot = await opening;
    }
    slot.pages++;
    slot.busy++;
    return slot;
  }

  private async openContext(g: Generation, request: FetchRequest): Promise<ContextSlot> {
    const allowedHosts = new Set(request.profile.hosts.map((h) => h.toLowerCase()));
    allowedHosts.add(new URL(request.url).hostname.toLowerCase());
    // No Playwright route: it pauses every request for a round trip through this process (and turns off
    // the HTTP cache). Off-profile hosts fail at the black-hole proxy; heavy resources are refused per page
    // by resource type (blockHeavyResources), so only those requests are paused.
    const context = await g.browser.newContext({
      userAgent: this.options.userAgent,
      locale: 'zh-CN',
      timezoneId: CHINA_TIME_ZONE,
      viewport: { width: 1280, height: 900 },
      serviceWorkers: 'block',
      // `<-loopback>`: loopback names are not exempt by default, so `localhost` is as foreign as any host.
      proxy: { server: BLACKHOLE_PROXY, bypass: ['<-loopback>', ...allowedHosts].join(',') },
    });
    this.contextsOpened++;
    const slot: ContextSlot = { context, session: request.session, pages: 0, busy: 0, idle: [] };
    g.contexts.set(request.session.id, slot);
    return slot;
  }

  /** An idle page of the slot, or a new one (closing another context's idle page to stay under the cap). */
  private async pageFor(g: Generation, slot: ContextSlot): Promise<Page> {
    const idle = slot.idle.pop();
    if (idle && !idle.isClosed()) return idle;
    if (idle) g.openPages--;
    if (g.openPages >= this.options.maxPages) {
      for (const other of g.contexts.values()) {
        const victim = other.idle.shift();
        if (victim) {
          g.openPages--;
          void victim.close().catch(() => {});
          break;
        }
      }
    }
    const page = await slot.context.newPage();
    this.pagesOpened++;
    g.openPages++;
    try {
      await this.blockHeavyResources(slot.context, page);
    } catch (err) {
      g.openPages--;
      await page.close().catch(() => {});
      throw err;
    }
    return page;
  }

  /** Images, fonts and media of a crawl page are refused in the browser; an evidence capture lifts this. */
  private async blockHeavyResources(context: BrowserContext, page: Page): Promise<void> {
    const cdp = await context.newCDPSession(page);
    cdp.on('Fetch.requestPaused', (event: { requestId: string }) => {
      const allowed = this.assetsAllowed.has(page);
      void cdp
        .send(
          allowed ? 'Fetch.continueRequest' : 'Fetch.failRequest',
          allowed
            ? { requestId: event.requestId }
            : { requestId: event.requestId, errorReason: 'BlockedByClient' },
        )
        .catch(() => {});
    });
    await cdp.send('Fetch.enable', {
      patterns: HEAVY_RESOURCES.map((resourceType) => ({ urlPattern: '*', resourceType })),
    });
    this.blockers.set(page, cdp);
  }

  /** Runs `work`, killing the browser tree if it overruns (a hung renderer must not hang the crawl). */
  private async guarded<T>(g: Generation, what: string, work: () => Promise<T>, ms: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.kill(g);
        reject(new CrawlError('timeout', `${what}: no answer within ${ms} ms; browser process tree killed`));
      }, ms);
    });
    try {
      return await Promise.race([work(), watchdog]);
    } finally {
      clearTimeout(timer);
    }
  }

  private steps(
    profile: SiteProfile,
    kind: FetchRequest['kind'],
  ): { steps: RenderAction[]; timeout: number } {
    const render = profile.render;
    if (render.mode !== 'browser') return { steps: [], timeout: this.options.timeoutMs };
    return { steps: kind === 'search' ? render.search : render.item, timeout: render.timeoutMs };
  }

  async fetch(request: FetchRequest): Promise<FetchedPage> {
    await this.pool.take();
    let g: Generation | null = null;
    let slot: ContextSlot | null = null;
    let page: Page | null = null;
    let data: DataCalls | null = null;
    let released = false;
    let reusable = true;
    const release = async () => {
      if (released) return;
      released = true;
      data?.detach();
      if (slot) slot.busy--;
      if (page && g) {
        const current = slot !== null && g.contexts.get(request.session.id) === slot;
        if (reusable && current && slot && !g.retiring && !this.assetsAllowed.has(page) && !page.isClosed()) {
          slot.idle.push(page);
        } else {
          g.openPages--;
          await page.close().catch(() => {});
        }
        // A context replaced while this page was busy is closed by its last page.
        if (slot && !current && slot.busy === 0) void slot.context.close().catch(() => {});
      }
      if (g) {
        g.open--;
        if (g.open === 0) for (const wake of g.drained.splice(0)) wake();
      }
      this.pool.give();
    };
    try {
      g = await this.current();
      g.open++;
      g.pages++;
      const gen = g;
      const { steps, timeout } = this.steps(request.profile, request.kind);
      const hardLimit = this.options.timeoutMs + timeout * (steps.length + 1) + 5000;
      const s = await this.guarded(
        gen,
        request.url,
        () => this.contextFor(gen, request),
        this.structuralLimit(),
      );
      slot = s;
      const p = await this.guarded(gen, request.url, () => this.pageFor(gen, s), this.structuralLimit());
      page = p;
      const calls = new DataCalls(p, request.url);
      data = calls;
      const result = await this.guarded(
        gen,
        request.url,
        async () => {
          const response = await p.goto(request.url, {
            waitUntil: 'domcontentloaded',
            timeout: this.options.timeoutMs,
          });
          if (!response) throw new CrawlError('browser', `${request.url}: no response`);
          const status = response.status();
          const body = await response.body().catch(() => Buffer.alloc(0));
          if (status < 400) await runSteps(p, steps, timeout, calls, request.wantItems);
          return { status, headers: response.headers(), body, text: await p.content(), finalUrl: p.url() };
        },
        hardLimit,
      );
      const fetchedAt = new Date().toISOString();
      return {
        url: request.url,
        ...result,
        fetchedAt,
        dataProblem: () => calls.cutShort(),
        captureEvidence: async () => {
          this.assetsAllowed.add(p);
          await this.blockers
            .get(p)
            ?.send('Fetch.disable')
            .catch(() => {});
          return this.guarded(
            gen,
            `${request.url} (evidence)`,
            async () => {
              await p.reload({ waitUntil: 'load', timeout: this.options.timeoutMs });
              await runSteps(p, steps, timeout, calls, request.wantItems);
              const png = await p.screenshot({
                fullPage: true,
                type: 'png',
                timeout: this.options.timeoutMs,
              });
              return { png, dom: await p.content() };
            },
            hardLimit,
          );
        },
        close: release,
      };
    } catch (err) {
      reusable = false;
      await release();
      const e = classify(err);
      if (e.message.startsWith(request.url)) throw e;
      const cls = e.errorClass === 'internal' ? 'browser' : e.errorClass;
      throw new CrawlError(cls, `${request.url}: ${e.message}`, e.status, null, { cause: err });
    }
  }

  /** Browser and renderer memory now (MB), for the bench. */
  async memoryMb(): Promise<number> {
    const g = this.generation ? await this.generation.catch(() => null) : null;
    return g?.pid ? processGroupMemoryMb(g.pid) : 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    const g = this.generation ? await this.generation.catch(() => null) : null;
    this.generation = null;
    if (g) await this.shutdown(g, false);
  }
}
