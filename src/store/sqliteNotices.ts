import { MarkwatchError } from '../common/errors.js';
import type { Notice, NoticeChannelKind, NoticeItem, NoticeStatus } from '../model/index.js';
import type { Db } from './database.js';
import { moveLeadInTx } from './sqliteLeads.js';
import { auditInTx } from './workflowAudit.js';
import type {
  WorkflowActor,
  LeadMove,
  NewNotice,
  NoticeItemUpdate,
  NoticeRepository,
} from './workflowRepositories.js';

interface NoticeRow {
  pk: number;
  lead_pk: number;
  platform: string;
  right_key: string;
  channel: NoticeChannelKind;
  status: NoticeStatus;
  body_json: string;
  document_path: string | null;
  sent_at: string;
  submitted_at: string | null;
  submitted_how: string | null;
  counter_delivered_at: string | null;
}

interface ItemRow {
  notice_pk: number;
  finding_pk: number;
  listing_pk: number;
  listing_id: string;
  url: string;
  external_id: string | null;
  status: NoticeItem['status'];
  checked_at: string | null;
  taken_down_at: string | null;
  reject_reason: string | null;
}

export class NoticeStoreError extends MarkwatchError {}

export class SqliteNoticeRepository implements NoticeRepository {
  constructor(private readonly db: Db) {}

  private items(noticePk: number): NoticeItem[] {
    return this.db
      .prepare<[number], ItemRow>(
        `SELECT i.*, l.listing_id FROM notice_items i JOIN listings l ON l.pk = i.listing_pk
         WHERE i.notice_pk = ? ORDER BY i.finding_pk`,
      )
      .all(noticePk)
      .map((r) => ({
        findingId: r.finding_pk,
        listingPk: r.listing_pk,
        listingId: r.listing_id,
        url: r.url,
        externalId: r.external_id,
        status: r.status,
        checkedAt: r.checked_at,
        takenDownAt: r.taken_down_at,
        rejectReason: r.reject_reason,
      }));
  }

  private toNotice(r: NoticeRow): Notice {
    return {
      id: r.pk,
      leadId: r.lead_pk,
      platform: r.platform,
      rightId: r.right_key === '' ? null : r.right_key,
      channel: r.channel,
      status: r.status,
      body: JSON.parse(r.body_json) as unknown,
      documentPath: r.document_path,
      sentAt: r.sent_at,
      submittedAt: r.submitted_at,
      submittedHow: r.submitted_how,
      counterDeliveredAt: r.counter_delivered_at,
      items: this.items(r.pk),
    };
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
      throw new NoticeStoreError(
        'notice.item_not_found',
        `通知 ${noticeId} 中没有发现 ${findingId} (notice ${noticeId} has no finding ${findingId})`,
      );
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
      throw new NoticeStoreError(
        'notice.not_found',
        `通知 ${noticeId} 不存在 (notice ${noticeId} not found)`,
      );
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
