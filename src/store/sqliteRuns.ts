import type { RunRecord } from '../model/index.js';
import type { Db } from './database.js';
import type { RunRepository } from './repositories.js';

export class SqliteRunRepository implements RunRepository {
  constructor(private readonly db: Db) {}

  async start(kind: string): Promise<number> {
    const info = this.db
      .prepare(`INSERT INTO runs (kind, started_at, status) VALUES (?, ?, 'running')`)
      .run(kind, new Date().toISOString());
    return Number(info.lastInsertRowid);
  }

  async finish(id: number, status: 'ok' | 'failed', stats: Record<string, unknown>): Promise<void> {
    this.db
      .prepare('UPDATE runs SET finished_at = ?, status = ?, stats = ? WHERE pk = ?')
      .run(new Date().toISOString(), status, JSON.stringify(stats), id);
  }

  async recent(limit: number): Promise<RunRecord[]> {
    const rows = this.db
      .prepare<
        [number],
        {
          pk: number;
          kind: string;
          started_at: string;
          finished_at: string | null;
          status: RunRecord['status'];
          stats: string;
        }
      >('SELECT * FROM runs ORDER BY pk DESC LIMIT ?')
      .all(limit);
    return rows.map((r) => ({
      id: r.pk,
      kind: r.kind,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      status: r.status,
      stats: JSON.parse(r.stats) as Record<string, unknown>,
    }));
  }
}
