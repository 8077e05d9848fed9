import { rightLabel, type Actor, type RegistryEntry, type Right, type RightStatus } from '../model/index.js';
import type { RightWrite } from '../store/repositories.js';
import { chinaDate } from './chinaDate.js';
import { duplicateKey, lastProtectedDay } from './validateRight.js';

/*
 * The revisions the registry writes, as pure functions of the entry, the new content, the actor and the time:
 * what each step of the lifecycle (submit, approve, reject, retire, expire) records and whom it tells.
 */

/** The account automatic changes (expiry) are recorded under. */
export const SYSTEM_ACTOR: Actor = { role: 'staff', accountId: 'system' };

export interface SubmissionOptions {
  /** Owner account of new rights when staff submits (default: the staff account itself). Holders always own. */
  owner?: string;
  /** Staff only: approve at once (the right gets a submission and an approve revision). */
  approve?: boolean;
}

/** The write(s) for a submission: a pending version, and for staff with approve, its approval. */
export function submissionWrites(
  actor: Actor,
  existing: RegistryEntry | null,
  right: Right,
  now: Date,
  reason: string | null,
  options: SubmissionOptions,
  action: 'submit' | 'import',
): RightWrite[] {
  const owner =
    existing?.ownerAccountId ??
    (actor.role === 'holder' ? actor.accountId : (options.owner ?? actor.accountId));
  const status: RightStatus = existing?.inForce ? existing.status : 'pending';
  const write: RightWrite = {
    rightId: right.id,
    baseRevision: existing?.revision ?? 0,
    kind: right.kind,
    ownerAccountId: owner,
    action: existing ? 'edit' : action,
    status,
    data: right,
    actor,
    at: now.toISOString(),
    reason,
    inForce: 'keep',
    pending: 'this',
    dupKey: duplicateKey(right, now),
  };
  const writes = [write];
  if (options.approve) {
    const pendingEntry: RegistryEntry = {
      id: right.id,
      kind: right.kind,
      ownerAccountId: owner,
      status,
      revision: write.baseRevision + 1,
      inForce: existing?.inForce ?? null,
      pending: right,
      expiresOn: existing?.expiresOn ?? null,
      createdAt: write.at,
      updatedAt: write.at,
    };
    writes.push(approvalWrite(pendingEntry, right, actor, now, reason, write.baseRevision + 1));
  }
  return writes;
}

/** Approving `right` as the version in force; a right already past its term is approved straight to expired. */
export function approvalWrite(
  entry: RegistryEntry,
  right: Right,
  actor: Actor,
  now: Date,
  reason: string | null,
  baseRevision: number,
): RightWrite {
  const lastDay = lastProtectedDay(right);
  const expiresOn = right.kind === 'patent' && right.status !== 'valid' ? null : lastDay;
  const expired = right.kind !== 'patent' && lastDay !== null && lastDay < chinaDate(now);
  return {
    rightId: entry.id,
    baseRevision,
    kind: right.kind,
    ownerAccountId: entry.ownerAccountId,
    action: 'approve',
    status: expired ? 'expired' : 'active',
    data: right,
    actor,
    at: now.toISOString(),
    reason,
    inForce: 'this',
    pending: 'clear',
    expiresOn,
    dupKey: duplicateKey(right, now),
    notifications:
      actor.accountId === entry.ownerAccountId
        ? []
        : [
            {
              accountId: entry.ownerAccountId,
              kind: 'approved',
              message: `「${rightLabel(right)}」(${entry.id}) 已通过审核，开始监测 (approved)`,
            },
          ],
  };
}

/** Rejecting the pending version; an approved version already in force stays in force. */
export function rejectionWrite(
  entry: RegistryEntry & { pending: Right },
  actor: Actor,
  now: Date,
  why: string,
): RightWrite {
  return {
    rightId: entry.id,
    baseRevision: entry.revision,
    kind: entry.kind,
    ownerAccountId: entry.ownerAccountId,
    action: 'reject',
    status: entry.inForce ? entry.status : 'rejected',
    data: entry.pending,
    actor,
    at: now.toISOString(),
    reason: why,
    inForce: 'keep',
    pending: 'clear',
    dupKey: entry.inForce ? duplicateKey(entry.inForce, now) : duplicateKey(entry.pending, now),
    notifications: [
      {
        accountId: entry.ownerAccountId,
        kind: 'rejected',
        message: `您提交的「${rightLabel(entry.pending)}」(${entry.id}) 未通过审核：${why} (rejected)`,
      },
    ],
  };
}

/** Retiring a right for good; the owner is told unless the owner did it. */
export function retirementWrite(
  entry: RegistryEntry,
  data: Right,
  actor: Actor,
  now: Date,
  why: string,
): RightWrite {
  return {
    rightId: entry.id,
    baseRevision: entry.revision,
    kind: entry.kind,
    ownerAccountId: entry.ownerAccountId,
    action: 'retire',
    status: 'retired',
    data,
    actor,
    at: now.toISOString(),
    reason: why,
    inForce: 'keep',
    pending: 'clear',
    dupKey: duplicateKey(data, now),
    notifications:
      actor.accountId === entry.ownerAccountId
        ? []
        : [
            {
              accountId: entry.ownerAccountId,
              kind: 'retired',
              message: `「${rightLabel(data)}」(${entry.id}) 已注销，不再监测：${why} (retired)`,
            },
          ],
  };
}

/**
 * The end of a right's term, recorded by the system account. A patent stays on the watch list with its legal
 * status set to expired (a marking of an expired patent is itself a lead); any other right moves to expired.
 */
export function expiryWrite(entry: RegistryEntry, right: Right, now: Date): RightWrite {
  const base = {
    rightId: entry.id,
    baseRevision: entry.revision,
    kind: entry.kind,
    ownerAccountId: entry.ownerAccountId,
    actor: SYSTEM_ACTOR,
    at: now.toISOString(),
    pending: 'keep' as const,
    dupKey: duplicateKey(entry.pending ?? right, now),
    action: 'expire' as const,
  };
  const ended = entry.expiresOn ?? '?';
  if (right.kind === 'patent') {
    return {
      ...base,
      status: entry.status,
      data: { ...right, status: 'expired' },
      reason: `专利权期限届满 (term ended on ${ended})`,
      inForce: 'this',
      expiresOn: null,
      notifications: [
        {
          accountId: entry.ownerAccountId,
          kind: 'patent_term_ended',
          message: `专利 ${right.number} (${entry.id}) 的保护期已于 ${ended} 届满，状态已改为 expired (patent term ended)`,
        },
      ],
    };
  }
  return {
    ...base,
    status: 'expired',
    data: right,
    reason: `有效期已于 ${ended} 届满 (validTo passed)`,
    inForce: 'keep',
    notifications: [
      {
        accountId: entry.ownerAccountId,
        kind: 'expired',
        message: `您的「${rightLabel(right)}」(${entry.id}) 有效期已于 ${ended} 届满，已停止监测；如已续展，请提交新的有效期 (expired; submit the renewed dates)`,
      },
    ],
  };
}
