import {
  ACTOR_ROLES,
  RIGHT_STATUS_LABELS,
  rightLabel,
  type Actor,
  type RegistryEntry,
  type Right,
  type RightNotification,
  type RightRevision,
  type RightStatus,
  type RightKind,
} from '../model/index.js';
import {
  DuplicateRightError,
  RevisionConflictError,
  type RightsRepository,
  type RightWrite,
} from '../store/repositories.js';
import { chinaDate } from './chinaDate.js';
import {
  duplicateKey,
  duplicateKeyField,
  duplicateKeyLabel,
  lastProtectedDay,
  validateRight,
} from './validateRight.js';

/*
 * The rights registry: what markwatch watches. Holders submit rights (pending), staff approve or reject them,
 * edits of an approved right wait for review while the approved version stays in force, rights whose validity
 * ends expire by themselves (the owner is told), and nothing is deleted — a right is retired. Ownership is
 * enforced here: a holder reads and changes only its own rights.
 */

/** The account automatic changes (expiry) are recorded under. */
export const SYSTEM_ACTOR: Actor = { role: 'staff', accountId: 'system' };

export type RegistryErrorCode = 'not_found' | 'forbidden' | 'invalid' | 'state' | 'conflict';

/** One problem of a submission or import: where (row / item), which right, which field, what is wrong. */
export interface RowError {
  row: string;
  id?: string;
  field: string;
  message: string;
}

export class RegistryError extends Error {
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
    readonly errors: RowError[] = [],
  ) {
    super(errors.length ? `${message}\n${errors.map(formatRowError).join('\n')}` : message);
    this.name = 'RegistryError';
  }
}

export function formatRowError(e: RowError): string {
  const id = e.id ? ` (right "${e.id}")` : '';
  return `  ${e.row}${id}: ${e.field}: ${e.message}`;
}

export interface ImportItem {
  /** Where the item came from, for the report: `rights[3]`, `第 5 行 (line 5)`. */
  row: string;
  raw: unknown;
  /** Problems the file format already found in this item (reported with the validation errors). */
  errors?: { field: string; message: string }[];
  /** How a field path is named in this format (CSV: its column). */
  describeField?: (field: string) => string;
}

export interface ImportOptions {
  /** Owner account of new rights when staff imports (default: the staff account itself). Holders always own. */
  owner?: string;
  /** Staff only: approve at once (each right gets an import and an approve revision). */
  approve?: boolean;
  /** Why (recorded in history). */
  reason?: string;
  /** Validate and report only; write nothing. */
  dryRun?: boolean;
}

export interface ImportReport {
  ok: boolean;
  total: number;
  created: string[];
  updated: string[];
  unchanged: string[];
  errors: RowError[];
  /** False when nothing was written (errors or dry run). */
  written: boolean;
}

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

function sameContent(a: Right | null, b: Right): boolean {
  return a !== null && JSON.stringify(a) === JSON.stringify(b);
}

function assertActor(actor: Actor): void {
  if (!actor || !(ACTOR_ROLES as readonly string[]).includes(actor.role) || !actor.accountId) {
    throw new RegistryError(
      'forbidden',
      `actor must be {role: 'staff'|'holder', accountId} (got ${JSON.stringify(actor)})`,
    );
  }
}

function requireStaff(actor: Actor, what: string): void {
  assertActor(actor);
  if (actor.role !== 'staff') throw new RegistryError('forbidden', `${what}: 仅限执法人员 (staff only)`);
}

function requireReason(reason: string | undefined, what: string): string {
  const r = reason?.trim();
  if (!r) throw new RegistryError('invalid', `${what}: 必须填写理由 (a reason is required)`);
  return r;
}

export class RightsRegistry {
  private readonly clock: () => Date;

