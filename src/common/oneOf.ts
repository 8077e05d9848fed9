/** Whether `value` is one of `allowed` (a query parameter, an option), narrowing it to the union. */
export function isOneOf<T extends string>(allowed: readonly T[], value: string | undefined): value is T {
  return value !== undefined && (allowed as readonly string[]).includes(value);
}
