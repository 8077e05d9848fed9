import { release, type as osType } from 'node:os';
import type { Hit, Listing } from '../model/index.js';

/*
 * The manifest of one evidence capture (domain.md §9.3): who and what was captured, when, with which tools,
 * every artefact with its SHA-256, and the hits that called for it. The manifest's own SHA-256 is the hash
 * of its bytes: its content-addressed file name and its evidence row (a file cannot contain its own hash).
 * Pure: the caller stores it.
 */

export interface ManifestArtefact {
  kind: string;
  sha256: string;
  path: string;
  bytes: number;
  contentType: string;
}

export interface ManifestInput {
  captureId: string;
  runPk: number;
  listing: Listing;
  url: string;
  visitedUrl: string;
  finalUrl: string;
  status: number;
  capturedAtUtc: string;
  capturedAtShanghai: string;
  renderMode: 'http' | 'browser';
  crawler: { name: string; version: string; userAgent: string };
  artefacts: ManifestArtefact[];
  hits: Hit[];
  screenshotError: string | null;
}

/** Why the manifest carries no trusted timestamp: said plainly rather than faked. */
export const NO_TRUSTED_TIMESTAMP = {
  status: 'absent',
  reason:
    '未取得可信时间戳 (no trusted timestamp): no RFC 3161 / GB/T 20520 time-stamping authority is reachable ' +
    'from this offline deployment. Request a token over this manifest’s SHA-256 before the evidence is filed.',
} as const;

export function evidenceManifest(m: ManifestInput): Record<string, unknown> {
  return {
    manifestVersion: 1,
    captureId: m.captureId,
    identity: {
      platform: m.listing.platform,
      itemId: m.listing.id,
      listingUrl: m.url,
      visitedUrl: m.visitedUrl,
      finalUrl: m.finalUrl,
      httpStatus: m.status,
      shopName: m.listing.seller.name,
      shopId: m.listing.seller.id,
      sellerCreditCode: m.listing.seller.creditCode ?? null,
    },
    content: {
      title: m.listing.title,
      price: m.listing.price ?? null,
      sales: m.listing.sales ?? null,
    },
    time: {
      capturedAtUtc: m.capturedAtUtc,
      capturedAtShanghai: m.capturedAtShanghai,
      clock: 'system clock of the crawling host (not checked against an NTP source)',
      pagePublishedAt: null,
    },
    environment: {
      crawler: m.crawler,
      renderMode: m.renderMode,
      runtime: `node ${process.version}`,
      os: `${osType()} ${release()}`,
    },
    artefacts: m.artefacts.map((a) => ({
      kind: a.kind,
      sha256: a.sha256,
      bytes: a.bytes,
      contentType: a.contentType,
      path: a.path,
    })),
    screenshotError: m.screenshotError,
    hits: m.hits
      .filter((h) => h.flagged)
      .map((h) => ({
        rightId: h.rightId,
        kind: h.kind,
        reason: h.reason,
        score: h.score,
        rules: h.rules,
      })),
    integrity: {
      algorithm: 'SHA-256',
      artefactHash: 'of the artefact bytes before compression (.gz files are gunzipped first)',
      manifestHash: 'the SHA-256 of this file’s bytes = its file name and its evidence row (kind "manifest")',
      trustedTimestamp: NO_TRUSTED_TIMESTAMP,
    },
    run: m.runPk,
  };
}
