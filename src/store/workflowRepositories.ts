import { MarkwatchError } from '../common/errors.js';
import type {
  DismissReason,
  Finding,
  FindingReview,
  Lead,
  LeadState,
  LeadTransition,
  Notice,
  NoticeChannelKind,
  NoticeItem,
  NoticeStatus,
  RiskTier,
  Tier,
  WhitelistEntry,
} from '../model/index.js';

/*
 * Repositories of the enforcement workflow (issue 14): findings and their review, leads (seller × right) with
 * their transitions, the seller whitelist and notices. Each change is one transaction that also appends its
 * audit entry, so the audit log and the data never disagree. Which move is legal is decided above the store
 * (src/workflow/leadStateMachine.ts); the store refuses a move whose starting state has changed meanwhile.
 */

/** A finding or whitelist entry that does not exist, or a review that no longer applies. */
export class FindingError extends MarkwatchError {
  static notFound(id: number): FindingError {
    return new FindingError('finding.not_found', `发现 ${id} 不存在 (finding ${id} not found)`);
  }

  static alreadyConfirmed(id: number): FindingError {
    return new FindingError(
      'finding.already_confirmed',
      `发现 ${id} 已确认 (finding ${id} is already confirmed)`,
    );
  }

  static alreadyDismissed(id: number): FindingError {
    return new FindingError(
      'finding.already_dismissed',
      `发现 ${id} 已排除 (finding ${id} is already dismissed)`,
    );
  }

  static whitelistWithoutRight(id: number): FindingError {
    return new FindingError(
      'finding.whitelist_without_right',
      `发现 ${id} 没有对应的权利，不能加入白名单 (finding ${id} has no right to whitelist the seller for)`,
    );
  }

  static whitelistNotFound(id: number): FindingError {
    return new FindingError(
      'whitelist.not_found',
      `白名单条目 ${id} 不存在或已撤销 (whitelist entry ${id} not found or already revoked)`,
    );
  }
}

/** A lead that does not exist, or whose state changed under a move. */
export class LeadStoreError extends MarkwatchError {
  static notFound(id: number): LeadStoreError {
    return new LeadStoreError('lead.not_found', `线索 ${id} 不存在 (lead ${id} not found)`);
  }

  /** The move expected the lead in state `expected`; it is in `current` now. */
  static moved(id: number, current: LeadState, expected: LeadState): LeadStoreError {
    return new LeadStoreError(
      'store.lead_moved',
      `线索 ${id} 的状态已变为 ${current}（预期 ${expected}），未作更改 (lead ${id} is now ${current}, expected ${expected}; nothing changed)`,
    );
  }
}

/** A notice, or a notice's item, that does not exist. */
export class NoticeStoreError extends MarkwatchError {
  static notFound(noticeId: number): NoticeStoreError {
    return new NoticeStoreError('notice.not_found', `通知 ${noticeId} 不存在 (notice ${noticeId} not found)`);
  }

  static itemNotFound(noticeId: number, findingId: number): NoticeStoreError {
    return new NoticeStoreError(
      'notice.item_not_found',
      `通知 ${noticeId} 中没有发现 ${findingId} (notice ${noticeId} has no finding ${findingId})`,
    );
  }
}

/** Who made a change, for the transition record and the audit log. */
export interface WorkflowActor {
  actor: string;
  role: string;
  osUser: string;
  at: string;
}

export interface FindingQuery {
  review?: FindingReview;
  tier?: Tier;
  platform?: string;
  rightId?: string;
  /** Only findings of these rights (a rights holder's view). */
  rightIds?: readonly string[];
  leadId?: number;
  sellerId?: string;
  kind?: string;
  reason?: string;
  /** The listing's category path starts with this. */
  category?: string;
  /** The seller's region code starts with this (GB/T 2260 prefix). */
  region?: string;
  minScore?: number;
  /** Stored at or after / before these ISO instants. */
  since?: string;
  until?: string;
  /** `score` (leads before watch signals, highest first; the default) or `newest`. */
  sort?: 'score' | 'newest';
  limit?: number;
  offset?: number;
}

/** What a new lead starts with when a finding opens it. */
export interface LeadOpening {
  state: LeadState;
  riskScore: number;
  riskTier: RiskTier;
  risk: unknown;
  regionCode: string | null;
  reason: string;
  /**
   * When the finding joins a lead that already exists: the move it causes (checked by the workflow's state
   * machine, which may throw to refuse it), or null. Applied with the new risk in the confirmation's own
   * transaction, so a confirmation is never half-applied.
   */
  joinMove?: (state: LeadState) => LeadMove | null;
}

