import type { Right } from './right.js';

/*
 * The rights registry's view of a right: its life-cycle status, who owns it, and its history. The watch-list
 * fields themselves are the Right of right.ts; these types wrap it.
 */

/** pending: submitted, never approved · active: an approved version is in force · rejected: never approved,
 *  turned down · expired: validTo passed · retired: withdrawn for good (nothing is deleted). */
export const RIGHT_STATUSES = ['pending', 'active', 'rejected', 'expired', 'retired'] as const;
export type RightStatus = (typeof RIGHT_STATUSES)[number];

export const RIGHT_STATUS_LABELS: Record<RightStatus, string> = {
  pending: '待审核',
  active: '有效',
  rejected: '已驳回',
  expired: '已到期',
  retired: '已注销',
};

export const RIGHT_ACTIONS = ['submit', 'edit', 'approve', 'reject', 'expire', 'retire', 'import'] as const;
export type RightAction = (typeof RIGHT_ACTIONS)[number];

export const ACTOR_ROLES = ['staff', 'holder'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/** Who is calling: enforcement staff see everything; a rights-holder account only its own rights. */
export interface Actor {
  role: ActorRole;
  accountId: string;
}

/** One registry entry as callers see it. */
export interface RegistryEntry {
  id: string;
  kind: Right['kind'];
  ownerAccountId: string;
  status: RightStatus;
  /** Latest revision number (every change adds one). */
  revision: number;
  /** The approved version in force (for active/expired rights), else null. */
  inForce: Right | null;
  /** A submitted version awaiting review, else null. */
  pending: Right | null;
  /** Last day (inclusive, China time) the in-force version protects; null = no end (GI). */
  expiresOn: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One step of a right's history: every change is a new revision recording who, when and why. */
export interface RightRevision {
  rightId: string;
  revision: number;
  action: RightAction;
  /** Life-cycle status after this change. */
  status: RightStatus;
  /** The content this revision concerns (the submitted, approved, rejected … version). */
  data: Right;
  actor: Actor;
  at: string;
  reason: string | null;
}

/**
 * One change to one right, as the registry hands it to the store, which records it as the next RightRevision.
 * Derived from RightRevision (the revision number is the store's to assign), plus what the store needs to
 * keep the entry's summary row and its outbox in step.
 */
export type RightWrite = Omit<RightRevision, 'revision'> & {
  /** The revision the change was decided on (0 = the right must not exist yet). If the store holds a newer one,
   *  the whole batch fails with RevisionConflictError. */
  baseRevision: number;
  kind: Right['kind'];
  ownerAccountId: string;
  /** 'this': this revision's content becomes the approved version in force; 'keep': unchanged; 'clear': none. */
  inForce: 'this' | 'keep' | 'clear';
  /** 'this': this revision's content awaits review; 'keep': unchanged; 'clear': nothing pending. */
  pending: 'this' | 'keep' | 'clear';
  /** Last protected day of the version in force (null = no end); undefined = unchanged. */
  expiresOn?: string | null;
  /** Normalised number that must not be live twice (null = none). */
  dupKey: string | null;
  notifications?: { accountId: string; kind: RightNotification['kind']; message: string }[];
};

/** A message for an account (outbox the web app reads): e.g. "your right expired". */
export interface RightNotification {
  id: number;
  accountId: string;
  rightId: string;
  kind: 'expired' | 'approved' | 'rejected' | 'retired' | 'patent_term_ended';
  message: string;
  createdAt: string;
  readAt: string | null;
}
