import type { Db } from './database.js';
import type { LeaderLeaseRow, LeaderRepository } from './leaderRepository.js';

/** Leader leases in SQLite: one UPSERT whose update applies only to a lapsed lease or the owner's own. */
export class SqliteLeaderRepository implements LeaderRepository {
  constructor(private readonly db: Db) {}

  async acquire(name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    const info = this.db
      .prepare(
        `INSERT INTO leader_leases (name, owner, until_ms) VALUES (@name, @owner, @until)
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until_ms = excluded.until_ms
         WHERE leader_leases.until_ms <= @now OR leader_leases.owner = excluded.owner`,
      )
      .run({ name, owner, until: now + ttlMs, now });
    return info.changes > 0;
  }

  async release(name: string, owner: string): Promise<void> {
    this.db.prepare('UPDATE leader_leases SET until_ms = 0 WHERE name = ? AND owner = ?').run(name, owner);
  }

  async holder(name: string): Promise<LeaderLeaseRow | null> {
    const row = this.db
      .prepare<[string], LeaderLeaseRow>(
        'SELECT name, owner, until_ms AS untilMs FROM leader_leases WHERE name = ?',
      )
      .get(name);
    return row ?? null;
  }
}
