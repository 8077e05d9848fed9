import { chinaTimestamp } from '../common/chinaTime.js';
import type { Hit, Listing } from '../model/index.js';
import type { FrontierEntry, NewEvidence, Store } from '../store/index.js';
import { classify } from './errors.js';
import { evidenceManifest } from './evidenceManifest.js';
import type { FetchedPage } from './fetchTypes.js';
import type { Politeness } from './politeness.js';

/** What a capture needs from the engine. */
export interface EvidenceContext {
  store: Store;
  politeness: Politeness;
  signal: AbortSignal;
  runPk: number;
  crawler: { name: string; version: string; userAgent: string };
}

/**
 * Artefacts of one capture (domain.md §9.3): the HTML as received (gzip), the browser's full-page
 * screenshot and rendered DOM, and a JSON record of URL, status, response headers, capture time (UTC and
 * Asia/Shanghai), crawler and the SHA-256 of every artefact. Each is stored content-addressed.
 */
export async function captureEvidence(
  ctx: EvidenceContext,
  entry: FrontierEntry,
  page: FetchedPage,
  listing: Listing,
  hits: Hit[],
): Promise<Omit<NewEvidence, 'platform' | 'listingId'>[]> {
  const out: Omit<NewEvidence, 'platform' | 'listingId'>[] = [];
  // Through the store's blob store: the data directory, or PostgreSQL where every machine's export finds it.
  const add = async (
    kind: NewEvidence['kind'],
    bytes: Uint8Array,
    contentType: string,
    compress: boolean,
  ) => {
    const a = await ctx.store.blobs.put(bytes, { compress });
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
  await add('html', page.body, page.headers['content-type'] ?? 'text/html', true);
  let screenshotError: string | null = null;
  if (page.captureEvidence) {
    try {
      if (await ctx.politeness.slot(entry.domain, ctx.signal)) {
        const shot = await page.captureEvidence();
        await add('screenshot', shot.png, 'image/png', false);
        await add('html', Buffer.from(shot.dom, 'utf8'), 'text/html; charset=utf-8; rendered=dom', true);
      }
    } catch (err) {
      // The listing and its lead are kept; the missing screenshot is recorded in the capture record.
      const e = classify(err);
      screenshotError = e.message;
      await ctx.store.frontier.recordFailure({
        runPk: ctx.runPk,
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
    capturedAtShanghai: chinaTimestamp(page.fetchedAt),
    crawler: ctx.crawler,
    renderMode: page.captureEvidence ? ('browser' as const) : ('http' as const),
    runPk: ctx.runPk,
    screenshotError,
    artefacts: out.map((e) => ({
      kind: e.kind,
      sha256: e.sha256,
      path: e.path,
      contentType: e.contentType,
    })),
  };
  await add('headers', Buffer.from(JSON.stringify(record, null, 2), 'utf8'), 'application/json', false);
  const manifest = evidenceManifest({
    captureId: `${ctx.runPk}-${entry.id}-${page.fetchedAt}`,
    runPk: ctx.runPk,
    listing,
    url: entry.url,
    visitedUrl: page.url,
    finalUrl: page.finalUrl,
    status: page.status,
    capturedAtUtc: page.fetchedAt,
    capturedAtShanghai: record.capturedAtShanghai,
    renderMode: record.renderMode,
    crawler: ctx.crawler,
    artefacts: out,
    hits,
    screenshotError,
  });
  await add('manifest', Buffer.from(JSON.stringify(manifest, null, 2), 'utf8'), 'application/json', false);
  return out;
}
