import type { Notice, NoticeItem, NoticeStatus } from '../../model/index.js';
import { toNotice, toNoticeItem, type NoticeItemRow, type NoticeRow } from '../noticeRows.js';
import {
  NoticeStoreError,
  type LeadMove,
  type NewNotice,
  type NoticeItemUpdate,
  type NoticeRepository,
  type WorkflowActor,
} from '../workflowRepositories.js';
import type { PgConn, PgExec } from './pgDatabase.js';
import { moveLeadInPgTx } from './pgLeads.js';
import { lockAuditChain, pgAuditInTx } from './pgAudit.js';

/*
 * Notices and their items on PostgreSQL: the same rows and rules as SqliteNoticeRepository. Recording a notice
 * and moving its lead is one transaction; the move's `WHERE state = from` refuses it when another worker moved
 * the lead meanwhile, and then the notice is not recorded either. Times are ordered COLLATE "C", as in SQLite.
 */

/** The notices of these rows with their items (one query for the items of all of them). */
async function withItems(c: PgExec, rows: NoticeRow[]): Promise<Notice[]> {
  if (rows.length === 0) return [];
  const items = await c.query<NoticeItemRow>(
    `SELECT i.*, l.listing_id FROM notice_items i JOIN listings l ON l.pk = i.listing_pk
     WHERE i.notice_pk = ANY($1::bigint[]) ORDER BY i.notice_pk, i.finding_pk`,
    [rows.map((r) => r.pk)],
  );
  const byNotice = new Map<number, NoticeItem[]>();
  for (const r of items.rows) {
    const list = byNotice.get(r.notice_pk) ?? [];
    list.push(toNoticeItem(r));
    byNotice.set(r.notice_pk, list);
  }
  return rows.map((r) => toNotice(r, byNotice.get(r.pk) ?? []));
}

async function noticeById(c: PgExec, id: number): Promise<Notice | null> {
  const { rows } = await c.query<NoticeRow>('SELECT * FROM notices WHERE pk = $1', [id]);
  return (await withItems(c, rows))[0] ?? null;
}

export class PgNoticeRepository implements NoticeRepository {
  constructor(private readonly conn: PgConn) {}

  async record(notice: NewNotice, move: LeadMove | null, who: WorkflowActor): Promise<Notice> {
    return this.conn.tx(async (c): Promise<Notice> => {
      await lockAuditChain(c);
      const status: NoticeStatus = 'sent';
      const { rows } = await c.query<{ pk: number }>(
        `INSERT INTO notices (lead_pk, platform, right_key, channel, status, body_json, document_path, sent_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING pk`,
        [
          notice.leadId,
          notice.platform,
          notice.rightId ?? '',
          notice.channel,
          status,
          JSON.stringify(notice.body),
          notice.documentPath,
          who.at,
        ],
      );
      const pk = (rows[0] as { pk: number }).pk;
      // All items in one statement (a notice holds up to 300 listings).
      await c.query(
        `INSERT INTO notice_items (notice_pk, finding_pk, listing_pk, url, external_id, status, reject_reason)
         SELECT $1::bigint, * FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[])`,
        [
          pk,
          notice.items.map((i) => i.findingId),
          notice.items.map((i) => i.listingPk),
          notice.items.map((i) => i.url),
          notice.items.map((i) => i.externalId),
          notice.items.map((i) => i.status),
          notice.items.map((i) => i.rejectReason),
        ],
      );
      await pgAuditInTx(
        c,
        who,
        'notice.send',
        { type: 'notice', id: pk },
        { lead: notice.leadId, channel: notice.channel, listings: notice.items.map((i) => i.url) },
      );
      if (move) await moveLeadInPgTx(c, notice.leadId, move, who);
      return (await noticeById(c, pk)) as Notice;
    });
  }

  async get(id: number): Promise<Notice | null> {
    return noticeById(this.conn, id);
  }

  async forLead(leadId: number): Promise<Notice[]> {
    const { rows } = await this.conn.query<NoticeRow>(
      'SELECT * FROM notices WHERE lead_pk = $1 ORDER BY pk',
      [leadId],
    );
    return withItems(this.conn, rows);
  }

  async open(): Promise<Notice[]> {
    const { rows } = await this.conn.query<NoticeRow>(
      `SELECT * FROM notices n WHERE EXISTS (SELECT 1 FROM notice_items i WHERE i.notice_pk = n.pk
         AND i.status IN ('sent', 'still_up', 'counter_noticed')) ORDER BY pk`,
    );
    return withItems(this.conn, rows);
  }

  async updateItem(noticeId: number, findingId: number, update: NoticeItemUpdate): Promise<void> {
    const result = await this.conn.query(
      `UPDATE notice_items SET status = $1, checked_at = $2,
              taken_down_at = coalesce($3, taken_down_at),
              reject_reason = coalesce($4, reject_reason)
       WHERE notice_pk = $5 AND finding_pk = $6`,
      [
        update.status,
        update.checkedAt,
        update.takenDownAt ?? null,
        update.rejectReason ?? null,
        noticeId,
        findingId,
      ],
    );
    if (result.rowCount === 0) {
      throw NoticeStoreError.itemNotFound(noticeId, findingId);
    }
  }

  async setStatus(
    noticeId: number,
    status: NoticeStatus,
    extra: { counterDeliveredAt?: string; submittedAt?: string; submittedHow?: string } = {},
    who?: WorkflowActor,
  ): Promise<void> {
    await this.conn.tx(async (c) => {
      if (who) await lockAuditChain(c);
      const result = await c.query(
        `UPDATE notices SET status = $1,
                counter_delivered_at = coalesce($2, counter_delivered_at),
                submitted_at = coalesce($3, submitted_at),
                submitted_how = coalesce($4, submitted_how)
         WHERE pk = $5`,
        [
          status,
          extra.counterDeliveredAt ?? null,
          extra.submittedAt ?? null,
          extra.submittedHow ?? null,
          noticeId,
        ],
      );
      if (result.rowCount === 0) {
        throw NoticeStoreError.notFound(noticeId);
      }
      if (who)
        await pgAuditInTx(c, who, 'notice.update', { type: 'notice', id: noticeId }, { status, ...extra });
    });
  }

  async handled(limit = 1000): Promise<Notice[]> {
    const { rows } = await this.conn.query<NoticeRow>(
      `SELECT * FROM notices WHERE status <> 'sent' ORDER BY sent_at COLLATE "C" DESC, pk DESC LIMIT $1`,
      [limit],
    );
    return withItems(this.conn, rows);
  }
}
