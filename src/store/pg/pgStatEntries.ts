import type {
  NewStatAction,
  NewStatCase,
  ObservedActivity,
  ObservedReferral,
  SaveResult,
  StatAction,
  StatCase,
  StatEntryRepository,
} from '../statEntryRepository.js';
import type { WorkflowActor } from '../workflowRepositories.js';
import { pgAuditInTx } from './pgAudit.js';
import type { PgConn } from './pgDatabase.js';

/*
 * Officer-entered statistics on PostgreSQL. An entry is upserted by its key, and its audit entry says whether
 * it was new: each upsert returns `(xmax = 0) AS inserted` (a row the statement inserted has no deleting
 * transaction; one it updated has), so "new or changed" is decided by the same statement that writes, even
 * when two machines enter the same case at once.
 */

import {
  actionValues,
  caseValues,
  toAction,
  toCase,
  toObservedReferral,
  type ActionRow,
  type CaseRow,
  type ReferralRow,
} from '../statRows.js';

const UPSERT_CASE = `INSERT INTO stat_cases (unit, case_no, row_code, opened_on, closed_on, referred_on,
    amount_involved_fen, fines_fen, losses_recovered_fen, foreign_losses_recovered_fen, ecommerce, key_market,
    rural, foreign_victim, lead_pk, note, entered_by, entered_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
  ON CONFLICT (unit, case_no) DO UPDATE SET row_code = excluded.row_code, opened_on = excluded.opened_on,
    closed_on = excluded.closed_on, referred_on = excluded.referred_on,
    amount_involved_fen = excluded.amount_involved_fen, fines_fen = excluded.fines_fen,
    losses_recovered_fen = excluded.losses_recovered_fen,
    foreign_losses_recovered_fen = excluded.foreign_losses_recovered_fen, ecommerce = excluded.ecommerce,
    key_market = excluded.key_market, rural = excluded.rural, foreign_victim = excluded.foreign_victim,
    lead_pk = excluded.lead_pk, note = excluded.note, entered_by = excluded.entered_by,
    entered_at = excluded.entered_at
  RETURNING pk, (xmax = 0) AS inserted`;

const UPSERT_ACTION = `INSERT INTO stat_actions (unit, ref, on_date, actions, deployments, market_actions,
    market_deployments, key_markets, note, entered_by, entered_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
  ON CONFLICT (unit, ref) DO UPDATE SET on_date = excluded.on_date, actions = excluded.actions,
    deployments = excluded.deployments, market_actions = excluded.market_actions,
    market_deployments = excluded.market_deployments, key_markets = excluded.key_markets,
    note = excluded.note, entered_by = excluded.entered_by, entered_at = excluded.entered_at
  RETURNING pk, (xmax = 0) AS inserted`;

type Upserted = { pk: number; inserted: boolean };

/** An entry table: its upsert and values, and the audit subject and actions of its entries. */
interface EntryTable<E> {
  upsert: string;
  values: (e: E, who: WorkflowActor) => unknown[];
  subject: string;
  entered: string;
  updated: string;
}

const CASES: EntryTable<NewStatCase> = {
  upsert: UPSERT_CASE,
  values: caseValues,
  subject: 'stat_case',
  entered: 'stats.case_entered',
  updated: 'stats.case_updated',
};

const ACTIONS: EntryTable<NewStatAction> = {
  upsert: UPSERT_ACTION,
  values: actionValues,
  subject: 'stat_action',
  entered: 'stats.action_entered',
  updated: 'stats.action_updated',
};

export class PgStatEntryRepository implements StatEntryRepository {
  constructor(private readonly conn: PgConn) {}

  saveCases(cases: readonly NewStatCase[], who: WorkflowActor): Promise<SaveResult> {
    return this.save(cases, who, CASES);
  }

  saveActions(actions: readonly NewStatAction[], who: WorkflowActor): Promise<SaveResult> {
    return this.save(actions, who, ACTIONS);
  }

  /** Upserts each entry and appends its audit entry, all in one transaction. */
  private save<E extends NewStatCase | NewStatAction>(
    entries: readonly E[],
    who: WorkflowActor,
    table: EntryTable<E>,
  ): Promise<SaveResult> {
    return this.conn.tx(async (c) => {
      const result: SaveResult = { inserted: 0, updated: 0 };
      for (const e of entries) {
        const { rows } = await c.query<Upserted>(table.upsert, table.values(e, who));
        const { pk, inserted } = rows[0]!;
        if (inserted) result.inserted++;
        else result.updated++;
        const action = inserted ? table.entered : table.updated;
        await pgAuditInTx(c, who, action, { type: table.subject, id: pk }, { ...e });
      }
      return result;
    });
  }

  async cases(unit: string): Promise<StatCase[]> {
    const { rows } = await this.conn.query<CaseRow>(
      'SELECT * FROM stat_cases WHERE unit = $1 ORDER BY case_no, pk',
      [unit],
    );
    return rows.map(toCase);
  }

  async actions(unit: string): Promise<StatAction[]> {
    const { rows } = await this.conn.query<ActionRow>(
      'SELECT * FROM stat_actions WHERE unit = $1 ORDER BY on_date, ref, pk',
      [unit],
    );
    return rows.map(toAction);
  }

  async units(): Promise<string[]> {
    const { rows } = await this.conn.query<{ unit: string }>(
      'SELECT unit FROM stat_cases UNION SELECT unit FROM stat_actions ORDER BY 1',
    );
    return rows.map((r) => r.unit);
  }

  async observedReferrals(fromInstant: string, toInstant: string): Promise<ObservedReferral[]> {
    const { rows } = await this.conn.query<ReferralRow>(
      `SELECT l.pk, l.kind, l.right_key, l.platform, t.at, t.actor
       FROM lead_transitions t JOIN leads l ON l.pk = t.lead_pk
       WHERE t.to_state = 'referred' AND t.at >= $1 AND t.at < $2
         AND t.pk = (SELECT MAX(t2.pk) FROM lead_transitions t2
                     WHERE t2.lead_pk = t.lead_pk AND t2.to_state = 'referred' AND t2.at >= $1 AND t2.at < $2)
       ORDER BY l.pk`,
      [fromInstant, toInstant],
    );
    return rows.map(toObservedReferral);
  }

  async observedActivity(fromInstant: string, toInstant: string): Promise<ObservedActivity> {
    // One statement: every count from the same snapshot.
    const { rows } = await this.conn.query<ObservedActivity>(
      `SELECT
         (SELECT count(*) FROM leads WHERE opened_at >= $1 AND opened_at < $2) AS "leadsOpened",
         (SELECT count(*) FROM notices WHERE sent_at >= $1 AND sent_at < $2) AS "noticesSent",
         (SELECT count(*) FROM notice_items WHERE taken_down_at >= $1 AND taken_down_at < $2)
           AS "listingsTakenDown",
         (SELECT count(DISTINCT lead_pk) FROM lead_transitions
           WHERE to_state = 'transferred' AND at >= $1 AND at < $2) AS "leadsTransferred",
         (SELECT count(DISTINCT lead_pk) FROM lead_transitions
           WHERE to_state = 'referred' AND at >= $1 AND at < $2) AS "leadsReferred"`,
      [fromInstant, toInstant],
    );
    return rows[0]!;
  }
}