  constructor(
    private readonly repo: RightsRepository,
    options: RegistryOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  // ---- reading ----

  /** A right the actor may see; a holder asking for another account's right gets not_found, as for a missing one. */
  async get(actor: Actor, id: string): Promise<RegistryEntry> {
    assertActor(actor);
    await this.expireDue();
    return this.visible(actor, id);
  }

  /** The rights the actor may see: staff all, a holder only its own. */
  async list(actor: Actor, query: ListQuery = {}): Promise<RegistryEntry[]> {
    assertActor(actor);
    await this.expireDue();
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
   * status (the matcher needs expired or invalid watched patents to judge markings). Pending edits are not
   * included; the approved version stays in force until they are approved.
   */
  async activeRights(at: Date = this.clock()): Promise<Right[]> {
    await this.expireDue();
    const day = chinaDate(at);
    const entries = [
      ...(await this.repo.list({ status: 'active' })),
      ...(await this.repo.list({ status: 'expired' })),
    ];
    return entries
      .map((e) => e.inForce)
      .filter((r): r is Right => r !== null && inForceOn(r, day))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Notifications for the actor's own account. */
  async notifications(actor: Actor, options: { unreadOnly?: boolean } = {}): Promise<RightNotification[]> {
    assertActor(actor);
    await this.expireDue();
    return this.repo.notifications(actor.accountId, options);
  }

  async markNotificationsRead(actor: Actor, ids: number[]): Promise<number> {
    assertActor(actor);
    return this.repo.markNotificationsRead(actor.accountId, ids, this.clock().toISOString());
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
      .map((e) => e.inForce)
      .filter((r): r is Right => r !== null && inForceOn(r, day));
  }

  // ---- changing ----

  /**
   * Submits a new right or a new version of an existing one. A holder's submission waits for review; an edit
   * of an approved right leaves the approved version in force until the edit is approved.
   */
  async submit(
    actor: Actor,
    input: unknown,
    options: Omit<ImportOptions, 'dryRun'> = {},
  ): Promise<RegistryEntry> {
    const report = await this.ingest(actor, [{ row: 'right', raw: input }], options, 'submit');
    if (!report.ok) {
      const code = report.errors.some((e) => e.field === '(owner)') ? 'not_found' : 'invalid';
      throw new RegistryError(code, '提交未通过校验 (submission rejected)', report.errors);
    }
    const id = report.created[0] ?? report.updated[0] ?? report.unchanged[0] ?? '';
    return this.visible(actor, id);
  }

  /** Staff approve the pending version: it becomes the version in force. */
  async approve(actor: Actor, id: string, reason?: string): Promise<RegistryEntry> {
    requireStaff(actor, 'approve');
    const entry = await this.awaitingReview(actor, id);
    const now = this.clock();
    const pending = entry.pending;
    const check = validateRight(pending, { now });
    if (!check.ok) {
      throw new RegistryError(
        'invalid',
        `right "${id}": the pending version no longer passes validation; reject it instead`,
        check.errors.map((e) => ({ row: 'pending', id, ...e })),
      );
    }
    await this.write([this.approval(entry, pending, actor, now, reason?.trim() || null, entry.revision)]);
    return this.visible(actor, id);
  }

  /** Staff reject the pending version with a reason; an approved version already in force stays in force. */
  async reject(actor: Actor, id: string, reason: string): Promise<RegistryEntry> {
    requireStaff(actor, 'reject');
    const why = requireReason(reason, 'reject');
    const entry = await this.awaitingReview(actor, id);
    const now = this.clock();
    const status: RightStatus = entry.inForce ? entry.status : 'rejected';
    await this.write([
      {
        rightId: id,
        baseRevision: entry.revision,
        kind: entry.kind,
        ownerAccountId: entry.ownerAccountId,
        action: 'reject',
        status,
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
            message: `您提交的「${rightLabel(entry.pending)}」(${id}) 未通过审核：${why} (rejected)`,
          },
        ],
      },
    ]);
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
    const now = this.clock();
    await this.write([
      {
        rightId: id,
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
                  message: `「${rightLabel(data)}」(${id}) 已注销，不再监测：${why} (retired)`,
                },
              ],
      },
    ]);
    return this.visible(actor, id);
  }

  /**
   * Moves every active right whose last protected day has passed (China date) to expired and tells its owner.
   * Patents stay on the watch list with their legal status set to expired (a marking of an expired patent is
   * itself a lead). Returns the ids changed. Called by every read; a scheduler may call it too.
   */
  async expireDue(): Promise<string[]> {
    const now = this.clock();
    const today = chinaDate(now);
    const changed: string[] = [];
    for (const entry of await this.repo.dueForExpiry(today)) {
      const right = entry.inForce;
      if (!right) continue;
      const write: RightWrite =
        right.kind === 'patent'
          ? {
              ...this.base(entry, right, now),
              action: 'expire',
              status: entry.status,
              data: { ...right, status: 'expired' },
              reason: `专利权期限届满 (term ended on ${entry.expiresOn ?? '?'})`,
              inForce: 'this',
              expiresOn: null,
              notifications: [
                {
                  accountId: entry.ownerAccountId,
                  kind: 'patent_term_ended',
                  message: `专利 ${right.number} (${entry.id}) 的保护期已于 ${entry.expiresOn ?? '?'} 届满，状态已改为 expired (patent term ended)`,
                },
              ],
            }
          : {
              ...this.base(entry, right, now),
              action: 'expire',
              status: 'expired',
              data: right,
              reason: `有效期已于 ${entry.expiresOn ?? '?'} 届满 (validTo passed)`,
              inForce: 'keep',
              notifications: [
                {
                  accountId: entry.ownerAccountId,
                  kind: 'expired',
                  message: `您的「${rightLabel(right)}」(${entry.id}) 有效期已于 ${entry.expiresOn ?? '?'} 届满，已停止监测；如已续展，请提交新的有效期 (expired; submit the renewed dates)`,
                },
              ],
            };
      try {
        await this.repo.apply([write]);
        changed.push(entry.id);
      } catch (err) {
        // Another change reached this right first; the next sweep sees the new state.
        if (!(err instanceof RevisionConflictError)) throw err;
      }
    }
    return changed;
  }

  /**
   * Imports many rights at once, all or nothing: every item is validated (fields, duplicates inside the batch
   * and against the store, ownership) and the report lists every problem; only a clean batch is written, in
   * one transaction.
   */
  async importRights(actor: Actor, items: ImportItem[], options: ImportOptions = {}): Promise<ImportReport> {
    return this.ingest(actor, items, options, 'import');
  }

  private async ingest(
    actor: Actor,
    items: ImportItem[],
    options: ImportOptions,
    action: 'submit' | 'import',
  ): Promise<ImportReport> {
    assertActor(actor);
    if (options.approve && actor.role !== 'staff') {
      throw new RegistryError('forbidden', 'approve on import: 仅限执法人员 (staff only)');
    }
    await this.expireDue();
    const now = this.clock();
    const report: ImportReport = {
      ok: false,
      total: items.length,
      created: [],
      updated: [],
      unchanged: [],
      errors: [],
      written: false,
    };
    const valid: { item: ImportItem; right: Right; key: string | null }[] = [];
    const seenIds = new Map<string, string>();
    const seenKeys = new Map<string, string>();
    for (const item of items) {
      const result = validateRight(item.raw, { now });
      const rawId = (item.raw as { id?: unknown } | null)?.id;
      const id = typeof rawId === 'string' ? rawId : undefined;
      const name = item.describeField ?? ((f: string) => f);
      for (const e of item.errors ?? []) report.errors.push({ row: item.row, id, ...e });
      if (!result.ok) {
        // A cell the format already reported is not reported twice.
        const reported = new Set((item.errors ?? []).map((e) => e.field));
        for (const e of result.errors) {
          if (!reported.has(e.field))
            report.errors.push({ row: item.row, id, field: name(e.field), message: e.message });
        }
        continue;
      }
      if (item.errors?.length) continue;
      const right = result.right;
      const key = duplicateKey(right, now);
      const firstRow = seenIds.get(right.id);
      if (firstRow) {
        report.errors.push({
          row: item.row,
          id: right.id,
          field: 'id',
          message: `与 ${firstRow} 的编号重复 (same id twice)`,
        });
        continue;
      }
      seenIds.set(right.id, item.row);
      if (key) {
        const other = seenKeys.get(key);
        if (other) {
          report.errors.push({
            row: item.row,
            id: right.id,
            field: duplicateKeyField(right),
            message: `${duplicateKeyLabel(key)} 与 ${other} 重复 (duplicate in this batch)`,
          });
          continue;
        }
        seenKeys.set(key, item.row);
      }
      valid.push({ item, right, key });
    }

    const keyed = valid.flatMap((v) => (v.key ? [v.key] : []));
    const holders = new Map<string, string[]>();
    for (const hit of await this.repo.findByDupKeys(keyed)) {
      holders.set(hit.dupKey, [...(holders.get(hit.dupKey) ?? []), hit.rightId]);
    }
    const writes: RightWrite[] = [];
    const reason = options.reason?.trim() || null;
    for (const { item, right, key } of valid) {
      const existing = await this.repo.get(right.id);
      if (existing && actor.role === 'holder' && existing.ownerAccountId !== actor.accountId) {
        // Same answer as for any id the holder cannot see: the id is taken.
        report.errors.push({
          row: item.row,
          id: right.id,
          field: '(owner)',
          message: `编号 "${right.id}" 已被占用 (id is taken)`,
        });
        continue;
      }
      if (existing?.status === 'retired') {
        report.errors.push({
          row: item.row,
          id: right.id,
          field: 'id',
          message: `"${right.id}" 已注销，不能再修改 (retired; use a new id)`,
        });
        continue;
      }
      if (existing && existing.kind !== right.kind) {
        report.errors.push({
          row: item.row,
          id: right.id,
          field: 'kind',
          message: `不能把 ${existing.kind} 改为 ${right.kind} (kind cannot change)`,
        });
        continue;
      }
      const clash = key ? (holders.get(key) ?? []).filter((other) => other !== right.id) : [];
      if (key && clash.length) {
        const visibleClash = actor.role === 'staff' ? ` (${clash.join(', ')})` : '';
        report.errors.push({
          row: item.row,
          id: right.id,
          field: duplicateKeyField(right),
          message: `${duplicateKeyLabel(key)} 已登记在其他权利上${visibleClash} (already registered)`,
        });
        continue;
      }
      if (existing && sameContent(existing.pending ?? existing.inForce, right)) {
        if (options.approve && existing.pending) {
          // Staff approving what is already pending: only the approval is new.
          writes.push(this.approval(existing, right, actor, now, reason, existing.revision));
          report.updated.push(right.id);
        } else {
          report.unchanged.push(right.id);
        }
        continue;
      }
      writes.push(...this.submission(actor, existing, right, now, reason, options, action));
      (existing ? report.updated : report.created).push(right.id);
    }
    report.ok = report.errors.length === 0;
    if (!report.ok || options.dryRun) {
      if (!report.ok) report.created = report.updated = report.unchanged = [];
      return report;
    }
    try {
      await this.write(writes);
    } catch (err) {
      if (err instanceof RegistryError) {
        report.ok = false;
        report.errors.push({ row: '(store)', field: '(store)', message: err.message });
        report.created = report.updated = report.unchanged = [];
        return report;
      }
      throw err;
    }
    report.written = writes.length > 0;
    return report;
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

  private base(entry: RegistryEntry, right: Right, now: Date) {
    return {
      rightId: entry.id,
      baseRevision: entry.revision,
      kind: entry.kind,
      ownerAccountId: entry.ownerAccountId,
      actor: SYSTEM_ACTOR,
      at: now.toISOString(),
      pending: 'keep' as const,
      dupKey: duplicateKey(entry.pending ?? right, now),
    };
  }

  /** The write(s) for a submission: a pending version, and for staff with approve, its approval. */
  private submission(
    actor: Actor,
    existing: RegistryEntry | null,
    right: Right,
    now: Date,
    reason: string | null,
    options: ImportOptions,
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
      writes.push(this.approval(pendingEntry, right, actor, now, reason, write.baseRevision + 1));
    }
    return writes;
  }

  private approval(
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

  private async write(writes: RightWrite[]): Promise<void> {
    try {
      await this.repo.apply(writes);
    } catch (err) {
      if (err instanceof RevisionConflictError) throw new RegistryError('conflict', err.message);
      if (err instanceof DuplicateRightError) throw new RegistryError('invalid', err.message);
      throw err;
    }
  }
}

/** Whether a right protects on China day `day`. */
export function inForceOn(right: Right, day: string): boolean {
  if (right.kind === 'trademark' || right.kind === 'special')
    return right.validFrom <= day && day <= right.validTo;
  return true;
}
