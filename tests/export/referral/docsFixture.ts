import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { openFindings } from '../../../src/leads/openFindings.js';
import { listingContentHash, type Hit, type Listing, type Right } from '../../../src/model/index.js';
import { openStore, type Store, type WorkflowActor } from '../../../src/store/index.js';
import type { WorkflowDeps } from '../../../src/workflow/deps.js';
import { documentChannel } from '../../../src/workflow/noticeChannels.js';
import { confirmFinding } from '../../../src/workflow/review.js';
import { sendNotices } from '../../../src/workflow/sendNotice.js';
import { checkTakedowns } from '../../../src/workflow/takedownCheck.js';

/*
 * A store for the document exports: a natural-person seller (李四, phone in a title) with two flagged
 * listings — one titled with a spreadsheet formula, one with a script tag — each with captured evidence
 * (one stored gzip-compressed, as the crawler does), a notice from a natural-person notifier (王五) and the
 * takedown that settles it.
 */

export const HOSTILE_FORMULA = '=HYPERLINK("http://x")';
export const HOSTILE_SCRIPT = '<script>alert(1)</script>';
export const SELLER = '李四';
export const SELLER_PHONE = '13812345678';
export const NOTIFIER = '王五';
export const NOTIFIER_PHONE = '13900001111';

export const NAIKE: Right = {
  id: 'tm-naike',
  kind: 'trademark',
  name: '耐克',
  aliases: [],
  registrationNo: '146658',
  niceClasses: [25, 28],
  owner: '耐克创新有限合伙公司',
  validFrom: '2021-03-01',
  validTo: '2031-02-28',
  wellKnown: true,
  authorizedSellers: [],
};

let tick = Date.parse('2026-12-01T00:00:00Z');
export function staff(): WorkflowActor {
  tick += 60_000;
  return { actor: 'staff-1', role: 'staff', osUser: 'tester', at: new Date(tick).toISOString() };
}

export interface EvidenceFile {
  listingId: string;
  kind: string;
  sha256: string;
  bytes: Buffer;
}

function storeEvidence(dataDir: string, bytes: Buffer, gz: boolean): { sha256: string; path: string } {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const path = join('evidence', sha256.slice(0, 2), sha256.slice(2, 4), gz ? `${sha256}.gz` : sha256);
  mkdirSync(join(dataDir, 'evidence', sha256.slice(0, 2), sha256.slice(2, 4)), { recursive: true });
  writeFileSync(join(dataDir, path), gz ? gzipSync(bytes) : bytes);
  return { sha256, path };
}

export async function docsFixture(dir: string) {
  const dataDir = join(dir, 'data');
  const store: Store = await openStore(dataDir);
  let clock = Date.parse('2026-12-01T00:00:00Z');
  const gone = new Set<string>();
  const deps: WorkflowDeps = {
    store,
    rightOf: async (id) => (id === NAIKE.id ? NAIKE : null),
    channelFor: () => documentChannel(join(dir, 'notices')),
    office: { name: '杭州市市场监督管理局', regionCode: '330100', contact: '赵警官 0571-00000000' },
    notifierFor: () => ({ name: NOTIFIER, contact: NOTIFIER_PHONE }),
    probe: async (url) => (gone.has(url) ? 'gone' : 'up'),
    now: () => new Date(clock),
    takedownDue: (_p, sentAt) => new Date(Date.parse(sentAt) + 7 * 86_400_000).toISOString(),
  };
  const titles = [
    `${HOSTILE_FORMULA} 耐克 运动鞋`,
    `${HOSTILE_SCRIPT} ${SELLER}同款 耐克 电话${SELLER_PHONE}`,
  ];
  const evidence: EvidenceFile[] = [];
  const findingIds: number[] = [];
  for (const [i, title] of titles.entries()) {
    const listing: Listing = {
      id: `L${i + 1}`,
      platform: 'shopa',
      url: `https://shop.example/item/L${i + 1}`,
      title,
      price: 300,
      sales: 100 + i * 100,
      seller: { id: 'lisi01', name: SELLER, regionCode: '350302' },
      capturedAt: '2026-11-01T00:00:00Z',
    };
    const hash = listingContentHash(listing);
    const { pk } = await store.listings.upsert(listing, hash);
    const hit: Hit = {
      listingId: listing.id,
      rightId: NAIKE.id,
      kind: 'trademark',
      reason: 'trademark.counterfeit',
      score: 0.9,
      flagged: true,
      tier: 'lead',
      rules: [],
    };
    const { newFindingIds } = await store.hits.record(pk, hash, [hit], openFindings);
    findingIds.push(newFindingIds[0] ?? 0);
    for (const [kind, gz] of [
      ['html', true],
      ['screenshot', false],
    ] as const) {
      const bytes = Buffer.from(`<html>${title} ${kind} ${i}</html>`);
      const stored = storeEvidence(dataDir, bytes, gz);
      await store.evidence.add(pk, {
        kind,
        url: listing.url,
        sha256: stored.sha256,
        path: stored.path,
        bytes: bytes.length,
        contentType: kind === 'html' ? 'text/html' : 'image/png',
        capturedAt: '2026-11-01T00:00:00Z',
      });
      evidence.push({ listingId: listing.id, kind, sha256: stored.sha256, bytes });
    }
  }
  let leadId = 0;
  for (const id of findingIds) {
    const { lead } = await confirmFinding(deps, id, staff(), async () => ({
      score: 1,
      tier: 'high',
      parts: [],
    }));
    leadId = lead.id;
  }
  await sendNotices(deps, leadId, staff());
  // Three days later both listings are gone: the notice and the lead are taken down (2026-12-04).
  clock += 3 * 86_400_000;
  for (const i of [1, 2]) gone.add(`https://shop.example/item/L${i}`);
  await checkTakedowns(deps, staff());
  return { store, deps, dataDir, leadId, evidence };
}
