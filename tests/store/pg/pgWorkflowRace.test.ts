import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Right } from '../../../src/model/index.js';
import {
  RevisionConflictError,
  type LeadOpening,
  type RightWrite,
  type Store,
} from '../../../src/store/index.js';
import { openPgStore } from '../../../src/store/pg/pgStore.js';
import { AUDIT_CHAIN_LOCK as AUDIT_APPEND_LOCK } from '../../../src/store/pg/pgAudit.js';
import { pgAdminUrl } from '../../helpers/pgStore.js';
import { useTempDir } from '../../helpers/tempDir.js';
import { staff, workflowStore } from '../../workflow/workflowFixture.js';

/*
 * Two workers (two stores, two pools) on one PostgreSQL database writing the same lead or right at the same
 * moment. A third connection holds the lock both writes need until both are seen waiting for it in
 * pg_stat_activity, so the two really overlap; then it lets go, and exactly one may win.
 */

const tempDir = useTempDir();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  closers.push(() => c.end());
  return c;
}

async function secondStore(url: string, dir: string): Promise<Store> {
  const store = await openPgStore(url, dir, { poolSize: 2 });
  closers.push(() => store.close());
  return store;
}

/** Resolves once `n` other sessions of the database wait for a lock (polls the server; fails after 20 s). */
async function lockWaiters(watch: pg.Client, n: number): Promise<void> {
  for (let tries = 0; tries < 2000; tries++) {
    const { rows } = await watch.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
    );
    if ((rows[0]?.n ?? 0) >= n) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never saw ${n} sessions waiting for a lock`);
}

const opening = (score: number): LeadOpening => ({
  state: 'reviewing',
  riskScore: score,
  riskTier: 'medium',
  risk: { score },
  regionCode: null,
  reason: 'race',
});

const right = (id: string, alias: string): Right => ({
  id,
  kind: 'special',
  name: id,
  aliases: [alias],
  announcementNo: 'A000099',
  validFrom: '2020-01-01',
  validTo: '2030-01-01',
  authorizedSellers: [],
});

const write = (id: string, baseRevision: number, alias: string): RightWrite => ({
  rightId: id,
  baseRevision,
  kind: 'special',
  ownerAccountId: 'acme',
  action: baseRevision === 0 ? 'submit' : 'edit',
  status: 'pending',
  data: right(id, alias),
  actor: { role: 'holder', accountId: 'acme' },
  at: '2026-01-01T00:00:00.000Z',
  reason: null,
  inForce: 'keep',
  pending: 'this',
  dupKey: null,
});

/** One fulfilled and one rejected outcome: the winner's index and the loser's error. */
function oneWins(results: PromiseSettledResult<unknown>[]): { winner: number; error: unknown } {
  const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  expect(winners).toHaveLength(1);
  expect(errors).toHaveLength(1);
  return { winner: winners[0] as number, error: errors[0] };
}

describe.skipIf(!pgAdminUrl())('PostgreSQL: two workers writing the workflow at once', () => {
  it('confirming findings of one seller and right at the same time opens ONE lead, which the other joins', async () => {
    const dir = tempDir();
    const { store: a, listed, url } = await workflowStore(dir, 'postgres');
    const b = await secondStore(url as string, dir);
    const [f1, f2] = [await listed('s1'), await listed('s1')];
    const blocker = await client(url as string);
    await blocker.query('SELECT pg_advisory_lock($1)', [AUDIT_APPEND_LOCK]);
    const both = Promise.allSettled([
      a.findings.confirm(f1, staff('worker-a'), opening(0.5)),
      b.findings.confirm(f2, staff('worker-b'), opening(0.6)),
    ]);
    await lockWaiters(blocker, 2);
    await blocker.query('SELECT pg_advisory_unlock($1)', [AUDIT_APPEND_LOCK]);
    const results = await both;
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const [ra, rb] = results.map(
      (r) => (r as PromiseFulfilledResult<Awaited<ReturnType<Store['findings']['confirm']>>>).value,
    );
    expect([ra?.opened, rb?.opened].sort()).toEqual([false, true]);
    expect(ra?.lead.id).toBe(rb?.lead.id);
    expect(await a.leads.count()).toBe(1);
    expect(await a.leads.get(ra?.lead.id as number)).toMatchObject({ findingCount: 2 });
    expect((await a.leads.transitions(ra?.lead.id as number)).map((t) => t.to)).toEqual(['reviewing']);
    expect((await a.audit.verify()).ok).toBe(true);
  });

  it('two moves of one lead from the same state: one wins, the other is refused and changes nothing', async () => {
    const dir = tempDir();
    const { store: a, listed, url } = await workflowStore(dir, 'postgres');
    const b = await secondStore(url as string, dir);
    const { lead } = await a.findings.confirm(await listed('s1'), staff(), opening(0.5));
    const blocker = await client(url as string);
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM leads WHERE pk = $1 FOR UPDATE', [lead.id]);
    const both = Promise.allSettled([
      a.leads.move(lead.id, { from: 'reviewing', to: 'confirmed', reason: 'a' }, staff('worker-a')),
      b.leads.move(lead.id, { from: 'reviewing', to: 'closed', reason: 'b' }, staff('worker-b')),
    ]);
    // The first waits for the row, the second for the audit chain the first holds.
    await lockWaiters(blocker, 2);
    await blocker.query('COMMIT');
    const { winner, error } = oneWins(await both);
    expect(error).toMatchObject({ code: 'store.lead_moved' });
    const state = winner === 0 ? 'confirmed' : 'closed';
    expect(await a.leads.get(lead.id)).toMatchObject({ state });
    expect((await a.leads.transitions(lead.id)).map((t) => t.to)).toEqual(['reviewing', state]);
  });

  it('two revisions of one right based on the same revision: one wins, the other gets the conflict', async () => {
    const dir = tempDir();
    const { store: a, url } = await workflowStore(dir, 'postgres');
    const b = await secondStore(url as string, dir);
    await a.rights.apply([write('r', 0, 'first')]);
    const blocker = await client(url as string);
    await blocker.query('BEGIN');
    await blocker.query("SELECT 1 FROM rights WHERE right_id = 'r' FOR UPDATE");
    const both = Promise.allSettled([
      a.rights.apply([write('r', 1, 'A')]),
      b.rights.apply([write('r', 1, 'B')]),
    ]);
    await lockWaiters(blocker, 2);
    await blocker.query('COMMIT');
    const { winner, error } = oneWins(await both);
    expect(error).toBeInstanceOf(RevisionConflictError);
    expect(error).toMatchObject({ rightId: 'r', expected: 1, actual: 2 });
    const history = await a.rights.history('r');
    expect(history.map((h) => [h.revision, 'aliases' in h.data ? h.data.aliases : null])).toEqual([
      [1, ['first']],
      [2, [winner === 0 ? 'A' : 'B']],
    ]);
  });

  it('two first writes of one new right: one creates it, the other gets the conflict, not a duplicate error', async () => {
    const dir = tempDir();
    const { store: a, url } = await workflowStore(dir, 'postgres');
    const b = await secondStore(url as string, dir);
    const blocker = await client(url as string);
    // An uncommitted row with the right's id: both inserts wait for it, and it goes away.
    await blocker.query('BEGIN');
    await blocker.query(
      `INSERT INTO rights (right_id, kind, owner_account, status, revision, created_at, updated_at)
       VALUES ('n', 'special', 'x', 'pending', 1, 'now', 'now')`,
    );
    const both = Promise.allSettled([
      a.rights.apply([write('n', 0, 'A')]),
      b.rights.apply([write('n', 0, 'B')]),
    ]);
    await lockWaiters(blocker, 2);
    await blocker.query('ROLLBACK');
    const { error } = oneWins(await both);
    expect(error).toBeInstanceOf(RevisionConflictError);
    expect(error).toMatchObject({ rightId: 'n', expected: 0, actual: 1 });
    expect((await a.rights.history('n')).map((h) => h.revision)).toEqual([1]);
  });

  it('a finding stored while a confirmation opens the seller’s lead joins that lead', async () => {
    const dir = tempDir();
    const { store, listed, url } = await workflowStore(dir, 'postgres');
    const blocker = await client(url as string);
    // The confirmation stops at its last update of the lead (after it linked the seller's findings) until the
    // blocker lets go: the moment a finding stored by the crawl would see no lead and not be linked either.
    await blocker.query(`CREATE FUNCTION pause_lead_update() RETURNS trigger LANGUAGE plpgsql AS $$
                         BEGIN PERFORM pg_advisory_xact_lock_shared(4242); RETURN NEW; END $$`);
    await blocker.query(
      'CREATE TRIGGER pause BEFORE UPDATE ON leads FOR EACH ROW EXECUTE FUNCTION pause_lead_update()',
    );
    await blocker.query('SELECT pg_advisory_lock(4242)');
    const confirmed = store.findings.confirm(await listed('s1'), staff(), opening(0.5));
    await lockWaiters(blocker, 1);
    // The crawl stores another finding of the seller: it waits for the lead's key until the lead is committed.
    const stored = listed('s1');
    await lockWaiters(blocker, 2);
    await blocker.query('SELECT pg_advisory_unlock(4242)');
    const { lead } = await confirmed;
    expect(await store.findings.get(await stored)).toMatchObject({ leadId: lead.id, review: 'new' });
  });
});
