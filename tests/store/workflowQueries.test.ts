import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import type { LeadOpening, Store } from '../../src/store/index.js';
import { describeStores, type StoreKind } from '../helpers/pgStore.js';
import { useTempDir } from '../helpers/tempDir.js';
import { staff, workflowStore } from '../workflow/workflowFixture.js';

/*
 * The workflow repositories' queries on both stores: finding filters and orders, lead lists, notice outcomes,
 * relistings after a takedown, rights notifications and duplicate keys. Rows the crawl writes (a relisting)
 * are inserted with SQL, the same statement on either store.
 */

const tempDir = useTempDir();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Runs one statement written with `?` placeholders on the store's own database. */
async function exec(kind: StoreKind, store: Store, url: string | null, sql: string, values: unknown[]) {
  if (kind === 'sqlite') {
    const db = openDatabase(store.file);
    db.prepare(sql).run(...values);
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: url as string });
  await client.connect();
  closers.push(() => client.end());
  let n = 0;
  await client.query(
    sql.replace(/\?/g, () => `$${++n}`),
    values,
  );
}

const opening = (score: number): LeadOpening => ({
  state: 'confirmed',
  riskScore: score,
  riskTier: 'high',
  risk: { score },
  regionCode: '330106',
  reason: 'test',
});

describeStores('workflow queries', (_open, kind) => {
  it('filters, orders and counts findings', async () => {
    const { store, listed } = await workflowStore(tempDir(), kind);
    const a = await listed('s1', { rightId: 'tm-naike' });
    const b = await listed('s2', { rightId: 'tm-anta' });
    const c = await listed('s1', { rightId: 'tm-anta' });
    expect(await store.findings.count()).toBe(3);
    expect((await store.findings.list({ rightIds: ['tm-anta'] })).map((f) => f.id)).toEqual([b, c]);
    expect(await store.findings.list({ rightIds: [] })).toEqual([]);
    expect(await store.findings.count({ sellerId: 's1', rightId: 'tm-anta' })).toBe(1);
    // The fixture's sellers are in region 330106 (杭州西湖区).
    expect(await store.findings.count({ region: '3301' })).toBe(3);
    expect(await store.findings.count({ region: '11' })).toBe(0);
    expect((await store.findings.list({ sort: 'newest', limit: 2 })).map((f) => f.id)).toEqual([c, b]);
    expect((await store.findings.list({ limit: 1, offset: 1 })).map((f) => f.id)).toEqual([b]);
    expect(await store.findings.count({ minScore: 0.95 })).toBe(0);
    const { lead } = await store.findings.confirm(a, staff(), opening(0.7));
    expect((await store.findings.list({ leadId: lead.id })).map((f) => f.id)).toEqual([a]);
    expect(await store.findings.count({ review: 'confirmed' })).toBe(1);
    await expect(store.findings.confirm(a, staff(), opening(0.7))).rejects.toMatchObject({
      code: 'finding.already_confirmed',
    });
    await expect(store.findings.confirm(999, staff(), opening(0.7))).rejects.toMatchObject({
      code: 'finding.not_found',
    });
  });

  it('lists and counts leads, sets their risk, and refuses a move from a state they left', async () => {
    const { store, listed } = await workflowStore(tempDir(), kind);
    const one = await store.findings.confirm(await listed('s1'), staff(), opening(0.4));
    const two = await store.findings.confirm(await listed('s2'), staff(), opening(0.9));
    expect((await store.leads.list()).map((l) => l.id)).toEqual([two.lead.id, one.lead.id]);
    await store.leads.setRisk(one.lead.id, { score: 0.95, tier: 'high', parts: ['x'] });
    expect((await store.leads.list({ limit: 1 }))[0]).toMatchObject({ id: one.lead.id, risk: ['x'] });
    expect(await store.leads.count({ state: 'confirmed' })).toBe(2);
    expect((await store.leads.list({ sellerId: 's2' })).map((l) => l.id)).toEqual([two.lead.id]);
    await store.leads.move(one.lead.id, { from: 'confirmed', to: 'closed', reason: '结案' }, staff());
    await expect(
      store.leads.move(one.lead.id, { from: 'confirmed', to: 'closed', reason: 'again' }, staff()),
    ).rejects.toMatchObject({ code: 'store.lead_moved' });
    await expect(
      store.leads.move(999, { from: 'confirmed', to: 'closed', reason: 'x' }, staff()),
    ).rejects.toMatchObject({ code: 'lead.not_found' });
    expect(await store.leads.count({ state: 'closed' })).toBe(1);
  });

  it('settles notice items, lists open and handled notices, and finds a relisting after the takedown', async () => {
    const { store, listed, url } = await workflowStore(tempDir(), kind);
    const f1 = await listed('s1');
    const f2 = await listed('s1');
    const { lead } = await store.findings.confirm(f1, staff(), opening(0.8));
    await store.findings.confirm(f2, staff(), opening(0.8));
    const [g1, g2] = [(await store.findings.get(f1))!, (await store.findings.get(f2))!];
    const notice = await store.notices.record(
      {
        leadId: lead.id,
        platform: 'shopa',
        rightId: 'tm-naike',
        channel: 'api',
        body: { n: 1 },
        documentPath: null,
        items: [g1, g2].map((g) => ({
          findingId: g.id,
          listingPk: g.listingPk,
          url: g.url,
          externalId: `X${g.id}`,
          status: 'sent' as const,
          rejectReason: null,
        })),
      },
      { from: 'confirmed', to: 'notice_sent', reason: '发出通知' },
      staff(),
    );
    expect(notice.items.map((i) => [i.findingId, i.listingId, i.externalId])).toEqual([
      [f1, g1.listingId, `X${f1}`],
      [f2, g2.listingId, `X${f2}`],
    ]);
    expect((await store.leads.get(lead.id))?.state).toBe('notice_sent');
    expect((await store.notices.open()).map((n) => n.id)).toEqual([notice.id]);
    expect(await store.notices.handled()).toEqual([]);
    const down = '2026-12-02T00:00:00.000Z';
    await store.notices.updateItem(notice.id, f1, {
      status: 'taken_down',
      checkedAt: down,
      takenDownAt: down,
    });
    await store.notices.updateItem(notice.id, f2, {
      status: 'rejected',
      checkedAt: down,
      rejectReason: '证据不足',
    });
    await expect(
      store.notices.updateItem(notice.id, 999, { status: 'sent', checkedAt: down }),
    ).rejects.toMatchObject({ code: 'notice.item_not_found' });
    await store.notices.setStatus(notice.id, 'partial', { submittedHow: '网页' }, staff());
    await expect(store.notices.setStatus(999, 'partial')).rejects.toMatchObject({ code: 'notice.not_found' });
    expect(await store.notices.open()).toEqual([]);
    const [handled] = await store.notices.handled();
    expect(handled).toMatchObject({ id: notice.id, status: 'partial', submittedHow: '网页', body: { n: 1 } });
    expect(handled?.items.map((i) => [i.status, i.takenDownAt, i.rejectReason])).toEqual([
      ['taken_down', down, null],
      ['rejected', null, '证据不足'],
    ]);
    expect((await store.notices.forLead(lead.id)).map((n) => n.id)).toEqual([notice.id]);

    // The crawler links a new listing of the seller to the one taken down (a run row is needed for the link).
    const relisted = await listed('s1');
    const newPk = (await store.findings.get(relisted))!.listingPk;
    await exec(
      kind,
      store,
      url,
      "INSERT INTO runs (pk, kind, started_at, status) VALUES (?, 'crawl', ?, 'ok')",
      [50, down],
    );
    const at = (h: number) => `2026-12-0${h}T00:00:00.000Z`;
    await exec(
      kind,
      store,
      url,
      'INSERT INTO crawl_relistings (listing_pk, previous_pk, run_pk, detected_at) VALUES (?, ?, 50, ?)',
      [newPk, g1.listingPk, at(3)],
    );
    const [found, ...more] = await store.leads.relistingsAfterTakedown();
    expect(more).toEqual([]);
    expect(found).toMatchObject({
      leadId: lead.id,
      noticeId: notice.id,
      previousListingId: g1.listingId,
      listingPk: newPk,
      detectedAt: at(3),
    });
    await store.leads.recordRelisting(
      found!,
      { from: 'notice_sent', to: 'reviewing', reason: '重新上架' },
      staff(),
    );
    expect(await store.leads.relistingsAfterTakedown()).toEqual([]);
    expect(await store.leads.relistingsOf(lead.id)).toEqual([found]);
    expect((await store.leads.get(lead.id))?.state).toBe('reviewing');
    expect((await store.audit.verify()).ok).toBe(true);
  });

  it('revokes a whitelist entry once', async () => {
    const { store, listed } = await workflowStore(tempDir(), kind);
    await store.findings.dismiss(await listed('dealer'), staff(), {
      reason: 'authorized_seller',
      note: '授权',
      whitelist: true,
    });
    const [entry] = await store.findings.whitelist();
    await store.findings.revokeWhitelist(entry!.id, staff());
    await expect(store.findings.revokeWhitelist(entry!.id, staff())).rejects.toMatchObject({
      code: 'whitelist.not_found',
    });
  });
});
