import { MarkwatchError } from '../../common/errors.js';
import type { PlatformId } from '../platformIds.js';
import type { TakedownSettings } from '../options.js';
import { unit } from '../rng.js';

/*
 * The notice–takedown procedure of one marketplace (电子商务法 §42–44; Alibaba IPP / eBay VeRO style):
 * a right holder posts a notice → it is decided after `delayMs`: the listing is taken down (删除), the
 * notice is rejected with a reason (驳回), or the seller files a 不侵权声明 that the platform forwards to the
 * notifier and the listing stays online. Every notice and its result is public on the 公示 page.
 * Status is computed from the clock when read, so no timers are needed.
 */

export type NoticeOutcome = 'takedown' | 'reject' | 'counter';
export type NoticeStatus = 'received' | 'taken_down' | 'rejected' | 'counter_noticed';

export const NOTICE_STATUS_TEXT: Record<NoticeStatus, string> = {
  received: '处理中',
  taken_down: '已删除（下架）',
  rejected: '已驳回',
  counter_noticed: '卖家已提交不侵权声明，已转送通知人',
};

export interface NoticeInput {
  notifier: { name: string; contact?: string; identity?: string };
  rightRef: string;
  listingUrl: string;
  reason: string;
  evidenceRef: string;
}

export interface ListingRef {
  listingId: string;
  sellerId: string;
  sellerName: string;
  /** A brand flagship store (platform-verified authorized seller). */
  officialStore: boolean;
}

interface Notice extends NoticeInput {
  id: string;
  platform: PlatformId;
  listing: ListingRef | null;
  receivedAt: number;
  /** The marketplace epoch the notice arrived in (a relisting after takedown happens in a later one). */
  epoch: number;
  decideAt: number;
  outcome: NoticeOutcome;
  rejectReason?: string;
}

export class NoticeValidationError extends MarkwatchError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('marketplace.notice_invalid', `${field}: ${message}`);
  }
}

function requireString(body: Record<string, unknown>, field: string, max = 2_000): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new NoticeValidationError(field, '必填，应为非空字符串 (required non-empty string)');
  }
  if (value.length > max) throw new NoticeValidationError(field, `过长 (longer than ${max} characters)`);
  return value.trim();
}

/** Validates a posted notice body; errors name the field. */
export function parseNoticeInput(raw: unknown): NoticeInput {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new NoticeValidationError('(body)', '应为 JSON 对象 (expected a JSON object)');
  }
  const body = raw as Record<string, unknown>;
  const notifierRaw = body.notifier;
  if (typeof notifierRaw !== 'object' || notifierRaw === null) {
    throw new NoticeValidationError('notifier', '必填，应为对象 {name, contact?, identity?}');
  }
  const n = notifierRaw as Record<string, unknown>;
  const name = n.name;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new NoticeValidationError(
      'notifier.name',
      '必填：权利人或代理人的真实名称 (real identity required)',
    );
  }
  const optional = (key: string) => (typeof n[key] === 'string' ? { [key]: n[key] as string } : {});
  return {
    notifier: { name: name.trim(), ...optional('contact'), ...optional('identity') },
    rightRef: requireString(body, 'rightRef'),
    listingUrl: requireString(body, 'listingUrl'),
    reason: requireString(body, 'reason'),
    evidenceRef: requireString(body, 'evidenceRef'),
  };
}

export class NoticeBook {
  private readonly notices: Notice[] = [];
  private seq = 0;

  constructor(
    private readonly seed: number,
    private readonly settings: TakedownSettings,
    private readonly now: () => number,
  ) {}

  submit(platform: PlatformId, input: NoticeInput, listing: ListingRef | null, epoch = 0): Notice {
    this.seq++;
    const receivedAt = this.now();
    const id = `${platform.toUpperCase()}-NT-${String(this.seq).padStart(6, '0')}`;
    const { outcome, rejectReason } = this.decide(listing);
    const notice: Notice = {
      ...input,
      id,
      platform,
      listing,
      receivedAt,
      epoch,
      decideAt: receivedAt + this.settings.delayMs,
      outcome,
      ...(rejectReason ? { rejectReason } : {}),
    };
    this.notices.push(notice);
    return notice;
  }

