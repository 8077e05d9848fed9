import {
  canonicalUrl,
  extractItemPage,
  extractSearchPage,
  itemIdFromUrl,
  type SiteProfile,
} from '../extract/index.js';
import { listingContentHash, type DecideLeads, type Hit, type Listing } from '../model/index.js';
import type {
  FrontierEntry,
  LeasedEntry,
  NewEvidence,
  NewFrontierEntry,
  NextLease,
  Store,
} from '../store/index.js';
import { backoffDelay, parseRetryAfter, type BackoffOptions } from './backoff.js';
import { detectBlock } from './blockDetection.js';
import { CrawlError, classify, classOfStatus, dispositionOf, type ErrorClass } from './errors.js';
import { storeArtefact } from './evidenceFiles.js';
import { evidenceManifest } from './evidenceManifest.js';
import type { FetchedPage, PageFetcher } from './fetchTypes.js';
import { domainOf, type Clock, type Politeness } from './politeness.js';
import { relistingKeys } from './relisting.js';
import type { RobotsGate } from './robots.js';
import type { SessionPool } from './session.js';
import type { WarcWriter } from './warc.js';

/*
 * The crawl engine: workers lease frontier rows, take a politeness slot, fetch (HTTP or browser), extract,
 * and commit — a search page commits the items it found, an item page commits listing, hits, leads and
 * evidence in one transaction, so a process killed at any point resumes with nothing lost and nothing
 * processed twice.
 */

export interface CrawlSite {
  profile: SiteProfile;
  /** The run's base URL for `{base}` (the sample marketplace runs on a local port). */
  baseUrl?: string;
}

export type CrawlEvent =
  | { type: 'page'; kind: FrontierEntry['kind']; url: string; status: number; ms: number }
  | {
      type: 'listing';
      url: string;
      listingId: string;
      status: string;
      relistingOf: string | null;
      hits: number;
      newLeads: number;
    }
  | {
      type: 'failure';
      url: string;
      errorClass: ErrorClass;
      message: string;
      outcome: 'retry' | 'failed' | 'blocked' | 'skipped';
    }
  | { type: 'queue'; pending: number; leased: number };

export interface EngineOptions {
  owner: string;
  concurrency: number;
  leaseMs: number;
  maxRetries: number;
  maxSessionRotations: number;
  backoff: BackoffOptions;
  blockCooldownMs: number;
  evidence: 'hits' | 'all' | 'none';
  respectRobots: boolean;
  crawler: { name: string; version: string; userAgent: string };
}

export interface EngineDeps {
  store: Store;
  sites: Map<string, CrawlSite>;
  http: PageFetcher;
  /** Created on first use: a run without browser profiles never starts Chromium. */
  browser: () => PageFetcher;
  robots: RobotsGate;
  politeness: Politeness;
  sessions: SessionPool;
  match: (listing: Listing) => Hit[];
  /** The lead-opening rule, injected like the matcher (crawl sits below leads). */
  decideLeads: DecideLeads;
  /** Frontier rows a query may add (the planner's budget), keyed by `platform\u0000query`. */
  queryBudgets: Map<string, number>;
  warc?: WarcWriter;
  clock: Clock;
  emit: (event: CrawlEvent) => void;
  signal: AbortSignal;
}

/** Item pages first (a listing committed early is a listing not lost), then further result pages. */
const ITEM_PRIORITY = 10;
const SEARCH_PRIORITY = 0;
/** Items a grown result page should hold per row of budget left (room for items already found). */
const WANT_ITEMS_OVERLAP = 2;

export function budgetKey(platform: string, query: string): string {
  return `${platform}\u0000${query}`;
}

/** Wakes waiting workers when another worker added rows or finished one. */
class Wakeup {
  private waiters = new Set<() => void>();
  notify(): void {
    for (const w of [...this.waiters]) w();
  }
  wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, ms));
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

function isHtml(page: FetchedPage): boolean {
  const type = page.headers['content-type'] ?? '';
  return type === '' || /html/i.test(type);
}

function shanghaiTime(iso: string): string {
  return `${new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).replace(' ', 'T')}+08:00`;
}

