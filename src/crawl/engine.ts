import {
  canonicalUrl,
  extractItemPage,
  extractSearchPage,
  itemIdFromUrl,
  type SiteProfile,
} from '../extract/index.js';
import { listingContentHash, type DecideFindings, type Hit, type Listing } from '../model/index.js';
import type { FrontierEntry, LeasedEntry, NewFrontierEntry, NextLease, Store } from '../store/index.js';
import type { BackoffOptions } from './backoff.js';
import { CrawlError, classify } from './errors.js';
import { captureEvidence } from './evidenceCapture.js';
import type { CrawlEvent } from './crawlEvents.js';
import { handleFailure } from './failurePolicy.js';
import type { FetchedPage, PageFetcher } from './fetchTypes.js';
import { domainOf, type Clock, type Politeness } from './politeness.js';
import { relistingKeys } from './relisting.js';
import type { RobotsGate } from './robots.js';
import type { SessionPool } from './session.js';
import { checkResponse } from './responseCheck.js';
import type { WarcWriter } from './warc.js';
import { Wakeup } from './wakeup.js';

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

export type { CrawlEvent } from './crawlEvents.js';

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
  decideFindings: DecideFindings;
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
    // Rows other processes add or finish wake this process's idle workers too, not only its own commits.
    const unsubscribe = this.deps.store.frontier.onChange(() => this.wakeup.notify());
    try {
      const workers = Array.from({ length: this.options.concurrency }, () => this.worker());
      await Promise.all(workers);
    } finally {
      unsubscribe();
    }
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
      checkResponse(page, profile, entry.kind, this.deps.clock.now());
      session.markGood();
      return entry.kind === 'search'
        ? await this.handleSearch(entry, page, site)
        : await this.handleItem(entry, page, site);
    } catch (err) {
      let e = classify(err);
      // A rendered page that does not fit the profile is a parse error only if its data all arrived.
      if (e.errorClass === 'parse' && page?.dataProblem) {
        const why = await page.dataProblem().catch(() => null);
        if (why) e = classify(why);
      }
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
    const evidence = wantEvidence
      ? await captureEvidence(
          {
            store,
            politeness: this.deps.politeness,
            signal: this.deps.signal,
            runPk: this.runPk,
            crawler: this.options.crawler,
          },
          entry,
          page,
          listing,
          hits ?? [],
        )
      : [];
    const leaseNext = this.nextLease();
    const result = await store.frontier.commitItem({
      frontierId: entry.id,
      owner: this.options.owner,
      listing,
      contentHash: hash,
      match: (l) => (hits ??= this.deps.match(l)),
      decideFindings: this.deps.decideFindings,
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
      newFindings: result.newFindingIds.length,
    });
    return result.next;
  }

  private fail(entry: FrontierEntry, e: CrawlError, status: number | null): Promise<void> {
    const o = this.options;
    return handleFailure(
      {
        store: this.deps.store,
        clock: this.deps.clock,
        emit: this.deps.emit,
        runPk: this.runPk,
        owner: o.owner,
        maxRetries: o.maxRetries,
        maxSessionRotations: o.maxSessionRotations,
        backoff: o.backoff,
        blockCooldownMs: o.blockCooldownMs,
      },
      entry,
      e,
      status,
    );
  }
}
