/**
 * The error taxonomy of a crawl (after Crawlee's: retryable, session, non-retryable), one class per failed
 * request so runs can report "errors by class". Defined here because the store, the CLI and the dashboard
 * all show it; the crawler decides what each class means (src/crawl/errors.ts).
 */
export const ERROR_CLASSES = [
  'network',
  'timeout',
  'http_429',
  'http_4xx',
  'http_5xx',
  'blocked',
  'robots',
  'offline',
  'truncated',
  'parse',
  'browser',
  'lease_lost',
  'internal',
] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

export type RunStatus = 'running' | 'ok' | 'partial' | 'failed' | 'aborted';

/** A recorded unit of work: a crawl run, a match run, a demo run. */
export interface RunRecord {
  id: number;
  kind: string;
  startedAt: string;
  finishedAt: string | null;
  /** `partial`: the run completed but some pages failed for good (listed by `markwatch runs show`). */
  status: RunStatus;
  stats: Record<string, unknown>;
}