export class CrawlEngine {
  private readonly wakeup = new Wakeup();
  private readonly crawlDelaySet = new Set<string>();
  private finished = false;

  constructor(
    private readonly runPk: number,
    private readonly deps: EngineDeps,
    private readonly options: EngineOptions,
  ) {}

  /** Runs workers until the run's frontier is drained (or the signal aborts). */
  async run(): Promise<void> {
    const workers = Array.from({ length: this.options.concurrency }, () => this.worker());
    await Promise.all(workers);
  }

  private async worker(): Promise<void> {
    const { store, clock, signal } = this.deps;
    // A page's commit leases this worker's next row in the same transaction (one write per page).
    let next: LeasedEntry | null = null;
    while (!signal.aborted && !this.finished) {
      const leased =
        next ??
        (await store.frontier.leaseWithSlot(
          this.runPk,
          this.options.owner,
          clock.now(),
          this.options.leaseMs,
        ));
      next = null;
      if (leased) {
        next = await this.process(leased.entry, leased.slot);
        this.wakeup.notify();
        continue;
      }
      const open = await store.frontier.outstanding(this.runPk);
      this.deps.emit({ type: 'queue', pending: open.pending, leased: open.leased });
      if (open.pending === 0 && open.leased === 0) {
        this.finished = true;
        this.wakeup.notify();
        return;
      }
      // Nothing leasable now: a host is at its cap, backing off, or rows wait for their retry time.
      const due = open.nextDueAt === null ? 1000 : open.nextDueAt - clock.now();
      await this.wakeup.wait(Math.min(1000, Math.max(5, due)), signal);
    }
    if (next) await store.frontier.release(next.entry.id, this.options.owner);
  }

  /** What a commit needs to lease the worker's next row (none once the run is stopping). */
  private nextLease(): NextLease | undefined {
    if (this.deps.signal.aborted || this.finished) return undefined;
    return { runPk: this.runPk, now: this.deps.clock.now(), leaseMs: this.options.leaseMs };
  }

  private fetcherFor(profile: SiteProfile): PageFetcher {
    return profile.render.mode === 'browser' ? this.deps.browser() : this.deps.http;
  }

  /**
   * `slotTaken`: the lease already took the host's request slot (spent on robots.txt or on the page).
   * Returns the next row when the page's commit leased it.
   */
  private async process(entry: FrontierEntry, slotTaken: boolean): Promise<LeasedEntry | null> {
    const { store, politeness, signal } = this.deps;
    const owner = this.options.owner;
    const site = this.deps.sites.get(entry.platform);
    if (!site) {
      await this.fail(
        entry,
        new CrawlError('internal', `no site profile for platform ${entry.platform}`),
        null,
      );
      return null;
    }
    const { profile } = site;
    // Browser pages share one session (one context) per host, so an open page can take the next URL.
    const session = this.deps.sessions.pick(entry.domain, profile.render.mode === 'browser' ? 1 : undefined);
    let page: FetchedPage | null = null;
    try {
      if (this.options.respectRobots && profile.robots.respect) {
        // Fetching robots.txt is a request to the host like any other: it takes a slot.
        if (!this.deps.robots.known(entry.url)) {
          if (!slotTaken && !(await politeness.slot(entry.domain, signal))) {
            await store.frontier.release(entry.id, owner);
            return null;
          }
          slotTaken = false;
        } else if (!this.deps.robots.loaded(entry.url)) {
          // Another worker is reading robots.txt: a slot taken before its Crawl-delay is known is void.
          slotTaken = false;
        }
        const verdict = await this.deps.robots.check(entry.url, profile.robots.userAgent);
        if (verdict.crawlDelayMs !== null && !this.crawlDelaySet.has(entry.domain)) {
          this.crawlDelaySet.add(entry.domain);
          await store.hosts.setCrawlDelay(entry.domain, verdict.crawlDelayMs, this.deps.clock.now());
        }
        if (!verdict.allowed) {
          await this.fail(entry, new CrawlError('robots', `${entry.url}: disallowed by robots.txt`), null);
          return null;
        }
      }
      if (!slotTaken && !(await politeness.slot(entry.domain, signal))) {
        await store.frontier.release(entry.id, owner);
        return null;
      }
      const started = this.deps.clock.now();
      const wantItems = await this.wantItems(entry, profile);
      page = await this.fetcherFor(profile).fetch({
        url: entry.url,
        kind: entry.kind,
        profile,
        session,
        ...(wantItems !== undefined ? { wantItems } : {}),
      });
      this.deps.warc?.writeResponse(page);
      this.deps.emit({
        type: 'page',
        kind: entry.kind,
        url: entry.url,
        status: page.status,
        ms: this.deps.clock.now() - started,
      });
      this.checkResponse(page, profile, entry.kind);
      session.markGood();
      return entry.kind === 'search'
        ? await this.handleSearch(entry, page, site)
        : await this.handleItem(entry, page, site);
    } catch (err) {
      const e = classify(err);
      if (e.errorClass === 'network' || e.errorClass === 'timeout') session.markBad();
      if (e.errorClass === 'blocked') session.retire();
      await this.fail(entry, e, page?.status ?? e.status);
      return null;
    } finally {
      await page?.close();
    }
  }

