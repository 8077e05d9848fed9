import { ACTOR_ROLES, type Actor } from '../model/index.js';
import { MarkwatchError } from '../common/errors.js';
import {
  DuplicateRightError,
  RevisionConflictError,
  type RightsRepository,
  type RightWrite,
} from '../store/repositories.js';

/** Why the registry refused: the suffix of the error's stable code (`rights.not_found` …). */
export type RegistryErrorCode = 'not_found' | 'forbidden' | 'invalid' | 'state' | 'conflict';

/** One problem of a submission or import: where (row / item), which right, which field, what is wrong. */
export interface RowError {
  row: string;
  id?: string;
  field: string;
  message: string;
}

export class RegistryError extends MarkwatchError {
  constructor(
    readonly reason: RegistryErrorCode,
    message: string,
    readonly errors: RowError[] = [],
  ) {
    super(
      `rights.${reason}`,
      errors.length ? `${message}\n${errors.map(formatRowError).join('\n')}` : message,
    );
  }
}

export function formatRowError(e: RowError): string {
  const id = e.id ? ` (right "${e.id}")` : '';
  return `  ${e.row}${id}: ${e.field}: ${e.message}`;
}

export function assertActor(actor: Actor): void {
  if (!actor || !(ACTOR_ROLES as readonly string[]).includes(actor.role) || !actor.accountId) {
    throw new RegistryError(
      'forbidden',
      `actor must be {role: 'staff'|'holder', accountId} (got ${JSON.stringify(actor)})`,
    );
  }
}

export function requireStaff(actor: Actor, what: string): void {
  assertActor(actor);
  if (actor.role !== 'staff') throw new RegistryError('forbidden', `${what}: 仅限执法人员 (staff only)`);
}

export function requireReason(reason: string | undefined, what: string): string {
  const r = reason?.trim();
  if (!r) throw new RegistryError('invalid', `${what}: 必须填写理由 (a reason is required)`);
  return r;
}

/** Applies revisions, turning the store's refusals into the registry's (a lost race, a duplicate key). */
export async function applyWrites(repo: RightsRepository, writes: RightWrite[]): Promise<void> {
  try {
    await repo.apply(writes);
  } catch (err) {
    if (err instanceof RevisionConflictError) throw new RegistryError('conflict', err.message);
    if (err instanceof DuplicateRightError) throw new RegistryError('invalid', err.message);
    throw err;
  }
}
