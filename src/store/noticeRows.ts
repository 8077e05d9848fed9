import type { Notice, NoticeChannelKind, NoticeItem, NoticeStatus } from '../model/index.js';

/* Rows of notices and their items, and their domain objects: one mapping for the SQLite and PostgreSQL stores. */

export interface NoticeRow {
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

/** A notice_items row with its listing's id (joined from listings). */
export interface NoticeItemRow {
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

export const toNoticeItem = (r: NoticeItemRow): NoticeItem => ({
  findingId: r.finding_pk,
  listingPk: r.listing_pk,
  listingId: r.listing_id,
  url: r.url,
  externalId: r.external_id,
  status: r.status,
  checkedAt: r.checked_at,
  takenDownAt: r.taken_down_at,
  rejectReason: r.reject_reason,
});

/** A notice row with its items (read by the caller). */
export const toNotice = (r: NoticeRow, items: NoticeItem[]): Notice => ({
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
  items,
});
