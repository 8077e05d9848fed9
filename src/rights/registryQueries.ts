import type { RegistryEntry, Right } from '../model/index.js';

/*
 * What the registry's reads compute from stored entries, without writing: which rights protect on a day, and
 * which are past their term but not yet moved to expired (expiry is an explicit step: `expireDue`).
 */

/** Whether a right protects on China day `day`. */
export function inForceOn(right: Right, day: string): boolean {
  if (right.kind === 'trademark' || right.kind === 'special')
    return right.validFrom <= day && day <= right.validTo;
  return true;
}

/**
 * Whether `entry`'s term ended before China day `today` while it is still active: the next expiry step
 * (`markwatch rights expire`, or a crawl job) moves it to expired. The store's dueForExpiry uses the same rule.
 */
export function pastTerm(entry: RegistryEntry, today: string): boolean {
  return entry.status === 'active' && entry.expiresOn !== null && entry.expiresOn < today;
}

/** What a status display adds for a right past its term that the expiry step has not yet moved, or ''. */
export function pastTermNote(entry: RegistryEntry, today: string): string {
  return pastTerm(entry, today)
    ? `（已过期限 ${entry.expiresOn}，待到期处理 past term; run \`markwatch rights expire\`）`
    : '';
}

/**
 * The version of `entry` the matcher should see on `today`: a patent past its term reads as expired even
 * before the expiry step records it, so a read between the term's end and the next sweep judges markings as
 * the sweep will.
 */
export function effectiveInForce(entry: RegistryEntry, today: string): Right | null {
  const right = entry.inForce;
  if (right?.kind === 'patent' && pastTerm(entry, today)) return { ...right, status: 'expired' };
  return right;
}

/** The watch list on `day`: the version in force of every active or expired right that protects that day. */
export function watchList(entries: RegistryEntry[], day: string): Right[] {
  return entries
    .filter((e) => e.status === 'active' || e.status === 'expired')
    .map((e) => effectiveInForce(e, day))
    .filter((r): r is Right => r !== null && inForceOn(r, day))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
