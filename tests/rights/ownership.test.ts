import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/model/index.js';
import { RightsRegistry } from '../../src/rights/registry.js';
import { openStore } from '../../src/store/index.js';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir();
const STAFF: Actor = { role: 'staff', accountId: 'officer-1' };
const ACME: Actor = { role: 'holder', accountId: 'acme' };
const BETA: Actor = { role: 'holder', accountId: 'beta' };

function tm(id: string, registrationNo: string) {
  return {
    id,
    kind: 'trademark',
    name: `商标${id}`,
    registrationNo,
    niceClasses: [9],
    owner: `${id} 公司`,
    validFrom: '2020-01-01',
    validTo: '2099-12-31',
  };
}

async function setup() {
  const store = await openStore(tempDir());
  const registry = new RightsRegistry(store.rights);
  await registry.submit(ACME, tm('acme-1', '1001'));
  await registry.submit(ACME, tm('acme-2', '1002'));
  await registry.submit(BETA, tm('beta-1', '2001'));
  await registry.approve(STAFF, 'beta-1');
  return { store, registry };
}

describe('ownership is enforced by the registry', () => {
  it('a holder lists only its own rights; staff list all', async () => {
    const { store, registry } = await setup();
    expect((await registry.list(ACME)).map((e) => e.id)).toEqual(['acme-1', 'acme-2']);
    expect((await registry.list(BETA)).map((e) => e.id)).toEqual(['beta-1']);
    expect((await registry.list(BETA, { status: 'pending' })).map((e) => e.id)).toEqual([]);
    expect((await registry.list(STAFF)).map((e) => e.id)).toEqual(['acme-1', 'acme-2', 'beta-1']);
    expect((await registry.export(ACME, 'latest')).map((r) => r.id)).toEqual(['acme-1', 'acme-2']);
    expect((await registry.export(ACME)).map((r) => r.id)).toEqual([]); // nothing approved yet
    await store.close();
  });

  it("a holder cannot read another holder's right by id, nor its history (same answer as a missing id)", async () => {
    const { store, registry } = await setup();
    await expect(registry.get(ACME, 'beta-1')).rejects.toMatchObject({ code: 'rights.not_found' });
    await expect(registry.get(ACME, 'no-such')).rejects.toMatchObject({ code: 'rights.not_found' });
    await expect(registry.history(ACME, 'beta-1')).rejects.toMatchObject({ code: 'rights.not_found' });
    expect((await registry.get(BETA, 'beta-1')).id).toBe('beta-1');
    expect((await registry.get(STAFF, 'beta-1')).id).toBe('beta-1');
    await store.close();
  });

  it("a holder cannot change another holder's right: edit, retire, import", async () => {
    const { store, registry } = await setup();
    const before = await registry.history(STAFF, 'beta-1');
    await expect(registry.submit(ACME, { ...tm('beta-1', '2001'), name: '抢注' })).rejects.toMatchObject({
      code: 'rights.not_found',
    });
    await expect(registry.retire(ACME, 'beta-1', '不要了')).rejects.toMatchObject({
      code: 'rights.not_found',
    });
    await expect(registry.approve(ACME, 'acme-1')).rejects.toMatchObject({ code: 'rights.forbidden' });
    await expect(registry.reject(ACME, 'beta-1', 'x')).rejects.toMatchObject({ code: 'rights.forbidden' });
    const report = await registry.importRights(ACME, [
      { row: 'rights[0]', raw: tm('acme-3', '1003') },
      { row: 'rights[1]', raw: { ...tm('beta-1', '2001'), name: '抢注' } },
    ]);
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([expect.objectContaining({ row: 'rights[1]', field: '(owner)' })]);
    await expect(registry.get(ACME, 'acme-3')).rejects.toMatchObject({ code: 'rights.not_found' }); // nothing written
    await expect(registry.importRights(ACME, [], { approve: true })).rejects.toMatchObject({
      code: 'rights.forbidden',
    });
    expect(await registry.history(STAFF, 'beta-1')).toEqual(before);
    await store.close();
  });

  it("a duplicate against another holder's right does not reveal that right's id", async () => {
    const { store, registry } = await setup();
    const report = await registry.importRights(ACME, [{ row: 'r', raw: tm('acme-9', '2001') }]);
    expect(report.errors[0]?.field).toBe('registrationNo');
    expect(report.errors[0]?.message).not.toContain('beta-1');
    const staffReport = await registry.importRights(STAFF, [{ row: 'r', raw: tm('x-9', '2001') }]);
    expect(staffReport.errors[0]?.message).toContain('beta-1');
    await store.close();
  });

  it('notifications are per account', async () => {
    const { store, registry } = await setup();
    expect((await registry.notifications(BETA)).map((n) => n.rightId)).toEqual(['beta-1']);
    expect(await registry.notifications(ACME)).toEqual([]);
    const [note] = await registry.notifications(BETA);
    expect(await registry.markNotificationsRead(ACME, [note!.id])).toBe(0);
    await store.close();
  });

  it('staff may import on behalf of a holder, who then owns the rights', async () => {
    const { store, registry } = await setup();
    await registry.importRights(STAFF, [{ row: 'r', raw: tm('gamma-1', '3001') }], {
      owner: 'gamma',
      approve: true,
    });
    const gamma: Actor = { role: 'holder', accountId: 'gamma' };
    expect((await registry.list(gamma)).map((e) => [e.id, e.status])).toEqual([['gamma-1', 'active']]);
    await store.close();
  });
});
