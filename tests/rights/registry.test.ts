import { describe, expect, it } from 'vitest';
import type { Actor, Right } from '../../src/model/index.js';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { pastTerm, pastTermNote, RegistryError, RightsRegistry } from '../../src/rights/registry.js';
import { SqliteRightsRepository } from '../../src/store/sqliteRights.js';
import { DATABASE_FILE, openStore, type Store } from '../../src/store/index.js';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir();

const STAFF: Actor = { role: 'staff', accountId: 'officer-1' };
const ACME: Actor = { role: 'holder', accountId: 'acme' };

function trademark(overrides: Partial<Record<string, unknown>> = {}): Record<string, unknown> {
  return {
    id: 'tm-acme',
    kind: 'trademark',
    name: '艾克美',
    aliases: ['ACME'],
    registrationNo: '12345678',
    niceClasses: [25],
    owner: '艾克美有限公司',
    ownerCreditCode: '9144030071526726XG',
    validFrom: '2020-01-01',
    validTo: '2029-12-31',
    ...overrides,
  };
}

/** A registry over a real SQLite store, with a clock the test moves. */
async function setup(start = '2026-03-01T02:00:00Z') {
  const store: Store = await openStore(tempDir());
  const clock = { now: new Date(start) };
  const registry = new RightsRegistry(store.rights, { clock: () => clock.now });
  return { store, clock, registry };
}

