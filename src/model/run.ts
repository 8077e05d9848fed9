/** A recorded unit of work: a crawl run, a match run, a demo run. */
export interface RunRecord {
  id: number;
  kind: string;
  startedAt: string;
  finishedAt: string | null;
  /** `partial`: the run completed but some pages failed for good (listed by `markwatch runs show`). */
  status: 'running' | 'ok' | 'partial' | 'failed' | 'aborted';
  stats: Record<string, unknown>;
}
