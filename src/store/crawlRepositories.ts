import { MarkwatchError } from '../common/errors.js';
import type { DecideFindings, Hit, Listing } from '../model/index.js';
import type { NewEvidence, UpsertStatus } from './repositories.js';

/*
 * Repository interfaces of the crawler (issue 6): the lease-based frontier with its runs, and the per-host
 * politeness state shared by every worker of every process. Times that SQL compares are epoch milliseconds.
 */

/** Thrown inside a commit whose lease was lost (swept and re-leased elsewhere): the transaction rolls back. */
export class LeaseLostError extends MarkwatchError {
  constructor(readonly frontierId: number) {
    super('store.lease_lost', `frontier row ${frontierId}: lease lost`);
  }
}

export type FrontierKind = 'search' | 'item';
export const FRONTIER_STATES = ['pending', 'leased', 'done', 'failed', 'skipped', 'blocked'] as const;
export type FrontierState = (typeof FRONTIER_STATES)[number];

export interface NewFrontierEntry {
  kind: FrontierKind;
  platform: string;
  /** Politeness key: host[:port]. */
  domain: string;
  /** Canonical URL; unique within a run. */
  url: string;
  /** Platform item id; unique within a run for each platform. */
  itemId?: string | null;
  query?: string | null;
  pageNo?: number;
  /** Higher first. */
  priority?: number;
}

export interface FrontierEntry extends Required<NewFrontierEntry> {
  id: number;
  runPk: number;
  state: FrontierState;
  attempts: number;
  sessionRotations: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  /** 429 answers so far (their own budget: the host said "later", the page did not fail). */
  rateLimits: number;
  /** The failed row of an earlier run of the job that this row retries. */
  carriedFrom: number | null;
}

/** A cap on the rows a query may add to a run (the planner's page budget for it). */
export interface EnqueueLimit {
  platform: string;
  query: string;
  maxRows: number;
}

export type ClaimResult =
  | { kind: 'new'; runPk: number }
  | { kind: 'resume'; runPk: number; previousOwner: string }
  | { kind: 'busy'; runPk: number; owner: string };

export interface ItemCommit {
  frontierId: number;
  owner: string;
  listing: Listing;
  contentHash: string;
  /** Called inside the transaction only when the content is new or changed (unchanged = not matched again). */
  match: (listing: Listing) => Hit[];
  /** The finding rule (src/leads/openFindings.ts), applied to the flagged hits inside the transaction. */
  decideFindings: DecideFindings;
  /**
   * Content keys of the listing (normalised title, description): a new listing sharing one with another
   * listing of the same seller relists it. Stored for every new or changed version.
   */
  relistingKeys: string[];
  /** Evidence rows to attach when the content is new or changed. */
  evidence: Omit<NewEvidence, 'platform' | 'listingId'>[];
  /** Lease the worker's next row in the same transaction (one commit per page instead of two). */
  leaseNext?: NextLease;
}

/** A lease taken at the end of a commit, as leaseWithSlot() would take it right after. */
export interface NextLease {
  runPk: number;
  now: number;
  leaseMs: number;
}

export interface LeasedEntry {
  entry: FrontierEntry;
  /** The host's request slot was taken with the lease. */
  slot: boolean;
}

export interface ItemCommitResult {
  listingPk: number;
  status: UpsertStatus;
  hits: number;
  flaggedHits: number;
  newFindingIds: number[];
  evidence: number;
  /** A new listing that relists a known one (same seller and title, other id): that listing's id. */
  relistingOf: string | null;
  /** The row leased for `leaseNext` (null: nothing leasable now). */
  next: LeasedEntry | null;
}

export interface RetryUpdate {
  nextAttemptAt: number;
  errorClass: string;
  message: string;
  /**
   * The budget the failure spends: `retry` (network, timeout, 5xx, truncated), `rotation` (a block retired
   * the session) or `rate_limit` (a 429).
   */
  spend: 'retry' | 'rotation' | 'rate_limit';
}