describe('rights registry life cycle', () => {
  it('holder submits → pending, not on the watch list; staff approve → active and watched', async () => {
    const { store, registry } = await setup();
    const entry = await registry.submit(ACME, trademark());
    expect(entry).toMatchObject({ id: 'tm-acme', status: 'pending', ownerAccountId: 'acme', inForce: null });
    expect(await registry.activeRights(new Date('2026-03-01T02:00:00Z'))).toEqual([]);

    const approved = await registry.approve(STAFF, 'tm-acme', '材料齐全');
    expect(approved.status).toBe('active');
    expect(approved.pending).toBeNull();
    expect(approved.expiresOn).toBe('2029-12-31');
    const watch = await registry.activeRights(new Date('2026-03-01T02:00:00Z'));
    expect(watch.map((r) => r.id)).toEqual(['tm-acme']);
    expect(watch[0]).toMatchObject({ name: '艾克美', niceClasses: [25] });

    const history = await registry.history(ACME, 'tm-acme');
    expect(history.map((h) => [h.revision, h.action, h.status, h.actor.accountId, h.reason])).toEqual([
      [1, 'submit', 'pending', 'acme', null],
      [2, 'approve', 'active', 'officer-1', '材料齐全'],
    ]);
    const notes = await registry.notifications(ACME);
    expect(notes.map((n) => n.kind)).toEqual(['approved']);
    await store.close();
  });

  it('reject needs a reason, records it and tells the holder; holders cannot approve', async () => {
    const { store, registry } = await setup();
    await registry.submit(ACME, trademark());
    await expect(registry.approve(ACME, 'tm-acme')).rejects.toMatchObject({ code: 'rights.forbidden' });
    await expect(registry.reject(STAFF, 'tm-acme', '  ')).rejects.toThrow(/reason is required/);
    const rejected = await registry.reject(STAFF, 'tm-acme', '注册证书与权利人不符');
    expect(rejected.status).toBe('rejected');
    expect((await registry.history(STAFF, 'tm-acme')).at(-1)).toMatchObject({
      action: 'reject',
      reason: '注册证书与权利人不符',
    });
    expect((await registry.notifications(ACME))[0]?.message).toContain('注册证书与权利人不符');
    // The holder fixes and resubmits: pending again.
    const again = await registry.submit(ACME, trademark({ owner: '艾克美（中国）有限公司' }));
    expect(again.status).toBe('pending');
    await store.close();
  });

  it('editing an active right: the new version waits, the approved version stays in force until approval', async () => {
    const { store, registry } = await setup();
    await registry.submit(ACME, trademark());
    await registry.approve(STAFF, 'tm-acme');
    const edited = await registry.submit(ACME, trademark({ aliases: ['ACME', 'Acme Pro'] }), {
      reason: '新增别名',
    });
    expect(edited.status).toBe('active');
    expect(edited.pending).toMatchObject({ aliases: ['ACME', 'Acme Pro'] });
    expect(edited.inForce).toMatchObject({ aliases: ['ACME'] });
    let watch = await registry.activeRights();
    expect(watch[0]).toMatchObject({ aliases: ['ACME'] });

    // A rejected edit leaves the approved version in force and the right active.
    const afterReject = await registry.reject(STAFF, 'tm-acme', '别名无依据');
    expect(afterReject.status).toBe('active');
    expect(afterReject.inForce).toMatchObject({ aliases: ['ACME'] });

    await registry.submit(ACME, trademark({ aliases: ['ACME', 'Acme Pro'] }));
    await registry.approve(STAFF, 'tm-acme');
    watch = await registry.activeRights();
    expect(watch[0]).toMatchObject({ aliases: ['ACME', 'Acme Pro'] });
    const actions = (await registry.history(STAFF, 'tm-acme')).map((h) => h.action);
    expect(actions).toEqual(['submit', 'approve', 'edit', 'reject', 'edit', 'approve']);
    await store.close();
  });

  it('once validTo has passed, the expiry step expires the right and tells its owner; a renewal brings it back', async () => {
    const { store, clock, registry } = await setup('2029-12-31T15:59:00Z'); // 23:59 on 12-31 in China
    await registry.submit(ACME, trademark());
    await registry.approve(STAFF, 'tm-acme');
    expect((await registry.activeRights()).map((r) => r.id)).toEqual(['tm-acme']);
    expect(await registry.expireDue()).toEqual([]);

    clock.now = new Date('2029-12-31T16:00:00Z'); // 00:00 on 2030-01-01 in China
    // Reads do not expire: the right is still active, past its term, and already off the watch list.
    const before = await registry.get(ACME, 'tm-acme');
    expect(before.status).toBe('active');
    expect(pastTerm(before, '2030-01-01')).toBe(true);
    expect(pastTermNote(before, '2030-01-01')).toContain('已过期限 2029-12-31');
    expect(pastTermNote(before, '2030-01-01')).toContain('markwatch rights expire');
    expect(await registry.activeRights()).toEqual([]);
    expect((await registry.notifications(ACME)).map((n) => n.kind)).toEqual(['approved']);

    expect(await registry.expireDue()).toEqual(['tm-acme']);
    const after = await registry.get(ACME, 'tm-acme');
    expect(after.status).toBe('expired');
    expect(pastTerm(after, '2030-01-01')).toBe(false);
    expect(pastTermNote(after, '2030-01-01')).toBe('');
    const notes = await registry.notifications(ACME, { unreadOnly: true });
    expect(notes.map((n) => n.kind)).toEqual(['approved', 'expired']);
    expect(notes[1]?.message).toContain('2029-12-31');
    const history = await registry.history(ACME, 'tm-acme');
    expect(history.at(-1)).toMatchObject({
      action: 'expire',
      status: 'expired',
      actor: { accountId: 'system' },
    });
    // Only once.
    expect(await registry.expireDue()).toEqual([]);
    expect(
      await registry.markNotificationsRead(
        ACME,
        notes.map((n) => n.id),
      ),
    ).toBe(2);
    expect(await registry.notifications(ACME, { unreadOnly: true })).toEqual([]);

    // Renewal: new validTo, pending while expired, active after approval.
    const renewal = await registry.submit(ACME, trademark({ validTo: '2039-12-31' }), { reason: '续展' });
    expect(renewal.status).toBe('expired');
    expect((await registry.approve(STAFF, 'tm-acme')).status).toBe('active');
    expect((await registry.activeRights()).map((r) => r.id)).toEqual(['tm-acme']);
    await store.close();
  });

  it('a patent whose term ends stays watched with status expired, and its owner is told', async () => {
    const { store, clock, registry } = await setup('2026-03-01T00:00:00Z');
    const patent = {
      id: 'pt-1',
      kind: 'patent',
      number: 'ZL 2017 2 0601862.9',
      patentType: 'utility',
      filingDate: '2017-03-05',
      status: 'valid',
      patentee: '某公司',
    };
    await registry.submit(STAFF, patent, { approve: true });
    expect((await registry.get(STAFF, 'pt-1')).expiresOn).toBe('2027-03-04');
    clock.now = new Date('2027-03-05T00:00:00Z');
    // Before the expiry step the watch list already reads the patent as expired (the matcher judges markings
    // by it), while nothing has been written yet.
    const watch = await registry.activeRights();
    expect(watch).toHaveLength(1);
    expect(watch[0]).toMatchObject({ id: 'pt-1', status: 'expired' });
    expect(await registry.notifications(STAFF)).toEqual([]);
    expect(await registry.expireDue()).toEqual(['pt-1']);
    expect(await registry.activeRights()).toEqual(watch);
    expect((await registry.get(STAFF, 'pt-1')).inForce).toMatchObject({ status: 'expired' });
    expect((await registry.notifications(STAFF)).map((n) => n.kind)).toEqual(['patent_term_ended']);
    await store.close();
  });

  it('retire keeps the history, leaves the watch list and refuses later changes', async () => {
    const { store, registry } = await setup();
    await registry.submit(ACME, trademark());
    await registry.approve(STAFF, 'tm-acme');
    await expect(registry.retire(ACME, 'tm-acme', '')).rejects.toThrow(/reason/);
    const retired = await registry.retire(ACME, 'tm-acme', '商标转让');
    expect(retired.status).toBe('retired');
    expect(await registry.activeRights()).toEqual([]);
    expect((await registry.history(STAFF, 'tm-acme')).map((h) => h.action)).toEqual([
      'submit',
      'approve',
      'retire',
    ]);
    await expect(registry.submit(ACME, trademark())).rejects.toThrow(/retired/);
    await expect(registry.approve(STAFF, 'tm-acme')).rejects.toMatchObject({ code: 'rights.state' });
    // The number is free again for a new right.
    const fresh = await registry.submit(ACME, trademark({ id: 'tm-acme-2' }));
    expect(fresh.status).toBe('pending');
    await store.close();
  });

  it('refuses the same registration number twice, naming the field', async () => {
    const { store, registry } = await setup();
    await registry.submit(ACME, trademark());
    const err = await registry
      .submit(
        { role: 'holder', accountId: 'other' },
        trademark({ id: 'tm-other', registrationNo: '第 12345678 号' }),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).errors[0]).toMatchObject({ field: 'registrationNo' });
    expect((err as RegistryError).message).toContain('12345678');
    await store.close();
  });

  it('survives reopening the store (a real SQLite file)', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const registry = new RightsRegistry(store.rights);
    await registry.submit(STAFF, trademark({ validTo: '2099-12-31' }), { approve: true, owner: 'acme' });
    await store.close();
    const reopened = await openStore(dir);
    const again = new RightsRegistry(reopened.rights);
    const rights: Right[] = await again.activeRights();
    expect(rights.map((r) => r.id)).toEqual(['tm-acme']);
    expect((await again.get(ACME, 'tm-acme')).ownerAccountId).toBe('acme');
    await reopened.close();
  });
});

