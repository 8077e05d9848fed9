import type { Listing } from '../model/index.js';
import { Catalog, listingId, parseListingId } from './catalog/catalog.js';
import { creditCodeFor } from './catalog/creditCode.js';
import { sellerLocation } from './catalog/sellers.js';
import { applyEdit, generationAt, lastEditEpoch, MAX_GENERATION } from './dynamics.js';
import type { FaultInjector } from './faults/faultInjector.js';
import type { FaultSettings } from './faults/faultSettings.js';
import type { NoticeBook } from './notices/noticeBook.js';
import type { PlatformId } from './platformIds.js';
import { itemView, type ResultPage, type ShopView } from './platforms/view.js';

/*
 * The marketplace's state as the pages see it at the current epoch: which generation of a listing is live
 * (relisting), its edits, notice takedowns, and result pages (with the duplicate fault). No HTTP here.
 */

export type Lookup =
  { state: 'live'; index: number; listing: Listing } | { state: 'offline'; index: number } | null;

export interface MarketSettings {
  seed: number;
  pageSize: number;
  faults: FaultSettings;
}

export class Market {
  /** Edits and takedown/relisting happen per epoch. */
  epoch = 0;

  constructor(
    readonly catalog: Catalog,
    readonly notices: NoticeBook,
    private readonly injector: FaultInjector,
    private readonly settings: MarketSettings,
  ) {}

  private generation(index: number): number {
    const { seed, faults } = this.settings;
    const base = generationAt(seed, index, this.epoch, faults.takedownRate);
    return Math.min(MAX_GENERATION, base + (this.relistedAfterNotice().get(index) ?? 0));
  }

  /** Per listing index: how often its seller relisted it after a notice took it down (in earlier epochs). */
  private relistedAfterNotice(): Map<number, number> {
    const relisted = new Map<number, number>();
    for (const { platform, listingId } of this.notices.relistedBefore(this.epoch)) {
      const parsed = parseListingId(platform, listingId);
      if (parsed) relisted.set(parsed.index, (relisted.get(parsed.index) ?? 0) + 1);
    }
    return relisted;
  }

  /** The listing at `index` as it stands now: its live generation, with this epoch's edits. */
  currentListing(index: number): Listing {
    const { seed, faults } = this.settings;
    const generated = this.catalog.listingAt(index, this.generation(index));
    const editEpoch =
      generated.kind === 'ordinary' ? lastEditEpoch(seed, index, this.epoch, faults.editRate) : 0;
    return applyEdit(generated.listing, seed, index, editEpoch);
  }

  /** A listing id of `platform`: live, offline (taken down or an older generation), or null (never existed). */
  lookup(platform: PlatformId, id: string): Lookup {
    const parsed = parseListingId(platform, id);
    if (!parsed || parsed.index >= this.catalog.size) return null;
    const current = this.generation(parsed.index);
    if (parsed.generation > current) return null;
    if (parsed.generation < current || this.notices.isTakenDown(platform, id)) {
      return { state: 'offline', index: parsed.index };
    }
    return { state: 'live', index: parsed.index, listing: this.currentListing(parsed.index) };
  }

  /** One page of results; `duplicated` when the duplicate fault repeated items of the previous page. */
  resultPage(
    platform: PlatformId,
    indices: ArrayLike<number>,
    pageNo: number,
    pageUrl: (page: number) => string,
    query: string,
  ): { page: ResultPage; duplicated: boolean } {
    let live: ArrayLike<number> = indices;
    if (this.notices.hasTakedowns()) {
      live = Array.from(indices).filter(
        (i) => !this.notices.isTakenDown(platform, listingId(i, this.generation(i))),
      );
    }
    const size = this.settings.pageSize;
    const total = live.length;
    const pageCount = Math.max(1, Math.ceil(total / size));
    const start = (pageNo - 1) * size;
    const slice: number[] = [];
    for (let k = start; k < Math.min(total, start + size); k++) slice.push(live[k] as number);
    let duplicated = false;
    if (pageNo > 1 && start < total && this.injector.duplicate()) {
      const from = Math.max(0, start - this.settings.faults.duplicateCount);
      const repeats: number[] = [];
      for (let k = from; k < start; k++) repeats.push(live[k] as number);
      slice.unshift(...repeats);
      duplicated = repeats.length > 0;
    }
    const items = slice.map((i) => itemView(this.currentListing(i), platform));
    return {
      duplicated,
      page: {
        query,
        page: pageNo,
        pageSize: size,
        total,
        pageCount,
        items,
        nextUrl: pageNo < pageCount ? pageUrl(pageNo + 1) : null,
        prevUrl: pageNo > 1 ? pageUrl(pageNo - 1) : null,
      },
    };
  }

  shopView(platform: PlatformId, sellerIndex: number): ShopView {
    const seller = this.catalog.seller(sellerIndex, platform);
    const { location } = sellerLocation(seller, platform);
    return {
      id: seller.id,
      name: seller.name,
      location,
      creditCode: creditCodeFor(this.settings.seed, sellerIndex, seller.regionCode),
      platform,
    };
  }
}