  /**
   * A browser result page that grows by "load more" need not grow past what its query can still add: the
   * query's remaining budget, doubled because items that other queries already found are not added again.
   */
  private async wantItems(entry: FrontierEntry, profile: SiteProfile): Promise<number | undefined> {
    if (entry.kind !== 'search' || !entry.query || profile.render.mode !== 'browser') return undefined;
    const budget = this.deps.queryBudgets.get(budgetKey(entry.platform, entry.query));
    if (budget === undefined) return undefined;
    const rows = await this.deps.store.frontier.queryRows(this.runPk, entry.platform, entry.query);
    return Math.max(0, budget - rows) * WANT_ITEMS_OVERLAP;
  }

  /** 429/503 pause the host; a block or captcha page retires the session; other 4xx/5xx are failures. */
  private checkResponse(page: FetchedPage, profile: SiteProfile, kind: FrontierEntry['kind']): void {
    const { status } = page;
    if (status === 429 || status === 503) {
      const retryAfter = parseRetryAfter(page.headers['retry-after'], this.deps.clock.now());
      throw new CrawlError(classOfStatus(status), `${page.url}: HTTP ${status}`, status, retryAfter);
    }
    const block = detectBlock(profile.block, status, page.text);
    if (block) throw new CrawlError('blocked', `${page.url}: blocked (${block.reason})`, status);
    if (kind === 'item' && (status === 404 || status === 410)) {
      throw new CrawlError('offline', `${page.url}: HTTP ${status} (listing gone)`, status);
    }
    if (status >= 400) throw new CrawlError(classOfStatus(status), `${page.url}: HTTP ${status}`, status);
    // A 200 whose HTML stops mid-document would be stored as a bogus edit: fetch it again instead.
    if (
      isHtml(page) &&
      page.body.length > 0 &&
      !/<\/html/i.test(page.body.subarray(-8192).toString('latin1'))
    ) {
      throw new CrawlError('truncated', `${page.url}: HTML ends before </html> (truncated response)`, status);
    }
  }

  private async handleSearch(
    entry: FrontierEntry,
    page: FetchedPage,
    site: CrawlSite,
  ): Promise<LeasedEntry | null> {
    const { profile } = site;
    const result = extractSearchPage(profile, page.text, entry.url);
    if (result.status === 'unrecognised') {
      throw new CrawlError(
        'parse',
        `${entry.url}: neither result items nor a no-results marker (markup changed?)`,
      );
    }
    const discovered: NewFrontierEntry[] = [];
    for (const item of result.items) {
      let url: string;
      try {
        url = canonicalUrl(item.url, profile);
      } catch {
        continue;
      }
      // Stay on the site: an item link to another host is not followed.
      if (domainOf(url) !== entry.domain) continue;
      discovered.push({
        kind: 'item',
        platform: entry.platform,
        domain: entry.domain,
        url,
        itemId: item.itemId ?? itemIdFromUrl(profile, url),
        query: entry.query,
        priority: ITEM_PRIORITY,
      });
    }
    if (result.nextUrl && entry.pageNo < profile.search.pagination.maxPages) {
      const next = canonicalUrl(result.nextUrl, profile);
      if (domainOf(next) === entry.domain) {
        discovered.push({
          kind: 'search',
          platform: entry.platform,
          domain: entry.domain,
          url: next,
          query: entry.query,
          pageNo: entry.pageNo + 1,
          priority: SEARCH_PRIORITY,
        });
      }
    }
    const budget = entry.query
      ? this.deps.queryBudgets.get(budgetKey(entry.platform, entry.query))
      : undefined;
    const done = await this.deps.store.frontier.completeSearch(
      entry.id,
      this.options.owner,
      discovered,
      entry.query && budget !== undefined
        ? { platform: entry.platform, query: entry.query, maxRows: budget }
        : undefined,
      this.nextLease(),
    );
    return done.next;
  }

