import { MarkwatchError } from '../common/errors.js';
import type {
  DecideFindings,
  Evidence,
  EvidenceKind,
  Hit,
  Listing,
  RegistryEntry,
  RightKind,
  RightNotification,
  RightRevision,
  RightStatus,
  RightWrite,
  RunRecord,
} from '../model/index.js';

/*
 * Repository interfaces. Callers see only these async signatures, so a PostgreSQL implementation can be
 * added beside the SQLite one without touching them. No SQL lives outside src/store.
 */

export type UpsertStatus = 'new' | 'changed' | 'unchanged';

export interface StoredListing {
  pk: number;
  listing: Listing;
  contentHash: string;
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface ListingRepository {
  /** Stores the listing; a new content hash becomes a new version. */
  upsert(listing: Listing, contentHash: string): Promise<{ pk: number; status: UpsertStatus }>;
  get(platform: string, listingId: string): Promise<StoredListing | null>;
  versions(
    platform: string,
    listingId: string,
  ): Promise<{ contentHash: string; capturedAt: string; listing: Listing }[]>;
  count(): Promise<number>;
}

export interface StoredHit extends Hit {
  pk: number;
  listingPk: number;
  contentHash: string;
  createdAt: string;
}

export interface RecordHitsResult {
  hitPks: number[];
  /** Findings created by this call (one already on the listing for the same right and reason is kept). */
  newFindingIds: number[];
}

export interface HitRepository {
  /** Stores the hits of one listing version and the findings `decideFindings` opens for them, atomically. */
  record(
    listingPk: number,
    contentHash: string,
    hits: Hit[],
    decideFindings: DecideFindings,
  ): Promise<RecordHitsResult>;
  forListing(listingPk: number): Promise<StoredHit[]>;
}

export interface NewEvidence extends Omit<Evidence, 'id'> {
  kind: EvidenceKind;
}

export interface EvidenceRepository {
  add(listingPk: number, evidence: Omit<NewEvidence, 'platform' | 'listingId'>): Promise<number>;
  forListing(platform: string, listingId: string): Promise<Evidence[]>;
  get(id: number): Promise<Evidence | null>;
}

export interface RunRepository {
  start(kind: string): Promise<number>;
  finish(id: number, status: 'ok' | 'partial' | 'failed', stats: Record<string, unknown>): Promise<void>;
  get(id: number): Promise<RunRecord | null>;
  recent(limit: number): Promise<RunRecord[]>;
}

// ---- Rights registry (issue 4) ----

export interface RightsQuery {
  /** Only rights owned by this account (how holders are restricted to their own rights). */
  ownerAccountId?: string;
  status?: RightStatus;
  kind?: RightKind;
  limit?: number;
  offset?: number;
}

/** One change to one right (derived from RightRevision in model/rightRecord.ts). */
export type { RightWrite };

/** Another change reached the right first; nothing of the batch was written. */
export class RevisionConflictError extends MarkwatchError {
  constructor(
    readonly rightId: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      'store.revision_conflict',
      `right "${rightId}" changed meanwhile (revision ${actual}, expected ${expected}); nothing was written`,
    );
  }
}

/** A number is already live on another right; nothing of the batch was written. */
export class DuplicateRightError extends MarkwatchError {
  constructor(readonly rightId: string) {
    super(
      'store.duplicate_right',
      `right "${rightId}": its number is already registered on another live right; nothing was written`,
    );
  }
}

export interface RightsRepository {
  get(rightId: string): Promise<RegistryEntry | null>;
  list(query?: RightsQuery): Promise<RegistryEntry[]>;
  count(query?: Pick<RightsQuery, 'ownerAccountId' | 'status' | 'kind'>): Promise<number>;
  /** Every revision of a right, oldest first. */
  history(rightId: string): Promise<RightRevision[]>;
  /** Live rights (pending, active, expired) holding any of these duplicate keys. */
  findByDupKeys(keys: string[]): Promise<{ dupKey: string; rightId: string }[]>;
  /** Active rights whose in-force version's last protected day is before `date` (YYYY-MM-DD). */
  dueForExpiry(date: string): Promise<RegistryEntry[]>;
  /** Applies the writes in one transaction: all or nothing. */
  apply(writes: RightWrite[]): Promise<void>;
  notifications(accountId: string, options?: { unreadOnly?: boolean }): Promise<RightNotification[]>;
  /** Marks the account's notifications read; returns how many changed. */
  markNotificationsRead(accountId: string, ids: number[], at: string): Promise<number>;
}