  private decide(listing: ListingRef | null): { outcome: NoticeOutcome; rejectReason?: string } {
    if (!listing) return { outcome: 'reject', rejectReason: '商品链接无效：商品不存在或不属于本平台' };
    const forced = this.settings.outcome;
    if (forced === 'takedown') return { outcome: 'takedown' };
    if (forced === 'counter') return { outcome: 'counter' };
    if (forced === 'reject') return { outcome: 'reject', rejectReason: '提交的初步证据不足以证明侵权' };
    if (listing.officialStore) return { outcome: 'reject', rejectReason: '该店铺为品牌授权店铺，通知不成立' };
    const draw = unit(this.seed, 0x0071ce, this.seq);
    if (draw < this.settings.rejectRate)
      return { outcome: 'reject', rejectReason: '提交的初步证据不足以证明侵权' };
    if (draw < this.settings.rejectRate + this.settings.counterNoticeRate) return { outcome: 'counter' };
    return { outcome: 'takedown' };
  }

  status(notice: Notice): NoticeStatus {
    if (this.now() < notice.decideAt) return 'received';
    return notice.outcome === 'takedown'
      ? 'taken_down'
      : notice.outcome === 'reject'
        ? 'rejected'
        : 'counter_noticed';
  }

  get(platform: PlatformId, id: string): Notice | undefined {
    return this.notices.find((n) => n.id === id && n.platform === platform);
  }

  list(platform: PlatformId): Notice[] {
    return this.notices.filter((n) => n.platform === platform);
  }

  /** True when a decided notice has taken this listing down. */
  isTakenDown(platform: PlatformId, listingId: string): boolean {
    return this.notices.some(
      (n) => n.platform === platform && n.listing?.listingId === listingId && this.status(n) === 'taken_down',
    );
  }

  /**
   * Listings a notice took down before `epoch` whose seller relists them (relistAfterTakedown): the ids
   * taken down, each counting one more relisting generation.
   */
  relistedBefore(epoch: number): { platform: PlatformId; listingId: string }[] {
    if (!this.settings.relistAfterTakedown) return [];
    return this.notices
      .filter((n) => n.listing && n.epoch < epoch && this.status(n) === 'taken_down')
      .map((n) => ({ platform: n.platform, listingId: (n.listing as ListingRef).listingId }));
  }

  hasTakedowns(): boolean {
    return this.notices.some((n) => n.outcome === 'takedown');
  }

  /** The public JSON form of a notice. */
  toJson(notice: Notice): Record<string, unknown> {
    const status = this.status(notice);
    const decided = status !== 'received';
    return {
      id: notice.id,
      platform: notice.platform,
      status,
      statusText: NOTICE_STATUS_TEXT[status],
      notifier: notice.notifier,
      rightRef: notice.rightRef,
      listingUrl: notice.listingUrl,
      listingId: notice.listing?.listingId ?? null,
      reason: notice.reason,
      evidenceRef: notice.evidenceRef,
      receivedAt: new Date(notice.receivedAt).toISOString(),
      decidedAt: decided ? new Date(notice.decideAt).toISOString() : null,
      ...(decided && status === 'rejected' ? { rejectReason: notice.rejectReason } : {}),
      ...(decided && status === 'counter_noticed' && notice.listing
        ? {
            counterNotice: {
              title: '不侵权声明',
              seller: { id: notice.listing.sellerId, name: notice.listing.sellerName },
              declaration: `本店铺（${notice.listing.sellerName}）声明：所售商品来源合法，不存在侵犯“${notice.rightRef}”权利的行为，并附进货凭证等初步证据。`,
              submittedAt: new Date(notice.decideAt).toISOString(),
              forwardedTo: notice.notifier.name,
              note: '依电子商务法第四十三条，通知人可在声明到达后15日内向主管部门投诉或向人民法院起诉。',
            },
          }
        : {}),
    };
  }
}