  private async handleItem(
    entry: FrontierEntry,
    page: FetchedPage,
    site: CrawlSite,
  ): Promise<LeasedEntry | null> {
    const { store } = this.deps;
    const listing = extractItemPage(site.profile, page.text, entry.url, page.fetchedAt);
    const hash = listingContentHash(listing);
    const stored = await store.listings.get(listing.platform, listing.id);
    const unchanged = stored?.contentHash === hash;
    // Unchanged content is not matched again; changed or new content is matched once, here.
    let hits: Hit[] | null = unchanged ? null : this.deps.match(listing);
    const flagged = hits?.some((h) => h.flagged) ?? false;
    const wantEvidence =
      !unchanged && (this.options.evidence === 'all' || (this.options.evidence === 'hits' && flagged));
    const evidence = wantEvidence ? await this.captureEvidence(entry, page, listing, hits ?? []) : [];
    const leaseNext = this.nextLease();
    const result = await store.frontier.commitItem({
      frontierId: entry.id,
      owner: this.options.owner,
      listing,
      contentHash: hash,
      match: (l) => (hits ??= this.deps.match(l)),
      decideLeads: this.deps.decideLeads,
      relistingKeys: relistingKeys(listing),
      evidence,
      ...(leaseNext ? { leaseNext } : {}),
    });
    this.deps.emit({
      type: 'listing',
      url: entry.url,
      listingId: listing.id,
      status: result.status,
      relistingOf: result.relistingOf,
      hits: result.hits,
      newLeads: result.newLeadIds.length,
    });
    return result.next;
  }

  /**
   * Artefacts of one capture (domain.md §9.3): the HTML as received (gzip), the browser's full-page
   * screenshot and rendered DOM, and a JSON record of URL, status, response headers, capture time (UTC and
   * Asia/Shanghai), crawler and the SHA-256 of every artefact. Each is stored content-addressed.
   */
  private async captureEvidence(
    entry: FrontierEntry,
    page: FetchedPage,
    listing: Listing,
    hits: Hit[],
  ): Promise<Omit<NewEvidence, 'platform' | 'listingId'>[]> {
    const dataDir = this.deps.store.dataDir;
    const out: Omit<NewEvidence, 'platform' | 'listingId'>[] = [];
    const add = (kind: NewEvidence['kind'], bytes: Uint8Array, contentType: string, compress: boolean) => {
      const a = storeArtefact(dataDir, bytes, compress);
      out.push({
        kind,
        url: entry.url,
        sha256: a.sha256,
        path: a.path,
        bytes: a.bytes,
        contentType,
        capturedAt: page.fetchedAt,
      });
      return a;
    };
    add('html', page.body, page.headers['content-type'] ?? 'text/html', true);
    let screenshotError: string | null = null;
    if (page.captureEvidence) {
      try {
        if (await this.deps.politeness.slot(entry.domain, this.deps.signal)) {
          const shot = await page.captureEvidence();
          add('screenshot', shot.png, 'image/png', false);
          add('html', Buffer.from(shot.dom, 'utf8'), 'text/html; charset=utf-8; rendered=dom', true);
        }
      } catch (err) {
        // The listing and its lead are kept; the missing screenshot is recorded in the capture record.
        const e = classify(err);
        screenshotError = e.message;
        await this.deps.store.frontier.recordFailure({
          runPk: this.runPk,
          frontierId: entry.id,
          url: entry.url,
          errorClass: e.errorClass,
          status: null,
          message: `evidence screenshot: ${e.message}`,
        });
      }
    }
    const record = {
      platform: listing.platform,
      listingId: listing.id,
      url: entry.url,
      visitedUrl: page.url,
      finalUrl: page.finalUrl,
      status: page.status,
      headers: page.headers,
      capturedAtUtc: page.fetchedAt,
      capturedAtShanghai: shanghaiTime(page.fetchedAt),
      crawler: this.options.crawler,
      renderMode: page.captureEvidence ? ('browser' as const) : ('http' as const),
      runPk: this.runPk,
      screenshotError,
      artefacts: out.map((e) => ({
        kind: e.kind,
        sha256: e.sha256,
        path: e.path,
        contentType: e.contentType,
      })),
    };
    add('headers', Buffer.from(JSON.stringify(record, null, 2), 'utf8'), 'application/json', false);
    const manifest = evidenceManifest({
      captureId: `${this.runPk}-${entry.id}-${page.fetchedAt}`,
      runPk: this.runPk,
      listing,
      url: entry.url,
      visitedUrl: page.url,
      finalUrl: page.finalUrl,
      status: page.status,
      capturedAtUtc: page.fetchedAt,
      capturedAtShanghai: record.capturedAtShanghai,
      renderMode: record.renderMode,
      crawler: this.options.crawler,
      artefacts: out,
      hits,
      screenshotError,
    });
    add('manifest', Buffer.from(JSON.stringify(manifest, null, 2), 'utf8'), 'application/json', false);
    return out;
  }

