import { describe, expect, it } from 'vitest';
import { openStore, type NewStatCase, type WorkflowActor } from '../../src/store/index.js';
import { useTempDir } from '../helpers/tempDir.js';
import { workflowStore } from '../workflow/workflowFixture.js';

const tempDir = useTempDir();
const who = (at: string, actor = 'zhang'): WorkflowActor => ({ actor, role: 'staff', osUser: 't', at });

const base: NewStatCase = {
  unit: 'U',
  caseNo: 'C-1',
  row: 'trademark',
  openedOn: '2026-02-01',
  closedOn: null,
  referredOn: null,
  amountInvolvedFen: 5000,
  finesFen: null,
  lossesRecoveredFen: null,
  foreignLossesRecoveredFen: null,
  ecommerce: true,
  keyMarket: false,
  rural: false,
  foreignVictim: true,
  leadId: null,
  note: '',
};

describe('SqliteStatEntryRepository', () => {
  it('inserts, then updates a case by unit + case number, auditing each save', async () => {
    const store = await openStore(tempDir());
    try {
      expect(await store.stats.saveCases([base], who('2026-03-01T00:00:00.000Z'))).toEqual({
        inserted: 1,
        updated: 0,
      });
      const closed = { ...base, closedOn: '2026-08-01', finesFen: 1_000_000 };
      expect(await store.stats.saveCases([closed], who('2026-08-02T00:00:00.000Z', 'li'))).toEqual({
        inserted: 0,
        updated: 1,
      });
      const [c] = await store.stats.cases('U');
      expect(c).toMatchObject({
        caseNo: 'C-1',
        closedOn: '2026-08-01',
        finesFen: 1_000_000,
        ecommerce: true,
        foreignVictim: true,
        keyMarket: false,
        enteredBy: 'li',
        enteredAt: '2026-08-02T00:00:00.000Z',
      });
      expect(await store.stats.cases('other')).toEqual([]);
      const audit = await store.audit.list({ subjectType: 'stat_case' });
      expect(audit.map((a) => a.action).sort()).toEqual(['stats.case_entered', 'stats.case_updated']);
      expect((await store.audit.verify()).ok).toBe(true);
      expect(await store.stats.units()).toEqual(['U']);
    } finally {
      await store.close();
    }
  });

  it('writes nothing when one entry of a batch fails', async () => {
    const store = await openStore(tempDir());
    try {
      const bad = { ...base, caseNo: 'C-2', finesFen: -1 };
      await expect(store.stats.saveCases([base, bad], who('2026-03-01T00:00:00.000Z'))).rejects.toThrow();
      expect(await store.stats.cases('U')).toEqual([]);
      expect(await store.audit.list({ subjectType: 'stat_case' })).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('saves actions by unit + ref', async () => {
    const store = await openStore(tempDir());
    try {
      const a = {
        unit: 'U',
        ref: 'A1',
        on: '2026-02-01',
        actions: 1,
        deployments: 4,
        marketActions: 0,
        marketDeployments: 0,
        keyMarkets: 12,
        note: '',
      };
      await store.stats.saveActions([a], who('2026-03-01T00:00:00.000Z'));
      await store.stats.saveActions([{ ...a, deployments: 6 }], who('2026-03-02T00:00:00.000Z'));
      expect(await store.stats.actions('U')).toMatchObject([{ ref: 'A1', deployments: 6, keyMarkets: 12 }]);
    } finally {
      await store.close();
    }
  });

  it('observes referrals in a window, one per lead, and the online activity', async () => {
    const dir = tempDir();
    const { store, listed } = await workflowStore(dir);
    try {
      const f1 = await listed('seller-a');
      const opening = {
        state: 'confirmed' as const,
        riskScore: 0.5,
        riskTier: 'high' as const,
        risk: null,
        regionCode: null,
        reason: 'x',
      };
      const { lead } = await store.findings.confirm(f1, who('2026-07-01T00:00:00.000Z'), opening);
      const move = (from: 'confirmed' | 'referred' | 'reviewing', to: 'referred' | 'reviewing', at: string) =>
        store.leads.move(lead.id, { from, to, reason: 'r' }, who(at, 'li'));
      await move('confirmed', 'referred', '2026-08-01T00:00:00.000Z');
      await move('referred', 'reviewing', '2026-08-02T00:00:00.000Z');
      await move('reviewing', 'referred', '2026-09-01T00:00:00.000Z');
      const inQ3 = await store.stats.observedReferrals(
        '2025-12-31T16:00:00.000Z',
        '2026-09-30T16:00:00.000Z',
      );
      expect(inQ3).toEqual([
        {
          leadId: lead.id,
          kind: 'trademark',
          rightId: 'tm-naike',
          platform: 'shopa',
          referredAt: '2026-09-01T00:00:00.000Z',
          actor: 'li',
        },
      ]);
      expect(
        await store.stats.observedReferrals('2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'),
      ).toEqual([]);
      const activity = await store.stats.observedActivity(
        '2025-12-31T16:00:00.000Z',
        '2026-09-30T16:00:00.000Z',
      );
      expect(activity).toMatchObject({ leadsReferred: 1, leadsTransferred: 0, noticesSent: 0 });
    } finally {
      await store.close();
    }
  });
});
