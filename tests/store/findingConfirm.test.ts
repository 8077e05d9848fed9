import { expect, it } from 'vitest';
import type { LeadOpening } from '../../src/store/index.js';
import { describeStores } from '../helpers/pgStore.js';
import { useTempDir } from '../helpers/tempDir.js';
import { staff, workflowStore } from '../workflow/workflowFixture.js';

const tempDir = useTempDir();
const opening = (score: number, joinMove?: LeadOpening['joinMove']): LeadOpening => ({
  state: 'reviewing',
  riskScore: score,
  riskTier: 'medium',
  risk: { score },
  regionCode: null,
  reason: 'test',
  ...(joinMove ? { joinMove } : {}),
});

describeStores('findings.confirm: one transaction for the finding, the lead and the move', (_open, kind) => {
  it('re-weighs and moves a joined lead with the confirmation', async () => {
    const { store, listed } = await workflowStore(tempDir(), kind);
    const a = await listed('s1');
    const b = await listed('s1');
    const first = await store.findings.confirm(a, staff(), opening(0.5));
    const second = await store.findings.confirm(
      b,
      staff(),
      opening(0.8, (state) => ({ from: state, to: 'confirmed', reason: 'second finding' })),
    );
    expect(second.opened).toBe(false);
    expect(second.lead).toMatchObject({ id: first.lead.id, state: 'confirmed', riskScore: 0.8 });
    expect((await store.leads.transitions(first.lead.id)).map((t) => t.to)).toEqual([
      'reviewing',
      'confirmed',
    ]);
    expect((await store.audit.verify()).ok).toBe(true);
    await store.close();
  });

  it('a refused move leaves the finding unconfirmed, the lead unweighed and the audit log as it was', async () => {
    const { store, listed } = await workflowStore(tempDir(), kind);
    const a = await listed('s1');
    const b = await listed('s1');
    const first = await store.findings.confirm(a, staff(), opening(0.5));
    const auditBefore = (await store.audit.list({})).length;
    await expect(
      store.findings.confirm(
        b,
        staff(),
        opening(0.9, () => {
          throw new Error('状态机拒绝 (refused)');
        }),
      ),
    ).rejects.toThrow(/refused/);
    expect(await store.findings.get(b)).toMatchObject({ review: 'new' });
    expect(await store.leads.get(first.lead.id)).toMatchObject({ state: 'reviewing', riskScore: 0.5 });
    expect((await store.audit.list({})).length).toBe(auditBefore);
    await store.close();
  });
});