  /** Records the failed request with its class and decides: retry later, rotate the session, or give up. */
  private async fail(entry: FrontierEntry, e: CrawlError, status: number | null): Promise<void> {
    const { store, clock } = this.deps;
    const owner = this.options.owner;
    if (e.errorClass === 'lease_lost') return;
    const now = clock.now();
    await store.frontier.recordFailure({
      runPk: this.runPk,
      frontierId: entry.id,
      url: entry.url,
      errorClass: e.errorClass,
      status,
      message: e.message,
    });
    const emit = (outcome: 'retry' | 'failed' | 'blocked' | 'skipped') =>
      this.deps.emit({
        type: 'failure',
        url: entry.url,
        errorClass: e.errorClass,
        message: e.message,
        outcome,
      });
    if (e.errorClass === 'robots' || e.errorClass === 'offline') {
      await store.frontier.settle(entry.id, owner, 'skipped', e.errorClass, e.message);
      return emit('skipped');
    }
    const disposition = dispositionOf(e.errorClass);
    if (disposition === 'rotate_session') {
      // A block or captcha: the whole host cools down, the page comes back with a fresh session.
      const until = now + this.options.blockCooldownMs;
      await store.hosts.backOff(entry.domain, until, 'blocked');
      if (entry.sessionRotations >= this.options.maxSessionRotations) {
        await store.frontier.settle(entry.id, owner, 'blocked', e.errorClass, e.message);
        return emit('blocked');
      }
      await store.frontier.retry(entry.id, owner, {
        nextAttemptAt: until,
        errorClass: e.errorClass,
        message: e.message,
        sessionRotation: true,
      });
      return emit('retry');
    }
    if (disposition === 'retry' && entry.attempts < this.options.maxRetries) {
      const wait = Math.max(e.retryAfterMs ?? 0, backoffDelay(entry.attempts + 1, this.options.backoff));
      // Rate limits and overload pause the host for every worker and process, not just this page.
      if (e.errorClass === 'http_429' || e.status === 503) {
        await store.hosts.backOff(entry.domain, now + wait, e.errorClass);
      }
      await store.frontier.retry(entry.id, owner, {
        nextAttemptAt: now + wait,
        errorClass: e.errorClass,
        message: e.message,
        sessionRotation: false,
      });
      return emit('retry');
    }
    await store.frontier.settle(entry.id, owner, 'failed', e.errorClass, e.message);
    return emit('failed');
  }
}
