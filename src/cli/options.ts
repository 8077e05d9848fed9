/* Option parsers the commands share. */

/** How a positive-integer option's refusal words what it expected (audit keeps its English-only wording). */
const POSITIVE_INTEGER = '应为正整数 (expected a positive integer)';

/** `--flag <n>`: a positive integer, or an error naming the flag and the value given. */
export function positiveInt(value: string, flag: string, expected = POSITIVE_INTEGER): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: ${expected}, got "${value}"`);
  return n;
}

/** A repeatable option's values, in the order given (commander's option argument parser). */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
