import type { RunRecord } from '../model/index.js';
import type { Db } from './database.js';
import type { RunRepository } from './repositories.js';

/** The one INSERT into `runs`; the crawl's claim calls it inside its own transaction. */
export function insertRunSync(db: Db, kind: string, startedAt: string = new Date().toISOString()): number {
  const info = db
    .prepare(`INSERT INTO runs (kind, started_at, status) VALUES (?, ?, 'running')`)
    .run(kind, startedAt);
  return Number(info.lastInsertRowid);
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

export class SqliteRunRepository implements RunRepository {
  constructor(private readonly db: Db) {}

  async start(kind: string): Promise<number> {
    return insertRunSync(this.db, kind);
  }

  async finish(
    id: number,
    status: 'ok' | 'partial' | 'failed',
    stats: Record<string, unknown>,
  ): Promise<void> {
    this.db
      .prepare('UPDATE runs SET finished_at = ?, status = ?, stats = ? WHERE pk = ?')
      .run(new Date().toISOString(), status, JSON.stringify(stats), id);
  }

  async get(id: number): Promise<RunRecord | null> {
    const row = this.db.prepare<[number], RunRow>('SELECT * FROM runs WHERE pk = ?').get(id);
    return row ? toRecord(row) : null;
  }

  async recent(limit: number): Promise<RunRecord[]> {
    return this.db
      .prepare<[number], RunRow>('SELECT * FROM runs ORDER BY pk DESC LIMIT ?')
      .all(limit)
      .map(toRecord);
  }
}
