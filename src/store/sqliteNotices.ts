import type { Notice, NoticeItem, NoticeStatus } from '../model/index.js';
import type { Db } from './database.js';
import { toNotice, toNoticeItem, type NoticeItemRow, type NoticeRow } from './noticeRows.js';
import { moveLeadInTx } from './sqliteLeads.js';
import { auditInTx } from './workflowAudit.js';
import {
  NoticeStoreError,
  type WorkflowActor,
  type LeadMove,
  type NewNotice,
  type NoticeItemUpdate,
  type NoticeRepository,
} from './workflowRepositories.js';

export class SqliteNoticeRepository implements NoticeRepository {
  constructor(private readonly db: Db) {}

  private items(noticePk: number): NoticeItem[] {
    return this.db
      .prepare<[number], NoticeItemRow>(
        `SELECT i.*, l.listing_id FROM notice_items i JOIN listings l ON l.pk = i.listing_pk
         WHERE i.notice_pk = ? ORDER BY i.finding_pk`,
      )
      .all(noticePk)
      .map(toNoticeItem);
  }

  private toNotice(r: NoticeRow): Notice {
    return toNotice(r, this.items(r.pk));
  }

  private getSync(id: number): Notice | null {
    const row = this.db.prepare<[number], NoticeRow>('SELECT * FROM notices WHERE pk = ?').get(id);
    return row ? this.toNotice(row) : null;
  }

  async record(notice: NewNotice, move: LeadMove | null, who: WorkflowActor): Promise<Notice> {
    return this.db
      .transaction((): Notice => {
        const status: NoticeStatus = 'sent';
        const pk = Number(
          this.db
            .prepare(
              `INSERT INTO notices (lead_pk, platform, right_key, channel, status, body_json, document_path, sent_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              notice.leadId,
              notice.platform,
              notice.rightId ?? '',
              notice.channel,
              status,
              JSON.stringify(notice.body),
              notice.documentPath,
              who.at,
            ).lastInsertRowid,
        );
        const insert = this.db.prepare(
          `INSERT INTO notice_items (notice_pk, finding_pk, listing_pk, url, external_id, status, reject_reason)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        );
        for (const item of notice.items) {
          insert.run(
            pk,
            item.findingId,
            item.listingPk,
            item.url,
            item.externalId,
            item.status,
            item.rejectReason,
          );
        }
        auditInTx(
          this.db,
          who,
          'notice.send',
          { type: 'notice', id: pk },
          {
            lead: notice.leadId,
            channel: notice.channel,
            listings: notice.items.map((i) => i.url),
          },
        );
        if (move) moveLeadInTx(this.db, notice.leadId, move, who);
        return this.getSync(pk) as Notice;
      })
      .immediate();
  }

  async get(id: number): Promise<Notice | null> {
    return this.getSync(id);
  }

  async forLead(leadId: number): Promise<Notice[]> {
    return this.db
      .prepare<[number], NoticeRow>('SELECT * FROM notices WHERE lead_pk = ? ORDER BY pk')
      .all(leadId)
      .map((r) => this.toNotice(r));
  }

  async open(): Promise<Notice[]> {
    return this.db
      .prepare<[], NoticeRow>(
        `SELECT * FROM notices n WHERE EXISTS (SELECT 1 FROM notice_items i WHERE i.notice_pk = n.pk
           AND i.status IN ('sent', 'still_up', 'counter_noticed')) ORDER BY pk`,
      )
      .all()
      .map((r) => this.toNotice(r));
  }

  async updateItem(noticeId: number, findingId: number, update: NoticeItemUpdate): Promise<void> {
    const info = this.db
      .prepare(
        `UPDATE notice_items SET status = @status, checked_at = @checkedAt,
                taken_down_at = coalesce(@takenDownAt, taken_down_at),
                reject_reason = coalesce(@rejectReason, reject_reason)
         WHERE notice_pk = @noticeId AND finding_pk = @findingId`,
      )
      .run({
        status: update.status,
        checkedAt: update.checkedAt,
        takenDownAt: update.takenDownAt ?? null,
        rejectReason: update.rejectReason ?? null,
        noticeId,
        findingId,
      });
    if (info.changes === 0) {
      throw NoticeStoreError.itemNotFound(noticeId, findingId);
    }
  }

  async setStatus(
    noticeId: number,
    status: NoticeStatus,
    extra: { counterDeliveredAt?: string; submittedAt?: string; submittedHow?: string } = {},
    who?: WorkflowActor,
  ): Promise<void> {
    this.db.transaction(() => this.setStatusInTx(noticeId, status, extra, who)).immediate();
  }

  private setStatusInTx(
    noticeId: number,
    status: NoticeStatus,
    extra: { counterDeliveredAt?: string; submittedAt?: string; submittedHow?: string },
    who: WorkflowActor | undefined,
  ): void {
    const info = this.db
      .prepare(
        `UPDATE notices SET status = @status,
                counter_delivered_at = coalesce(@counter, counter_delivered_at),
                submitted_at = coalesce(@submittedAt, submitted_at),
                submitted_how = coalesce(@submittedHow, submitted_how)
         WHERE pk = @id`,
      )
      .run({
        id: noticeId,
        status,
        counter: extra.counterDeliveredAt ?? null,
        submittedAt: extra.submittedAt ?? null,
        submittedHow: extra.submittedHow ?? null,
      });
    if (info.changes === 0) {
      throw NoticeStoreError.notFound(noticeId);
    }
    if (who) auditInTx(this.db, who, 'notice.update', { type: 'notice', id: noticeId }, { status, ...extra });
  }

  async handled(limit = 1000): Promise<Notice[]> {
    return this.db
      .prepare<[number], NoticeRow>(
        `SELECT * FROM notices WHERE status <> 'sent' ORDER BY sent_at DESC, pk DESC LIMIT ?`,
      )
      .all(limit)
      .map((r) => this.toNotice(r));
  }
}