describe('staff import with --approve of what a holder already submitted', () => {
  it('adds only the approval revision', async () => {
    const { store, registry } = await setup();
    await registry.submit(ACME, trademark());
    const report = await registry.importRights(STAFF, [{ row: 'r', raw: trademark() }], { approve: true });
    expect(report).toMatchObject({ ok: true, updated: ['tm-acme'] });
    const history = await registry.history(STAFF, 'tm-acme');
    expect(history.map((h) => h.action)).toEqual(['submit', 'approve']);
    expect((await registry.get(ACME, 'tm-acme')).ownerAccountId).toBe('acme');
    await store.close();
  });
});

describe('rights registry reads', () => {
  it('never write: every read works on a read-only connection to a store with a right past its term', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const clock = { now: new Date('2029-12-31T15:59:00Z') };
    const writer = new RightsRegistry(store.rights, { clock: () => clock.now });
    await writer.submit(ACME, trademark());
    await writer.approve(STAFF, 'tm-acme');
    await store.close();

    clock.now = new Date('2030-01-02T00:00:00Z');
    const db = new Database(join(dir, DATABASE_FILE), { readonly: true, fileMustExist: true });
    try {
      const registry = new RightsRegistry(new SqliteRightsRepository(db), { clock: () => clock.now });
      const entry = await registry.get(ACME, 'tm-acme');
      expect(entry.status).toBe('active');
      expect(pastTerm(entry, '2030-01-02')).toBe(true);
      expect(await registry.list(STAFF)).toHaveLength(1);
      expect(await registry.activeRights()).toEqual([]);
      expect(await registry.export(ACME)).toEqual([]);
      expect((await registry.notifications(ACME)).map((n) => n.kind)).toEqual(['approved']);
      expect((await registry.history(ACME, 'tm-acme')).map((h) => h.action)).toEqual(['submit', 'approve']);
      // The step that does write fails on this connection, which proves the reads above ran against it.
      await expect(registry.expireDue()).rejects.toThrow(/readonly/);
    } finally {
      db.close();
    }
  });
});
