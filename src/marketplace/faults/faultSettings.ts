/*
 * Fault knobs: what a crawler must survive. Rates are per request (or per listing per epoch for edits and
 * takedowns), drawn deterministically from (seed, request number) so a run can be reproduced.
 */

export interface FaultSettings {
  /** robots.txt: `Crawl-delay` in seconds (null: none) and disallowed path prefixes (`*` wildcards). */
  robots: { crawlDelay: number | null; disallow: string[] };
  /** 429 Too Many Requests with `Retry-After: retryAfterSec`. */
  rate429: number;
  retryAfterSec: number;
  /** Probability that a burst of 5xx answers starts; the burst lasts `burstLength` requests. */
  rate5xx: number;
  burstLength: number;
  /** Slow answers: delayed by `slowMs`. */
  slowRate: number;
  slowMs: number;
  /** Connections that hang: headers are never sent; the socket stays open until the client gives up. */
  hangRate: number;
  /** Truncated HTML: status 200, body cut at 40–80 %, no closing tags. */
  truncateRate: number;
  /** Block (captcha) when one client makes more than `maxRequests` in `windowMs`; lasts `blockMs`. */
  block: { maxRequests: number; windowMs: number; blockMs: number } | null;
  /** Per result page (page ≥ 2): repeat the last items of the previous page at the top. */
  duplicateRate: number;
  duplicateCount: number;
  /** Per listing per epoch: price and title edited. */
  editRate: number;
  /** Per listing per epoch: taken down and relisted under a new id by the same seller. */
  takedownRate: number;
  /** How a taken-down item answers: 404, a 200 page saying 下架, or either (per listing). */
  takedownStyle: '404' | 'page' | 'mixed';
  /** An epoch passes every `epochMs` (0: only when advanceEpoch() is called). */
  epochMs: number;
}

const BASE_DISALLOW = ['/shopa/cart/', '/shopb/member/', '/shopc/admin/', '/*/api/notices'];

const NONE: FaultSettings = {
  robots: { crawlDelay: null, disallow: BASE_DISALLOW },
  rate429: 0,
  retryAfterSec: 2,
  rate5xx: 0,
  burstLength: 3,
  slowRate: 0,
  slowMs: 1_500,
  hangRate: 0,
  truncateRate: 0,
  block: null,
  duplicateRate: 0,
  duplicateCount: 3,
  editRate: 0,
  takedownRate: 0,
  takedownStyle: 'mixed',
  epochMs: 0,
};

export const FAULT_PROFILES: Readonly<Record<string, FaultSettings>> = {
  /** A well-behaved site (robots.txt still disallows a few paths). */
  none: NONE,
  /** A site that states its limits: Crawl-delay 1 and a captcha for more than 30 requests in 10 s. */
  polite: {
    ...NONE,
    robots: { crawlDelay: 1, disallow: [...BASE_DISALLOW, '/shopb/shop/'] },
    block: { maxRequests: 30, windowMs: 10_000, blockMs: 30_000 },
  },
  /** A realistic, unreliable site: a few percent of every fault, listings change every 10 minutes. */
  flaky: {
    ...NONE,
    robots: { crawlDelay: 0.5, disallow: [...BASE_DISALLOW, '/shopb/shop/'] },
    rate429: 0.03,
    rate5xx: 0.01,
    slowRate: 0.05,
    hangRate: 0.005,
    truncateRate: 0.02,
    block: { maxRequests: 60, windowMs: 10_000, blockMs: 20_000 },
    duplicateRate: 0.2,
    editRate: 0.05,
    takedownRate: 0.02,
    epochMs: 600_000,
  },
  /** A site that fights back. */
  hostile: {
    ...NONE,
    robots: { crawlDelay: 2, disallow: [...BASE_DISALLOW, '/shopb/shop/', '/shopc/shop/'] },
    rate429: 0.15,
    retryAfterSec: 5,
    rate5xx: 0.05,
    burstLength: 5,
    slowRate: 0.15,
    slowMs: 3_000,
    hangRate: 0.02,
    truncateRate: 0.08,
    block: { maxRequests: 20, windowMs: 10_000, blockMs: 60_000 },
    duplicateRate: 0.5,
    editRate: 0.2,
    takedownRate: 0.1,
    epochMs: 120_000,
  },
};

const RATE_KEYS = [
  'rate429',
  'rate5xx',
  'slowRate',
  'hangRate',
  'truncateRate',
  'duplicateRate',
  'editRate',
  'takedownRate',
] as const;

/** Resolves a profile name or a partial settings object (over `none`); errors name the bad key. */
export function resolveFaults(faults: string | Partial<FaultSettings>): FaultSettings {
  if (typeof faults === 'string') {
    const profile = FAULT_PROFILES[faults];
    if (!profile) {
      throw new Error(
        `faults: unknown profile "${faults}" (known: ${Object.keys(FAULT_PROFILES).join(', ')})`,
      );
    }
    return profile;
  }
  for (const key of Object.keys(faults)) {
    if (!(key in NONE)) throw new Error(`faults: unknown key "${key}"`);
  }
  const settings: FaultSettings = { ...NONE, ...faults };
  for (const key of RATE_KEYS) {
    const value = settings[key];
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new Error(`faults.${key}: expected a rate from 0 to 1, got ${String(value)}`);
    }
  }
  return settings;
}

/** Parses the CLI form: a profile name, or JSON settings optionally based on a profile (`{"base":"flaky",…}`). */
export function parseFaultsArgument(text: string): FaultSettings {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return resolveFaults(trimmed);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(trimmed) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`--faults: not a profile name nor valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const { base, ...rest } = parsed;
  const baseSettings = resolveFaults(typeof base === 'string' ? base : 'none');
  return resolveFaults({ ...baseSettings, ...(rest as Partial<FaultSettings>) });
}
