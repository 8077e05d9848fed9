import type { Evidence, EvidenceKind, Hit, Lead, LeadStatus, Listing, RunRecord } from '../model/index.js';

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
  /** Leads created by this call (a lead already open for the same listing, right and reason is kept). */
  newLeadIds: number[];
}

export interface HitRepository {
  /** Stores the hits of one listing version and opens a lead for each flagged one, atomically. */
  record(listingPk: number, contentHash: string, hits: Hit[]): Promise<RecordHitsResult>;
  forListing(listingPk: number): Promise<StoredHit[]>;
}

export interface LeadQuery {
  status?: LeadStatus;
  limit?: number;
  offset?: number;
}

export interface LeadRepository {
  list(query?: LeadQuery): Promise<Lead[]>;
  get(id: number): Promise<Lead | null>;
  count(query?: Pick<LeadQuery, 'status'>): Promise<number>;
  setStatus(id: number, status: LeadStatus): Promise<void>;
}

export interface NewEvidence extends Omit<Evidence, 'id'> {
  kind: EvidenceKind;
}

export interface EvidenceRepository {
  add(listingPk: number, evidence: Omit<NewEvidence, 'platform' | 'listingId'>): Promise<number>;
  forListing(platform: string, listingId: string): Promise<Evidence[]>;
}

export interface RunRepository {
  start(kind: string): Promise<number>;
  finish(id: number, status: 'ok' | 'failed', stats: Record<string, unknown>): Promise<void>;
  recent(limit: number): Promise<RunRecord[]>;
}