/** A row that ended without success (failed: retries spent; blocked: rotations spent). */
export interface FailedRow {
  runPk: number;
  job: string;
  frontierId: number;
  kind: FrontierKind;
  platform: string;
  url: string;
  itemId: string | null;
  query: string | null;
  state: 'failed' | 'blocked';
  errorClass: string;
  lastError: string | null;
  attempts: number;
  /** Failed requests of this row in its run, every class (the history behind `errorClass`). */
  requests: number;
}

/** Which failures to list: one run's, or the latest finished run of one job (or of every job). */
export type FailureQuery = { runPk: number } | { job?: string };

export interface FailedRequest {
  runPk: number;
  frontierId: number | null;
  url: string;
  errorClass: string;
  status: number | null;
  message: string;
}

export interface RunTally {
  states: Record<FrontierState, number>;
  listings: Record<UpsertStatus, number>;
  hits: number;
  newFindings: number;
  relistings: number;
  /** Listings found taken down (404 or an offline page). */
  offline: number;
  /** Failed requests (every attempt), robots skips and offline listings excluded. */
  failedRequests: number;
  errorsByClass: Record<string, number>;
  /** Rows that ended failed or blocked, by the class of their last error. */
  failedByClass: Record<string, number>;
  /** Rows carried over from the job's previous run (its failures, retried first). */
  carried: number;
  /** Rows committed more than once (must stay 0). */
  duplicateCommits: number;
}

/** A run in state `running` (workers join these; the owner plans and seeds it). */
export interface RunningRun {
  runPk: number;
  job: string;
  owner: string;
  heartbeatUntil: number;
}

export interface FrontierRepository {
  /**
   * Starts a run of `job`, or resumes the unfinished one whose owner is gone (heartbeat expired or
   * `isOwnerGone` says so), or reports it busy. Atomic: two processes never both start the same job.
   */
  claimRun(
    job: string,
    owner: string,
    now: number,
    heartbeatMs: number,
    isOwnerGone: (owner: string) => boolean,
  ): Promise<ClaimResult>;
  savePlan(runPk: number, plan: unknown): Promise<void>;
  plan(runPk: number): Promise<unknown>;
  /** Renews the run's heartbeat and the owner's leases; false when another process took the run over. */
  heartbeat(runPk: number, owner: string, now: number, heartbeatMs: number): Promise<boolean>;
  finishRun(runPk: number, owner: string): Promise<void>;
  /** Runs still `running` whose owner's heartbeat is live at `now`, oldest first (what a worker may join). */
  runningRuns(now: number): Promise<RunningRun[]>;
  /** Inserts new rows (duplicates by canonical URL or item id are ignored); returns the count inserted. */
  enqueue(runPk: number, entries: NewFrontierEntry[], limit?: EnqueueLimit): Promise<number>;
  /** Leases the next due row of a domain under its concurrency cap (counted over all processes). */
  lease(runPk: number, owner: string, now: number, leaseMs: number): Promise<FrontierEntry | null>;
  /**
   * lease() and, in the same transaction, an attempt at the row's host request slot (one write instead of
   * two on the hot path); `slot` false means the caller waits for a slot as usual.
   */
  leaseWithSlot(runPk: number, owner: string, now: number, leaseMs: number): Promise<LeasedEntry | null>;
  /** Rows a query has added to the run so far (its result pages and items), to compare with its budget. */
  queryRows(runPk: number, platform: string, query: string): Promise<number>;
  /** Rows still to do: pending (and when the first is due) and leased by anyone. */
  outstanding(runPk: number): Promise<{ pending: number; leased: number; nextDueAt: number | null }>;
  /**
   * Extends `owner`'s live leases in the run to `now + leaseMs` (a worker's heartbeat; the run's own heartbeat
   * does this for the coordinator); the count renewed. A lease already swept or taken over is not touched.
   */
  renewLeases(runPk: number, owner: string, now: number, leaseMs: number): Promise<number>;
  /** Gives a leased row back untouched (the worker stopped before fetching it). */
  release(frontierId: number, owner: string): Promise<void>;
  /**
   * Returns `owner`'s leases of the run to pending at once (it stopped: no need to wait for them to lapse),
   * with any leased row that names no owner or no lease time, as releaseStaleLeases(runPk, 0, o => o === owner)
   * would; the count released. Other owners' live leases are left alone.
   */
  releaseLeases(runPk: number, owner: string): Promise<number>;
  /** Returns leases of the run that expired or whose owner is gone to pending; the count released. */
  releaseStaleLeases(runPk: number, now: number, isOwnerGone: (owner: string) => boolean): Promise<number>;
  /**
   * Marks a search page done and adds what it discovered, in one transaction; with `leaseNext`, leases the
   * worker's next row in it too.
   */
  completeSearch(
    frontierId: number,
    owner: string,
    discovered: NewFrontierEntry[],
    limit?: EnqueueLimit,
    leaseNext?: NextLease,
  ): Promise<{ inserted: number; next: LeasedEntry | null }>;
  /** Stores listing, hits, findings and evidence and marks the row done, in one transaction (idempotent). */
  commitItem(commit: ItemCommit): Promise<ItemCommitResult>;
  retry(frontierId: number, owner: string, update: RetryUpdate): Promise<void>;
  /** Ends a row without success: failed (budget spent), skipped (robots), blocked (rotations spent). */
  settle(
    frontierId: number,
    owner: string,
    state: 'failed' | 'skipped' | 'blocked',
    errorClass: string,
    message: string,
  ): Promise<void>;
  recordFailure(failure: FailedRequest): Promise<void>;
  /**
   * Calls `listener` when another connection — another worker process, on this machine or another — may
   * have made a row leasable, so an idle worker looks again at once rather than at its next poll (a hint, not
   * a guarantee: the poll stays). Returns the unsubscribe function.
   */
  onChange(listener: () => void): () => void;
  tally(runPk: number): Promise<RunTally>;
  entries(runPk: number): Promise<FrontierEntry[]>;
  /**
   * Copies the job's unsettled failed and blocked rows (of earlier runs, not yet carried by a later one; of
   * these platforms, at their current hosts) into the new run, ahead of everything else, so the next run of a
   * job retries what was lost; returns the count.
   */
  carryFailures(runPk: number, job: string, sites: CarrySite[]): Promise<number>;
  failures(query: FailureQuery): Promise<FailedRow[]>;
}

