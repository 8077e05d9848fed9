/** Exponential back-off with full jitter and Retry-After (pure; the random source is injected for tests). */

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/** Delay before retry number `attempt` (1-based): a random point in [base·2^(n−1)/2, base·2^(n−1)], capped. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP date. Returns ms from `now`, or null when absent
 * or unreadable; capped so a hostile header cannot park a host for days.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number,
  capMs = 3_600_000,
): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(capMs, Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.min(capMs, Math.max(0, at - now));
}