export interface ConfirmResult {
  finding: Finding;
  lead: Lead;
  /** The lead was opened by this confirmation (false: the finding joined an existing lead). */
  opened: boolean;
}

export interface FindingRepository {
  list(query?: FindingQuery): Promise<Finding[]>;
  get(id: number): Promise<Finding | null>;
  count(query?: Omit<FindingQuery, 'limit' | 'offset' | 'sort'>): Promise<number>;
  /** Confirms the finding; opens the seller's lead for the right (with `opening`) or joins the open one. */
  confirm(id: number, who: WorkflowActor, opening: LeadOpening): Promise<ConfirmResult>;
  /** Dismisses the finding; with `whitelist`, the seller is excused for the right from now on. */
  dismiss(
    id: number,
    who: WorkflowActor,
    dismissal: { reason: DismissReason; note: string; whitelist: boolean },
  ): Promise<Finding>;
  whitelist(options?: { includeRevoked?: boolean }): Promise<WhitelistEntry[]>;
  revokeWhitelist(id: number, who: WorkflowActor): Promise<WhitelistEntry>;
}

export interface LeadQuery {
  state?: LeadState;
  platform?: string;
  sellerId?: string;
  limit?: number;
  offset?: number;
}

export interface LeadMove {
  from: LeadState;
  to: LeadState;
  reason: string;
  /** What the move records beside its reason (a referral's attachments and figures), kept in the audit log. */
  detail?: Record<string, unknown>;
}

export interface LeadRepository {
  list(query?: LeadQuery): Promise<Lead[]>;
  get(id: number): Promise<Lead | null>;
  /**
   * Of `ids`, those with no lead, in the order given: one statement for the lot (a bulk export checks its ids
   * before writing; a statement per id leaves thousands of compiled statements for the GC to free).
   */
  missing(ids: readonly number[]): Promise<number[]>;
  count(query?: Pick<LeadQuery, 'state'>): Promise<number>;
  transitions(leadId: number): Promise<LeadTransition[]>;
  /** Moves the lead; refused (store.lead_moved) when its state is no longer `move.from`. */
  move(id: number, move: LeadMove, who: WorkflowActor): Promise<Lead>;
  setRisk(id: number, risk: { score: number; tier: RiskTier; parts: unknown }): Promise<void>;
  /**
   * Listings that relist a listing a notice took down (the crawler links a relisting to the listing it
   * relists), not yet recorded against the lead.
   */
  relistingsAfterTakedown(): Promise<Relisting[]>;
  /** The relistings recorded against a lead, oldest first. */
  relistingsOf(leadId: number): Promise<Relisting[]>;
  /** Records a relisting against its lead (once) and, with `move`, moves the lead, in one transaction. */
  recordRelisting(relisting: Relisting, move: LeadMove | null, who: WorkflowActor): Promise<void>;
}

export interface Relisting {
  leadId: number;
  noticeId: number;
  previousListingId: string;
  listingPk: number;
  listingId: string;
  url: string;
  detectedAt: string;
}

export interface NewNotice {
  leadId: number;
  platform: string;
  rightId: string | null;
  channel: NoticeChannelKind;
  body: unknown;
  documentPath: string | null;
  items: Pick<NoticeItem, 'findingId' | 'listingPk' | 'url' | 'externalId' | 'status' | 'rejectReason'>[];
}

export interface NoticeItemUpdate {
  status: NoticeItem['status'];
  checkedAt: string;
  takenDownAt?: string | null;
  rejectReason?: string | null;
}

export interface NoticeRepository {
  /** Records a sent notice and moves its lead (`move`, unless null), in one transaction. */
  record(notice: NewNotice, move: LeadMove | null, who: WorkflowActor): Promise<Notice>;
  get(id: number): Promise<Notice | null>;
  forLead(leadId: number): Promise<Notice[]>;
  /** Notices whose outcome is not settled yet (some item neither taken down nor rejected). */
  open(): Promise<Notice[]>;
  updateItem(noticeId: number, findingId: number, update: NoticeItemUpdate): Promise<void>;
  setStatus(
    noticeId: number,
    status: NoticeStatus,
    extra?: { counterDeliveredAt?: string; submittedAt?: string; submittedHow?: string },
    /** Who made the change by hand (audited); the takedown check passes the system actor. */
    who?: WorkflowActor,
  ): Promise<void>;
  /** Handled notices for 公示, newest first. */
  handled(limit?: number): Promise<Notice[]>;
}
