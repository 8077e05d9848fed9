import type { RunRecord } from '../../model/index.js';
import type { RunRepository } from '../repositories.js';
import type { PgExec } from './pgDatabase.js';

/** The one INSERT into `runs`; the crawl's claim calls it inside its own transaction. */
export async function insertRun(
  conn: PgExec,
  kind: string,
  startedAt: string = new Date().toISOString(),
): Promise<number> {
  const { rows } = await conn.query<{ pk: number }>(
    `INSERT INTO runs (kind, started_at, status) VALUES ($1, $2, 'running') RETURNING pk`,
    [kind, startedAt],
  );
  return rows[0]!.pk;
}

interface RunRow {
  pk: number;
  kind: string;
  started_at: string;
  finished_at: string | null;
  status: RunRecord['status'];
  stats: string;
}

function toRecord(r: RunRow): RunRecord {
  return {
    id: r.pk,
    kind: r.kind,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    stats: JSON.parse(r.stats) as Record<string, unknown>,
  };
}

export class PgRunRepository implements RunRepository {
  constructor(private readonly conn: PgExec) {}

  start(kind: string): Promise<number> {
    return insertRun(this.conn, kind);
  }

  async finish(
    id: number,
    status: 'ok' | 'partial' | 'failed',
    stats: Record<string, unknown>,
  ): Promise<void> {
    await this.conn.query('UPDATE runs SET finished_at = $1, status = $2, stats = $3 WHERE pk = $4', [
      new Date().toISOString(),
      status,
      JSON.stringify(stats),
      id,
    ]);
  }

  async get(id: number): Promise<RunRecord | null> {
    const { rows } = await this.conn.query<RunRow>('SELECT * FROM runs WHERE pk = $1', [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async recent(limit: number): Promise<RunRecord[]> {
    const { rows } = await this.conn.query<RunRow>('SELECT * FROM runs ORDER BY pk DESC LIMIT $1', [limit]);
    return rows.map(toRecord);
  }
}