/** A token bucket this large never runs dry: the host has no request-rate limit. */
export const UNLIMITED_BUCKET = 1_000_000;

export interface DomainLimits {
  maxConcurrency: number;
  minIntervalMs: number;
  bucketSize: number;
  refillPerSec: number;
}

export interface DomainState extends DomainLimits {
  domain: string;
  crawlDelayMs: number;
  tokens: number;
  nextAllowedAt: number;
  backoffUntil: number;
  backoffReason: string | null;
}

export type SlotGrant =
  { granted: true } | { granted: false; waitMs: number; reason: 'interval' | 'backoff' | 'tokens' };

export interface HostPolicyRepository {
  /** Creates the host row or updates its configured limits (the dynamic state is kept). */
  configure(domain: string, limits: DomainLimits, now: number): Promise<void>;
  /** robots.txt Crawl-delay: a floor under the minimum interval. */
  setCrawlDelay(domain: string, crawlDelayMs: number, now: number): Promise<void>;
  /** Takes one request slot (minimum interval, token bucket, back-off) atomically, or says how long to wait. */
  acquire(domain: string, now: number): Promise<SlotGrant>;
  /** Pauses the host until `until` (never shortens a pause already set). */
  backOff(domain: string, until: number, reason: string): Promise<void>;
  get(domain: string): Promise<DomainState | null>;
  robots(origin: string): Promise<{ status: number; body: string; fetchedAt: number } | null>;
  saveRobots(origin: string, status: number, body: string, fetchedAt: number): Promise<void>;
}

/** A platform of a new run and the host its search pages are served from now. */
export interface CarrySite {
  platform: string;
  domain: string;
}
