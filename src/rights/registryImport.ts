import type { Actor, RegistryEntry, Right } from '../model/index.js';
import type { RightsRepository, RightWrite } from '../store/repositories.js';
import { applyWrites, assertActor, RegistryError, type RowError } from './registryErrors.js';
import { approvalWrite, submissionWrites } from './registryWrites.js';
import { duplicateKey, duplicateKeyField, duplicateKeyLabel, validateRight } from './validateRight.js';

/*
 * Submitting rights, one or a batch, all or nothing: every item is validated (fields, duplicates inside the
 * batch and against the store, ownership), the report lists every problem, and only a clean batch is written,
 * in one transaction.
 */

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

interface ValidItem {
  item: ImportItem;
  right: Right;
  key: string | null;
}

function sameContent(a: Right | null, b: Right): boolean {
  return a !== null && JSON.stringify(a) === JSON.stringify(b);
}

/** Field validation and duplicates inside the batch: the items that pass, problems into `errors`. */
function validateBatch(items: ImportItem[], now: Date, errors: RowError[]): ValidItem[] {
  const valid: ValidItem[] = [];
  const seenIds = new Map<string, string>();
  const seenKeys = new Map<string, string>();
  for (const item of items) {
    const result = validateRight(item.raw, { now });
    const rawId = (item.raw as { id?: unknown } | null)?.id;
    const id = typeof rawId === 'string' ? rawId : undefined;
    const name = item.describeField ?? ((f: string) => f);
    for (const e of item.errors ?? []) errors.push({ row: item.row, id, ...e });
    if (!result.ok) {
      // A cell the format already reported is not reported twice.
      const reported = new Set((item.errors ?? []).map((e) => e.field));
      for (const e of result.errors) {
        if (!reported.has(e.field))
          errors.push({ row: item.row, id, field: name(e.field), message: e.message });
      }
      continue;
    }
    if (item.errors?.length) continue;
    const right = result.right;
    const key = duplicateKey(right, now);
    const firstRow = seenIds.get(right.id);
    if (firstRow) {
      errors.push({
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
        errors.push({
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
  return valid;
}

/** Why `right` may not be written over `existing` by `actor`, or null when it may. */
function storeConflict(
  actor: Actor,
  existing: RegistryEntry | null,
  right: Right,
  key: string | null,
  holders: Map<string, string[]>,
): Omit<RowError, 'row' | 'id'> | null {
  if (existing && actor.role === 'holder' && existing.ownerAccountId !== actor.accountId) {
    // Same answer as for any id the holder cannot see: the id is taken.
    return { field: '(owner)', message: `编号 "${right.id}" 已被占用 (id is taken)` };
  }
  if (existing?.status === 'retired') {
    return { field: 'id', message: `"${right.id}" 已注销，不能再修改 (retired; use a new id)` };
  }
  if (existing && existing.kind !== right.kind) {
    return { field: 'kind', message: `不能把 ${existing.kind} 改为 ${right.kind} (kind cannot change)` };
  }
  const clash = key ? (holders.get(key) ?? []).filter((other) => other !== right.id) : [];
  if (key && clash.length) {
    const visibleClash = actor.role === 'staff' ? ` (${clash.join(', ')})` : '';
    return {
      field: duplicateKeyField(right),
      message: `${duplicateKeyLabel(key)} 已登记在其他权利上${visibleClash} (already registered)`,
    };
  }
  return null;
}

export async function ingestRights(
  repo: RightsRepository,
  actor: Actor,
  items: ImportItem[],
  options: ImportOptions,
  action: 'submit' | 'import',
  now: Date,
): Promise<ImportReport> {
  assertActor(actor);
  if (options.approve && actor.role !== 'staff') {
    throw new RegistryError('forbidden', 'approve on import: 仅限执法人员 (staff only)');
  }
  const report: ImportReport = {
    ok: false,
    total: items.length,
    created: [],
    updated: [],
    unchanged: [],
    errors: [],
    written: false,
  };
  const valid = validateBatch(items, now, report.errors);
  const keyed = valid.flatMap((v) => (v.key ? [v.key] : []));
  const holders = new Map<string, string[]>();
  for (const hit of await repo.findByDupKeys(keyed)) {
    holders.set(hit.dupKey, [...(holders.get(hit.dupKey) ?? []), hit.rightId]);
  }
  const writes: RightWrite[] = [];
  const reason = options.reason?.trim() || null;
  for (const { item, right, key } of valid) {
    const existing = await repo.get(right.id);
    const conflict = storeConflict(actor, existing, right, key, holders);
    if (conflict) {
      report.errors.push({ row: item.row, id: right.id, ...conflict });
      continue;
    }
    if (existing && sameContent(existing.pending ?? existing.inForce, right)) {
      if (options.approve && existing.pending) {
        // Staff approving what is already pending: only the approval is new.
        writes.push(approvalWrite(existing, right, actor, now, reason, existing.revision));
        report.updated.push(right.id);
      } else {
        report.unchanged.push(right.id);
      }
      continue;
    }
    writes.push(...submissionWrites(actor, existing, right, now, reason, options, action));
    (existing ? report.updated : report.created).push(right.id);
  }
  report.ok = report.errors.length === 0;
  if (!report.ok || options.dryRun) {
    if (!report.ok) report.created = report.updated = report.unchanged = [];
    return report;
  }
  try {
    await applyWrites(repo, writes);
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
