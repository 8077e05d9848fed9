import type { Db } from './database.js';
import type {
  NewStatAction,
  NewStatCase,
  ObservedActivity,
  ObservedReferral,
  SaveResult,
  StatAction,
  StatCase,
  StatEntryRepository,
} from './statEntryRepository.js';
import { auditInTx } from './workflowAudit.js';
import type { WorkflowActor } from './workflowRepositories.js';

import {
  actionValues,
  caseValues,
  toAction,
  toCase,
  toObservedReferral,
  type ActionRow,
  type CaseRow,
  type ReferralRow,
} from './statRows.js';

export class SqliteStatEntryRepository implements StatEntryRepository {
  constructor(private readonly db: Db) {}

  async saveCases(cases: readonly NewStatCase[], who: WorkflowActor): Promise<SaveResult> {
    return this.db
      .transaction((): SaveResult => {
        const existing = this.db.prepare('SELECT pk FROM stat_cases WHERE unit = ? AND case_no = ?').pluck();
        const upsert = this.db.prepare(
          `INSERT INTO stat_cases (unit, case_no, row_code, opened_on, closed_on, referred_on, amount_involved_fen,
           fines_fen, losses_recovered_fen, foreign_losses_recovered_fen, ecommerce, key_market, rural,
           foreign_victim, lead_pk, note, entered_by, entered_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (unit, case_no) DO UPDATE SET row_code = excluded.row_code, opened_on = excluded.opened_on,
           closed_on = excluded.closed_on, referred_on = excluded.referred_on,
           amount_involved_fen = excluded.amount_involved_fen, fines_fen = excluded.fines_fen,
           losses_recovered_fen = excluded.losses_recovered_fen,
           foreign_losses_recovered_fen = excluded.foreign_losses_recovered_fen, ecommerce = excluded.ecommerce,
           key_market = excluded.key_market, rural = excluded.rural, foreign_victim = excluded.foreign_victim,
           lead_pk = excluded.lead_pk, note = excluded.note, entered_by = excluded.entered_by,
           entered_at = excluded.entered_at
         RETURNING pk`,
        );
        const result: SaveResult = { inserted: 0, updated: 0 };
        for (const c of cases) {
          const before = existing.get(c.unit, c.caseNo);
          const pk = upsert.pluck().get(...caseValues(c, who)) as number;
          if (before === undefined) result.inserted++;
          else result.updated++;
          auditInTx(
            this.db,
            who,
            before === undefined ? 'stats.case_entered' : 'stats.case_updated',
            {
              type: 'stat_case',
              id: pk,
            },
            { ...c },
          );
        }
        return result;
      })
      .immediate();
  }

  async saveActions(actions: readonly NewStatAction[], who: WorkflowActor): Promise<SaveResult> {
    return this.db
      .transaction((): SaveResult => {
        const existing = this.db.prepare('SELECT pk FROM stat_actions WHERE unit = ? AND ref = ?').pluck();
        const upsert = this.db.prepare(
          `INSERT INTO stat_actions (unit, ref, on_date, actions, deployments, market_actions, market_deployments,
           key_markets, note, entered_by, entered_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (unit, ref) DO UPDATE SET on_date = excluded.on_date, actions = excluded.actions,
           deployments = excluded.deployments, market_actions = excluded.market_actions,
           market_deployments = excluded.market_deployments, key_markets = excluded.key_markets,
           note = excluded.note, entered_by = excluded.entered_by, entered_at = excluded.entered_at
         RETURNING pk`,
        );
        const result: SaveResult = { inserted: 0, updated: 0 };
        for (const a of actions) {
          const before = existing.get(a.unit, a.ref);
          const pk = upsert.pluck().get(...actionValues(a, who)) as number;
          if (before === undefined) result.inserted++;
          else result.updated++;
          auditInTx(
            this.db,
            who,
            before === undefined ? 'stats.action_entered' : 'stats.action_updated',
            {
              type: 'stat_action',
              id: pk,
            },
            { ...a },
          );
        }
        return result;
      })
      .immediate();
  }

  async cases(unit: string): Promise<StatCase[]> {
    return this.db
      .prepare<[string], CaseRow>('SELECT * FROM stat_cases WHERE unit = ? ORDER BY case_no, pk')
      .all(unit)
      .map(toCase);
  }

  async actions(unit: string): Promise<StatAction[]> {
    return this.db
      .prepare<[string], ActionRow>('SELECT * FROM stat_actions WHERE unit = ? ORDER BY on_date, ref, pk')
      .all(unit)
      .map(toAction);
  }

  async units(): Promise<string[]> {
    return this.db
      .prepare('SELECT unit FROM stat_cases UNION SELECT unit FROM stat_actions ORDER BY 1')
      .pluck()
      .all()
      .map(String);
  }

  async observedReferrals(fromInstant: string, toInstant: string): Promise<ObservedReferral[]> {
    const rows = this.db
      .prepare<[string, string, string, string], ReferralRow>(
        `SELECT l.pk, l.kind, l.right_key, l.platform, t.at, t.actor
         FROM lead_transitions t JOIN leads l ON l.pk = t.lead_pk
         WHERE t.to_state = 'referred' AND t.at >= ? AND t.at < ?
           AND t.pk = (SELECT MAX(t2.pk) FROM lead_transitions t2
                       WHERE t2.lead_pk = t.lead_pk AND t2.to_state = 'referred' AND t2.at >= ? AND t2.at < ?)
         ORDER BY l.pk`,
      )
      .all(fromInstant, toInstant, fromInstant, toInstant);
    return rows.map(toObservedReferral);
  }

  async observedActivity(fromInstant: string, toInstant: string): Promise<ObservedActivity> {
    const count = (sql: string, ...extra: string[]) =>
      Number(
        this.db
          .prepare(sql)
          .pluck()
          .get(...extra, fromInstant, toInstant) ?? 0,
      );
    const movedTo = (state: string) =>
      count(
        `SELECT COUNT(DISTINCT lead_pk) FROM lead_transitions WHERE to_state = ? AND at >= ? AND at < ?`,
        state,
      );
    return {
      leadsOpened: count('SELECT COUNT(*) FROM leads WHERE opened_at >= ? AND opened_at < ?'),
      noticesSent: count('SELECT COUNT(*) FROM notices WHERE sent_at >= ? AND sent_at < ?'),
      listingsTakenDown: count(
        'SELECT COUNT(*) FROM notice_items WHERE taken_down_at >= ? AND taken_down_at < ?',
      ),
      leadsTransferred: movedTo('transferred'),
      leadsReferred: movedTo('referred'),
    };
  }
}
