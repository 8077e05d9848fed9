import type { Listing } from '../../model/index.js';
import type { PlatformId } from '../platformIds.js';

/** What a page shows of one listing (after edits); URLs are site-relative. */
export interface ItemView {
  id: string;
  platform: PlatformId;
  title: string;
  price: number;
  sales: number;
  category: string;
  description: string;
  image: string;
  url: string;
  seller: { id: string; name: string; location: string; shopUrl: string };
}

export interface ResultPage {
  query: string;
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
  items: ItemView[];
  /** Site-relative URL of the next page, or null on the last page. */
  nextUrl: string | null;
  prevUrl: string | null;
}

export interface ShopView {
  id: string;
  name: string;
  location: string;
  creditCode: string;
  platform: PlatformId;
}

export function itemView(listing: Listing, platform: PlatformId): ItemView {
  return {
    id: listing.id,
    platform,
    title: listing.title,
    price: listing.price ?? 0,
    sales: listing.sales ?? 0,
    category: listing.category ?? '',
    description: listing.description ?? '',
    image: `/${platform}/img/${encodeURIComponent(listing.id)}.svg`,
    url: `/${platform}/item/${encodeURIComponent(listing.id)}`,
    seller: {
      id: listing.seller.id,
      name: listing.seller.name,
      location: listing.seller.location ?? '',
      shopUrl: `/${platform}/shop/${encodeURIComponent(listing.seller.id)}`,
    },
  };
}

export function formatPrice(price: number): string {
  return price.toFixed(2);
}
