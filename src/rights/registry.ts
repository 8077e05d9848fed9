import {
  RIGHT_STATUS_LABELS,
  type Actor,
  type RegistryEntry,
  type Right,
  type RightKind,
  type RightNotification,
  type RightRevision,
  type RightStatus,
} from '../model/index.js';
import { RevisionConflictError, type RightsRepository } from '../store/repositories.js';
import { chinaDate } from './chinaDate.js';
import { applyWrites, assertActor, RegistryError, requireReason, requireStaff } from './registryErrors.js';
import { ingestRights, type ImportItem, type ImportOptions, type ImportReport } from './registryImport.js';
import { effectiveInForce, inForceOn, watchList } from './registryQueries.js';
import { approvalWrite, expiryWrite, rejectionWrite, retirementWrite } from './registryWrites.js';
import { validateRight } from './validateRight.js';

/*
 * The rights registry: what markwatch watches. Holders submit rights (pending), staff approve or reject them,
 * edits of an approved right wait for review while the approved version stays in force, rights whose validity
 * ends are moved to expired by an explicit step (`expireDue`, run by crawl jobs and `rights expire`; the owner
 * is told), and nothing is deleted — a right is retired. Ownership is enforced here: a holder reads and changes
 * only its own rights. Reads never write, so they work on a read-only store.
 */

export { RegistryError, formatRowError, type RegistryErrorCode, type RowError } from './registryErrors.js';
export type { ImportItem, ImportOptions, ImportReport } from './registryImport.js';
export { inForceOn, pastTerm, pastTermNote } from './registryQueries.js';
export { SYSTEM_ACTOR } from './registryWrites.js';

export interface ListQuery {
  status?: RightStatus;
  kind?: RightKind;
  limit?: number;
  offset?: number;
}

export interface RegistryOptions {
  /** The time source (tests set it to move through expiry). */
  clock?: () => Date;
}

export class RightsRegistry {
  private readonly clock: () => Date;

