import { expect, it } from 'vitest';
import type { NewStatCase, WorkflowActor } from '../../src/store/index.js';
import { describeStores } from '../helpers/pgStore.js';
import { withRaw } from '../helpers/rawSql.js';

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

describeStores('stat entry repository', (open, _kind, opened) => {
  const fresh = withRaw(open, opened);

  it('inserts, then updates a case by unit + case number, auditing each save', async () => {
    const store = await open();
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
  });

  it('writes nothing when one entry of a batch fails', async () => {
    const store = await open();
    const bad = { ...base, caseNo: 'C-2', finesFen: -1 };
    await expect(store.stats.saveCases([base, bad], who('2026-03-01T00:00:00.000Z'))).rejects.toThrow();
    expect(await store.stats.cases('U')).toEqual([]);
    expect(await store.audit.list({ subjectType: 'stat_case' })).toEqual([]);
  });

  it('saves actions by unit + ref', async () => {
    const store = await open();
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
  });

  it('observes referrals in a window, one per lead, and the online activity', async () => {
    const { store, raw } = await fresh();
    // A lead confirmed, referred, taken back and referred again, as the workflow records it (written directly:
    // this file tests the statistics' reading of those tables, the workflow's tests how they get there).
    const [row] = await raw.all<{ pk: number }>(
      `INSERT INTO leads (platform, seller_id, seller_name, right_key, kind, state, opened_at, updated_at)
         VALUES ('shopa', 'seller-a', '卖家A', 'tm-naike', 'trademark', 'referred', ?, ?) RETURNING pk`,
      ['2026-07-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z'],
    );
    const leadId = Number(row!.pk);
    const moves: [string | null, string, string, string][] = [
      [null, 'confirmed', '2026-07-01T00:00:00.000Z', 'zhang'],
      ['confirmed', 'referred', '2026-08-01T00:00:00.000Z', 'li'],
      ['referred', 'reviewing', '2026-08-02T00:00:00.000Z', 'li'],
      ['reviewing', 'referred', '2026-09-01T00:00:00.000Z', 'li'],
    ];
    for (const [from, to, at, actor] of moves) {
      await raw.all(
        `INSERT INTO lead_transitions (lead_pk, from_state, to_state, actor, reason, at)
           VALUES (?, ?, ?, ?, 'r', ?)`,
        [leadId, from, to, actor, at],
      );
    }
    const lead = { id: leadId };
    const inQ3 = await store.stats.observedReferrals('2025-12-31T16:00:00.000Z', '2026-09-30T16:00:00.000Z');
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
    expect(activity).toEqual({
      leadsOpened: 1,
      noticesSent: 0,
      listingsTakenDown: 0,
      leadsTransferred: 0,
      leadsReferred: 1,
    });
  });
});
