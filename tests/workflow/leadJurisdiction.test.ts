import { expect, it } from 'vitest';
import { confirmFinding, type AssessRisk } from '../../src/workflow/review.js';
import { analyseLead, leadJurisdiction } from '../../src/workflow/leadAnalysis.js';
import type { WorkflowDeps } from '../../src/workflow/deps.js';
import { describeStores } from '../helpers/pgStore.js';
import { useTempDir } from '../helpers/tempDir.js';
import { staff, workflowStore } from './workflowFixture.js';

const tempDir = useTempDir();
const risk: AssessRisk = async (f) => ({ score: f.score, tier: 'high', parts: [] });

function depsFor(store: WorkflowDeps['store'], officeRegion: string): WorkflowDeps {
  const unused = () => {
    throw new Error('not used by the analysis');
  };
  return {
    store,
    rightOf: async () => null,
    channelFor: unused,
    notifierFor: unused,
    office: { name: '测试局', regionCode: officeRegion },
    probe: unused,
    now: () => new Date('2026-12-01T00:00:00Z'),
    takedownDue: unused,
  };
}

describeStores('leadJurisdiction: the bureau of a lead without the whole analysis', (_open, kind) => {
  it('agrees with analyseLead, in the office area and outside it', async () => {
    const { store, listed } = await workflowStore(tempDir(), kind);
    const lead = (await confirmFinding({ store }, await listed('seller-a'), staff(), risk)).lead;
    expect(lead.regionCode).toBe('330106'); // 杭州 西湖区, from the fixture's seller
    for (const [office, inArea] of [
      ['330000', true], // 浙江省局: the seller is inside
      ['440000', false], // 广东省局: outside, a 线索通报 case
    ] as const) {
      const deps = depsFor(store, office);
      const quick = await leadJurisdiction(deps, lead);
      expect(quick.inArea).toBe(inArea);
      expect(quick).toEqual((await analyseLead(deps, lead)).jurisdiction);
    }
    // A lead stored without a region falls back to its findings' listings.
    const quick = await leadJurisdiction(depsFor(store, '330000'), { ...lead, regionCode: null });
    expect(quick.inArea).toBe(true);
    await store.close();
  });
});
