import { createHash } from 'node:crypto';
import type { Listing } from './listing.js';

/**
 * Hash of what a listing says, not when it was seen: the same content captured twice hashes the same, so an
 * unchanged listing is not matched again, and every edit becomes a new version.
 */
export function listingContentHash(listing: Listing): string {
  const { capturedAt: _capturedAt, ...content } = listing;
  return createHash('sha256').update(stableJson(content)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
