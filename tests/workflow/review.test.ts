import { expect, it } from 'vitest';
import { moveLead } from '../../src/workflow/moves.js';
import {
  confirmFinding,
  dismissFinding,
  parseDismissReason,
  type AssessRisk,
} from '../../src/workflow/review.js';
import { describeStores } from '../helpers/pgStore.js';
import { useTempDir } from '../helpers/tempDir.js';
import { staff, workflowStore } from './workflowFixture.js';

const tempDir = useTempDir();
const risk: AssessRisk = async (f) => ({
  score: f.score,
  tier: 'high',
  parts: [{ part: 'hits', value: f.score }],
});

describeStores('review: findings and the seller × right lead', (_open, kind) => {
  it('opens one lead per seller and right on the first confirmation; the seller’s other findings join it', async () => {
    const { store, listed } = await workflowStore(tempDir(), kind);
    const a1 = await listed('seller-a');
    const a2 = await listed('seller-a');
    const b1 = await listed('seller-b');
    const other = await listed('seller-a', { rightId: 'tm-anta' });
    const deps = { store };
    const first = await confirmFinding(deps, a1, staff(), risk);
    expect(first.opened).toBe(true);
    expect(first.lead).toMatchObject({
      platform: 'shopa',
      sellerId: 'seller-a',
      rightId: 'tm-naike',
      state: 'confirmed',
      riskTier: 'high',
      regionCode: '330106',
    });
    // a2 joined the lead (全链条), but is still for staff to review; another right is another lead.
    expect(await store.findings.get(a2)).toMatchObject({ leadId: first.lead.id, review: 'new' });
    expect(await store.findings.get(other)).toMatchObject({ leadId: null });
    const second = await confirmFinding(deps, a2, staff(), risk);
    expect(second).toMatchObject({ opened: false, lead: { id: first.lead.id, findingCount: 2 } });
    const b = await confirmFinding(deps, b1, staff(), risk);
    expect(b.opened).toBe(true);
    expect(b.lead.id).not.toBe(first.lead.id);
    // A finding of the seller found later joins the open lead as it is stored.
    const a3 = await listed('seller-a');
    expect(await store.findings.get(a3)).toMatchObject({ leadId: first.lead.id, review: 'new' });
    await expect(confirmFinding(deps, a1, staff(), risk)).rejects.toThrow(/already confirmed/);
    expect((await store.audit.verify()).ok).toBe(true);
    await store.close();
  });

  it('dismisses with a reason; a whitelisted seller’s new findings arrive dismissed until the entry is revoked', async () => {
    const { store, listed } = await workflowStore(tempDir(), kind);
    const deps = { store };
    const f1 = await listed('dealer');
    await expect(
      dismissFinding(deps, f1, staff(), { reason: 'other', note: ' ', whitelist: false }),
    ).rejects.toThrow(/--note/);
    expect(() => parseDismissReason('because')).toThrow(/--reason: 未知的排除理由 "because"/);
    const dismissed = await dismissFinding(deps, f1, staff(), {
      reason: 'authorized_seller',
      note: '授权书 2026-001',
      whitelist: true,
    });
    expect(dismissed).toMatchObject({
      review: 'dismissed',
      dismissReason: 'authorized_seller',
      dismissNote: '授权书 2026-001',
      reviewedBy: 'staff-1',
    });
    const [entry] = await store.findings.whitelist();
    expect(entry).toMatchObject({
      platform: 'shopa',
      sellerId: 'dealer',
      rightId: 'tm-naike',
      revokedAt: null,
    });
    const f2 = await listed('dealer');
    expect(await store.findings.get(f2)).toMatchObject({ review: 'dismissed', dismissReason: 'whitelisted' });
    // Another right of the same seller is not covered.
    const f3 = await listed('dealer', { rightId: 'tm-anta' });
    expect(await store.findings.get(f3)).toMatchObject({ review: 'new' });
    await store.findings.revokeWhitelist(entry!.id, staff());
    expect(await store.findings.whitelist()).toEqual([]);
    expect(await store.findings.whitelist({ includeRevoked: true })).toHaveLength(1);
    const f4 = await listed('dealer');
    expect(await store.findings.get(f4)).toMatchObject({ review: 'new', dismissReason: null });
    const actions = (await store.audit.list({ limit: 100 })).map((e) => e.action);
    expect(actions).toEqual(['finding.dismiss', 'whitelist.add', 'whitelist.revoke']);
    await store.close();
  });

  it('refuses an illegal move naming the state and the allowed next steps, and changes nothing', async () => {
    const { store, listed } = await workflowStore(tempDir(), kind);
    const deps = { store };
    const { lead } = await confirmFinding(deps, await listed('s'), staff(), risk);
    await expect(moveLead(deps, lead.id, 'taken_down', '', staff())).rejects.toThrow(
      /状态「已确认」不能转为「已删除」；允许：.*已通知平台/,
    );
    await expect(moveLead(deps, lead.id, 'closed', '', staff())).rejects.toThrow(/须写明理由/);
    expect((await store.leads.get(lead.id))?.state).toBe('confirmed');
    const moved = await moveLead(deps, lead.id, 'referred', '销售金额超过立案标准', staff('officer-2'));
    expect(moved.state).toBe('referred');
    expect((await store.leads.transitions(lead.id)).at(-1)).toMatchObject({
      from: 'confirmed',
      to: 'referred',
      actor: 'officer-2',
      reason: '销售金额超过立案标准',
    });
    await store.close();
  });
});
