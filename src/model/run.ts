/** A recorded unit of work: a crawl run, a match run, a demo run. */
export interface RunRecord {
  id: number;
  kind: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'ok' | 'failed';
  stats: Record<string, unknown>;
}
