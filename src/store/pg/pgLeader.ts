import type { LeaderLeaseRow, LeaderRepository } from '../leaderRepository.js';
import type { PgConn } from './pgDatabase.js';

/**
 * Leader leases in PostgreSQL. Atomic without a lock of ours: INSERT … ON CONFLICT DO UPDATE … WHERE takes the
 * row lock of the existing lease, so of two contenders for a lapsed lease the second re-checks the WHERE
 * against the first's new row and updates nothing.
 */
export class PgLeaderRepository implements LeaderRepository {
  constructor(private readonly conn: PgConn) {}

  async acquire(name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    const res = await this.conn.query(
      `INSERT INTO leader_leases (name, owner, until_ms) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until_ms = excluded.until_ms
       WHERE leader_leases.until_ms <= $4 OR leader_leases.owner = excluded.owner`,
      [name, owner, now + ttlMs, now],
    );
    return (res.rowCount ?? 0) > 0;
  }

  async release(name: string, owner: string): Promise<void> {
    await this.conn.query('UPDATE leader_leases SET until_ms = 0 WHERE name = $1 AND owner = $2', [
      name,
      owner,
    ]);
  }

  async holder(name: string): Promise<LeaderLeaseRow | null> {
    const { rows } = await this.conn.query<LeaderLeaseRow>(
      'SELECT name, owner, until_ms AS "untilMs" FROM leader_leases WHERE name = $1',
      [name],
    );
    return rows[0] ?? null;
  }
}
