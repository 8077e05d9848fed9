import { createHash } from 'node:crypto';
import { chinaTimestamp } from '../../common/chinaTime.js';
import { storeArtefact, type StoredArtefact } from '../../crawl/evidenceFiles.js';
import { openFindings } from '../../leads/openFindings.js';
import {
  listingContentHash,
  type EvidenceKind,
  type Hit,
  type Listing,
  type TrademarkRight,
} from '../../model/index.js';
import type { Store, WorkflowActor } from '../../store/index.js';

/*
 * Leads with evidence, for the export bench and the package tests: one trademark right, and per lead a
 * listing, its lead-tier hit with rule spans, a capture (HTML, screenshot, capture record and manifest stored
 * content-addressed as the crawler does) and a confirmed finding that opens the lead. Deterministic: the same
 * options give the same store content.
 */

export const SEED_RIGHT: TrademarkRight = {
  id: 'tm-naike',
  kind: 'trademark',
  name: '耐克',
  aliases: ['NIKE'],
  registrationNo: '1234567',
  niceClasses: [25, 28],
  goods: ['运动鞋', '服装'],
  owner: '耐克创新有限合伙公司',
  validFrom: '2016-01-01',
  validTo: '2036-01-01',
  wellKnown: false,
  authorizedSellers: [],
};

export interface SeedOptions {
  leads: number;
  /** Bytes of each (pseudo-random, incompressible) screenshot. */
  screenshotBytes?: number;
  title?: (i: number) => string;
  sellerName?: (i: number) => string;
  /** First listing number (to add more leads to a seeded store). */
  start?: number;
}

const BASE = Date.parse('2026-11-01T00:00:00.000Z');

function at(minutes: number): string {
  return new Date(BASE + minutes * 60_000).toISOString();
}

function noise(seed: string, bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  let block = createHash('sha256').update(seed).digest();
  for (let i = 0; i < bytes; i += 32) {
    block.copy(out, i, 0, Math.min(32, bytes - i));
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

/** Registers SEED_RIGHT (approved) once. */
export async function seedRight(store: Store): Promise<void> {
  if (await store.rights.get(SEED_RIGHT.id)) return;
  await store.rights.apply([
    {
      rightId: SEED_RIGHT.id,
      baseRevision: 0,
      kind: 'trademark',
      ownerAccountId: 'holder-nike',
      action: 'import',
      status: 'active',
      data: SEED_RIGHT,
      actor: { role: 'staff', accountId: 'staff-1' },
      at: '2026-01-01T00:00:00.000Z',
      reason: null,
      inForce: 'this',
      pending: 'clear',
      expiresOn: '2036-01-01',
      dupKey: `trademark:${SEED_RIGHT.registrationNo}`,
    },
  ]);
}

/** Seeds `leads` leads; returns their ids in order. */
export async function seedExportLeads(store: Store, options: SeedOptions): Promise<number[]> {
  await seedRight(store);
  const ids: number[] = [];
  const start = options.start ?? 1;
  for (let i = start; i < start + options.leads; i++) {
    const title = options.title?.(i) ?? `耐克 运动鞋 高仿 第${i}款`;
    const listing: Listing = {
      id: `L${i}`,
      platform: 'shopa',
      url: `https://shop.example/item/L${i}`,
      title,
      price: 99,
      sales: 10 + i,
      seller: { id: `s${i}`, name: options.sellerName?.(i) ?? `卖家${i} 店`, regionCode: '330106' },
      capturedAt: at(i),
    };
    const hash = listingContentHash(listing);
    const { pk } = await store.listings.upsert(listing, hash);
    const spanEnd = Math.min(2, title.length);
    const hit: Hit = {
      listingId: listing.id,
      rightId: SEED_RIGHT.id,
      kind: 'trademark',
      reason: 'trademark.counterfeit',
      score: 0.9,
      flagged: true,
      tier: 'lead',
      rules: [
        {
          rule: 'name.exact',
          field: 'title',
          span: [0, spanEnd],
          text: title.slice(0, spanEnd),
          weight: 0.7,
        },
        { rule: 'counterfeit.word', field: 'title', weight: 0.2 },
      ],
    };
    const { newFindingIds } = await store.hits.record(pk, hash, [hit], openFindings);
    await addCapture(store, pk, listing, options.screenshotBytes ?? 32_768);
    const who: WorkflowActor = { actor: 'staff-1', role: 'staff', osUser: 'bench', at: at(i + 1) };
    const findingId = newFindingIds[0];
    if (findingId === undefined) throw new Error(`seed: listing ${listing.id} opened no finding`);
    const { lead } = await store.findings.confirm(findingId, who, {
      state: 'confirmed',
      riskScore: 0.8,
      riskTier: 'high',
      risk: null,
      regionCode: '330106',
      reason: 'seed',
    });
    ids.push(lead.id);
  }
  return ids;
}

async function addCapture(
  store: Store,
  pk: number,
  listing: Listing,
  screenshotBytes: number,
): Promise<void> {
  const capturedAt = listing.capturedAt;
  const html = Buffer.from(
    `<html><body><h1>${listing.title}</h1>${'<p>商品详情</p>'.repeat(200)}</body></html>`,
  );
  const png = noise(listing.id, screenshotBytes);
  const artefacts: Array<{ kind: EvidenceKind; a: StoredArtefact; contentType: string }> = [
    { kind: 'html', a: storeArtefact(store.dataDir, html, true), contentType: 'text/html; charset=utf-8' },
    { kind: 'screenshot', a: storeArtefact(store.dataDir, png, false), contentType: 'image/png' },
  ];
  const record = Buffer.from(
    JSON.stringify({
      listingId: listing.id,
      capturedAtUtc: capturedAt,
      capturedAtShanghai: chinaTimestamp(capturedAt),
    }),
  );
  artefacts.push({
    kind: 'headers',
    a: storeArtefact(store.dataDir, record, false),
    contentType: 'application/json',
  });
  const manifest = Buffer.from(
    JSON.stringify({
      manifestVersion: 1,
      captureId: `cap-${listing.id}`,
      artefacts: artefacts.map((x) => ({
        kind: x.kind,
        sha256: x.a.sha256,
        bytes: x.a.bytes,
        path: x.a.path,
      })),
    }),
  );
  const all = [
    ...artefacts,
    {
      kind: 'manifest' as EvidenceKind,
      a: storeArtefact(store.dataDir, manifest, false),
      contentType: 'application/json',
    },
  ];
  for (const x of all) {
    await store.evidence.add(pk, {
      kind: x.kind,
      url: listing.url,
      sha256: x.a.sha256,
      path: x.a.path,
      bytes: x.a.bytes,
      contentType: x.contentType,
      capturedAt,
    });
  }
}
