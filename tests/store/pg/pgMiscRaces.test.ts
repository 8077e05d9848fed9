import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AUDIT_GENESIS_HASH,
  verifyChain,
  type AuditEntryInput,
  type AuditRow,
} from '../../../src/common/auditChain.js';
import type { Alert } from '../../../src/store/alertRepository.js';
import type { Store } from '../../../src/store/index.js';
import { openPgStore } from '../../../src/store/pg/pgStore.js';
import { createPgDatabase, pgAdminUrl } from '../../helpers/pgStore.js';

/*
 * Two stores on one PostgreSQL database, as two machines would open it, racing where SQLite would have
 * serialised them: audit appends, delivery claims, the same alert raised twice, the same user name added twice.
 */

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Two stores ("machines") on one new database, each with its own pool. */
async function twoMachines(): Promise<[Store, Store]> {
  const db = await createPgDatabase();
  cleanups.push(db.drop);
  const open = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'markwatch-race-'));
    const store = await openPgStore(db.url, dir, { poolSize: 6 });
    cleanups.push(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return store;
  };
  return [await open(), await open()];
}

const T0 = new Date('2026-12-04T02:00:00.000Z');

const entry = (machine: string, n: number): AuditEntryInput => ({
  at: new Date(T0.getTime() + n).toISOString(),
  actor: `worker-${machine}`,
  role: 'system',
  osUser: 'markwatch',
  action: 'race.append',
  subjectType: 'race',
  subjectId: `${machine}-${n}`,
  detail: { machine, n },
});

const alert = (key: string): Alert => ({
  kind: 'overdue',
  dedupKey: key,
  subject: `【markwatch】${key}`,
  text: key,
  html: `<p>${key}</p>`,
  data: { key },
  createdAt: T0.toISOString(),
});

async function rowsOf(store: Store): Promise<AuditRow[]> {
  const rows: AuditRow[] = [];
  for await (const r of store.audit.all()) rows.push(r);
  return rows;
}

describe.skipIf(!pgAdminUrl())('PostgreSQL: two machines on one database', () => {
  it('50 concurrent audit appends from both form one chain, seq 1..50, that verifies', async () => {
    const [a, b] = await twoMachines();
    const appended = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0 ? a.audit.append(entry('a', i)) : b.audit.append(entry('b', i)),
      ),
    );
    expect(appended.map((e) => e.seq).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );

    const rows = await rowsOf(a);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    rows.forEach((r, i) => expect(r.prevHash).toBe(i === 0 ? AUDIT_GENESIS_HASH : rows[i - 1]!.hash));
    // Every entry either machine was told it wrote is in the chain as it was told.
    const byHash = new Map(rows.map((r) => [r.hash, r]));
    for (const e of appended) expect(byHash.get(e.hash)).toEqual(e);
    // `markwatch audit verify` calls the store's verify(); the chain check alone agrees.
    expect(await b.audit.verify()).toMatchObject({ ok: true, rows: 50, problems: [] });
    expect(verifyChain(rows)).toMatchObject({ ok: true, rows: 50 });
  });

  it('two senders claiming due deliveries at once never claim the same one, and together claim all', async () => {
    const [a, b] = await twoMachines();
    for (let i = 0; i < 60; i++) await a.alerts.enqueue(alert(`k${i}`), ['hook'], T0);
    const leaseUntil = new Date(T0.getTime() + 3_600_000);
    /** One sender loop: claims 3 at a time until nothing is due. */
    const sender = async (store: Store): Promise<number[]> => {
      const ids: number[] = [];
      for (;;) {
        const due = await store.alerts.claimDue(T0, leaseUntil, 3);
        if (due.length === 0) return ids;
        ids.push(...due.map((d) => d.id));
      }
    };
    // Four loops per machine, all at once.
    const claimed = (await Promise.all([a, a, a, a, b, b, b, b].map(sender))).flat();
    expect(claimed).toHaveLength(60);
    expect(new Set(claimed).size).toBe(60);
    expect(await a.alerts.claimDue(T0, leaseUntil)).toEqual([]);
  });

  it('the same alert raised on both at once is stored and delivered once', async () => {
    const [a, b] = await twoMachines();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 === 0 ? a : b).alerts.enqueue(alert('same'), ['hook', 'mail'], T0),
      ),
    );
    expect(results.filter((r) => r.isNew)).toHaveLength(1);
    expect(new Set(results.map((r) => r.alertId)).size).toBe(1);
    expect(results.flatMap((r) => r.newDeliveries).sort()).toEqual(['hook', 'mail']);
    const [stored] = await b.alerts.list();
    expect(stored!.deliveries).toHaveLength(2);
  });

  it('the same user name added on both at once (in any case) is added once, and audited once', async () => {
    const [a, b] = await twoMachines();
    const who = { actor: 'admin', role: 'admin', osUser: 'web', at: T0.toISOString() };
    const add = (store: Store, username: string) =>
      store.accounts.createUser(
        {
          username,
          displayName: '赵',
          role: 'officer',
          holderId: null,
          passwordHash: 'h',
          mustChangePassword: true,
        },
        who,
      );
    const outcomes = await Promise.allSettled([
      add(a, 'zhao'),
      add(b, 'ZHAO'),
      add(a, 'Zhao'),
      add(b, 'zhao'),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) {
      if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'account.duplicate' });
    }
    expect(await a.accounts.listUsers()).toHaveLength(1);
    expect((await b.audit.list()).map((e) => e.action)).toEqual(['user.add']);
  });

  it('alert settings saved on both at once each record the one they replaced: the audit "before"s form a chain', async () => {
    const [a, b] = await twoMachines();
    const who = (n: number) => ({ actor: `admin-${n}`, role: 'admin', osUser: 'web', at: T0.toISOString() });
    await Promise.all(
      Array.from({ length: 12 }, (_, n) => (n % 2 === 0 ? a : b).alertSettings.save({ n }, who(n))),
    );
    const entries = await a.audit.list({ subjectType: 'alert_settings' });
    expect(entries).toHaveLength(12);
    // In commit order each save replaced the one before it: none was lost, none recorded twice as "before".
    entries.forEach((e, i) =>
      expect(e.detail['before']).toEqual(i === 0 ? null : entries[i - 1]!.detail['after']),
    );
    expect((await b.alertSettings.current())?.overrides).toEqual(entries[11]!.detail['after']);
  });

  it('a user disabled on both at once is disabled and audited once', async () => {
    const [a, b] = await twoMachines();
    const who = { actor: 'admin', role: 'admin', osUser: 'web', at: T0.toISOString() };
    const user = await a.accounts.createUser(
      {
        username: 'qian',
        displayName: '钱',
        role: 'officer',
        holderId: null,
        passwordHash: 'h',
        mustChangePassword: false,
      },
      who,
    );
    await Promise.all([a, b, a, b].map((s) => s.accounts.setDisabled(user.id, true, who)));
    expect((await b.audit.list()).map((e) => e.action)).toEqual(['user.add', 'user.disable']);
    expect((await a.accounts.getUser(user.id))?.disabledAt).toBe(T0.toISOString());
  });
});