  constructor(
    private readonly repo: RightsRepository,
    options: RegistryOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** The registry's current time (what `pastTerm` and the expiry step compare against). */
  now(): Date {
    return this.clock();
  }

  // ---- reading (never writes) ----

  /** A right the actor may see; a holder asking for another account's right gets not_found, as for a missing one. */
  async get(actor: Actor, id: string): Promise<RegistryEntry> {
    assertActor(actor);
    return this.visible(actor, id);
  }

  /** The rights the actor may see: staff all, a holder only its own. */
  async list(actor: Actor, query: ListQuery = {}): Promise<RegistryEntry[]> {
    assertActor(actor);
    return this.repo.list({
      ...query,
      ...(actor.role === 'holder' ? { ownerAccountId: actor.accountId } : {}),
    });
  }

  async history(actor: Actor, id: string): Promise<RightRevision[]> {
    assertActor(actor);
    await this.visible(actor, id);
    return this.repo.history(id);
  }

  /**
   * The watch list for matching: the approved version in force of every right that protects at `at` —
   * trademarks and special marks with validFrom ≤ day ≤ validTo, GIs, and approved patent records of any legal
   * status (the matcher needs expired or invalid watched patents to judge markings; a patent past its term
   * reads as expired before the expiry step records it). Pending edits are not included; the approved version
   * stays in force until they are approved.
   */
  async activeRights(at: Date = this.clock()): Promise<Right[]> {
    const entries = [
      ...(await this.repo.list({ status: 'active' })),
      ...(await this.repo.list({ status: 'expired' })),
    ];
    return watchList(entries, chinaDate(at));
  }

  /** Notifications for the actor's own account. */
  async notifications(actor: Actor, options: { unreadOnly?: boolean } = {}): Promise<RightNotification[]> {
    assertActor(actor);
    return this.repo.notifications(actor.accountId, options);
  }

  /**
   * Exports what the actor may see: `inForce` (default) the approved versions protecting today — a watch list;
   * `latest` the newest content of every right not retired (pending edits included).
   */
  async export(actor: Actor, scope: 'inForce' | 'latest' = 'inForce'): Promise<Right[]> {
    const entries = await this.list(actor);
    const day = chinaDate(this.clock());
    if (scope === 'latest') {
      return entries
        .filter((e) => e.status !== 'retired')
        .map((e) => e.pending ?? e.inForce)
        .filter((r): r is Right => r !== null);
    }
    return entries
      .filter((e) => e.status === 'active' || e.status === 'expired')
      .map((e) => effectiveInForce(e, day))
      .filter((r): r is Right => r !== null && inForceOn(r, day));
  }

  // ---- changing ----

  async markNotificationsRead(actor: Actor, ids: number[]): Promise<number> {
    assertActor(actor);
    return this.repo.markNotificationsRead(actor.accountId, ids, this.clock().toISOString());
  }

  /**
   * Submits a new right or a new version of an existing one. A holder's submission waits for review; an edit
   * of an approved right leaves the approved version in force until the edit is approved.
   */
  async submit(
    actor: Actor,
    input: unknown,
    options: Omit<ImportOptions, 'dryRun'> = {},
  ): Promise<RegistryEntry> {
    const report = await ingestRights(
      this.repo,
      actor,
      [{ row: 'right', raw: input }],
      options,
      'submit',
      this.clock(),
    );
    if (!report.ok) {
      const code = report.errors.some((e) => e.field === '(owner)') ? 'not_found' : 'invalid';
      throw new RegistryError(code, '提交未通过校验 (submission rejected)', report.errors);
    }
    const id = report.created[0] ?? report.updated[0] ?? report.unchanged[0] ?? '';
    return this.visible(actor, id);
  }

  /**
   * Imports many rights at once, all or nothing: every item is validated (fields, duplicates inside the batch
   * and against the store, ownership) and the report lists every problem; only a clean batch is written, in
   * one transaction.
   */
  async importRights(actor: Actor, items: ImportItem[], options: ImportOptions = {}): Promise<ImportReport> {
    return ingestRights(this.repo, actor, items, options, 'import', this.clock());
  }

  /** Staff approve the pending version: it becomes the version in force. */
  async approve(actor: Actor, id: string, reason?: string): Promise<RegistryEntry> {
    requireStaff(actor, 'approve');
    const entry = await this.awaitingReview(actor, id);
    const now = this.clock();
    const check = validateRight(entry.pending, { now });
    if (!check.ok) {
      throw new RegistryError(
        'invalid',
        `right "${id}": the pending version no longer passes validation; reject it instead`,
        check.errors.map((e) => ({ row: 'pending', id, ...e })),
      );
    }
    await applyWrites(this.repo, [
      approvalWrite(entry, entry.pending, actor, now, reason?.trim() || null, entry.revision),
    ]);
    return this.visible(actor, id);
  }

  /** Staff reject the pending version with a reason; an approved version already in force stays in force. */
  async reject(actor: Actor, id: string, reason: string): Promise<RegistryEntry> {
    requireStaff(actor, 'reject');
    const why = requireReason(reason, 'reject');
    const entry = await this.awaitingReview(actor, id);
    await applyWrites(this.repo, [rejectionWrite(entry, actor, this.clock(), why)]);
    return this.visible(actor, id);
  }

  /** Retires a right for good (holders their own, staff any); it leaves the watch list, its history stays. */
  async retire(actor: Actor, id: string, reason: string): Promise<RegistryEntry> {
    assertActor(actor);
    const why = requireReason(reason, 'retire');
    const entry = await this.visible(actor, id);
    if (entry.status === 'retired') throw new RegistryError('state', `right "${id}" is already retired`);
    const data = entry.pending ?? entry.inForce;
    if (!data) throw new RegistryError('state', `right "${id}" has no content`);
    await applyWrites(this.repo, [retirementWrite(entry, data, actor, this.clock(), why)]);
    return this.visible(actor, id);
  }

  /**
   * The expiry step: moves every active right whose last protected day has passed (China date of `now`) to
   * expired and tells its owner; a patent stays watched with its legal status set to expired. Returns the ids
   * changed. Reads do not call it: crawl jobs and `markwatch rights expire` do, and write commands before they
   * write.
   */
  async expireDue(now: Date = this.clock()): Promise<string[]> {
    const changed: string[] = [];
    for (const entry of await this.repo.dueForExpiry(chinaDate(now))) {
      if (!entry.inForce) continue;
      try {
        await this.repo.apply([expiryWrite(entry, entry.inForce, now)]);
        changed.push(entry.id);
      } catch (err) {
        // Another change reached this right first; the next sweep sees the new state.
        if (!(err instanceof RevisionConflictError)) throw err;
      }
    }
    return changed;
  }

  // ---- internals ----

  /** A right with a version awaiting review (for approve and reject). */
  private async awaitingReview(actor: Actor, id: string): Promise<RegistryEntry & { pending: Right }> {
    const entry = await this.visible(actor, id);
    if (entry.status === 'retired' || entry.pending === null) {
      throw new RegistryError(
        'state',
        `right "${id}" (${RIGHT_STATUS_LABELS[entry.status]}) has no version awaiting review`,
      );
    }
    return { ...entry, pending: entry.pending };
  }

  private async visible(actor: Actor, id: string): Promise<RegistryEntry> {
    const entry = await this.repo.get(id);
    if (!entry || (actor.role === 'holder' && entry.ownerAccountId !== actor.accountId)) {
      throw new RegistryError('not_found', `right "${id}" not found (or not yours)`);
    }
    return entry;
  }
}
