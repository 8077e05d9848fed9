import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { openPgStore } from '../../../src/store/pg/pgStore.js';
import { createPgDatabase, pgAdminUrl } from '../../helpers/pgStore.js';

/*
 * A small evidence blob is put in one statement (markwatch_put_blob, migration 0630). Two machines putting the
 * same new content at once store it once: the later put waits for the earlier one's commit, then drops the
 * large object it had made, so no large object is left without its row.
 */
const run = pgAdminUrl() ? describe : describe.skip;

run('PgBlobStore one-statement put [postgres]', () => {
  it('stores racing puts of the same content once, with no orphan large object', async () => {
    const db = await createPgDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'markwatch-blobput-'));
    const store = await openPgStore(db.url, dir, { poolSize: 4 });
    const other = new pg.Client({ connectionString: db.url, application_name: 'blob put race' });
    // pg_stat_activity is read outside any transaction: inside one it is a snapshot taken at its first read.
    const watcher = new pg.Client({ connectionString: db.url, application_name: 'blob put watcher' });
    try {
      await other.connect();
      await watcher.connect();
      const html = Buffer.from('<html><body>商品 六个核桃 '.repeat(200) + '</body></html>');
      const sha256 = createHash('sha256').update(html).digest('hex');
      // "Machine 2" has put the same content in a transaction it has not committed yet.
      await other.query('BEGIN');
      await other.query('SELECT markwatch_put_blob($1, $2, 0, $3)', [sha256, html.length, html]);
      const put = store.blobs.put(html, { compress: true });
      // This put now waits on machine 2's row (its unique key), visible as a lock wait.
      await vi.waitFor(
        async () => {
          const { rows } = await watcher.query<{ n: number }>(
            `SELECT count(*) AS n FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          expect(rows[0]!.n).toBe(1);
        },
        { timeout: 15_000, interval: 50 },
      );
      await other.query('COMMIT');
      const stored = await put;
      expect(stored.sha256).toBe(sha256);
      // Machine 2's copy (uncompressed) is the one kept, and this put's path says so.
      expect(stored.path.endsWith('.gz')).toBe(false);
      const { rows } = await other.query<{ blobs: number; objects: number }>(
        `SELECT (SELECT count(*) FROM blobs) AS blobs, (SELECT count(*) FROM pg_largeobject_metadata) AS objects`,
      );
      expect(rows[0]).toEqual({ blobs: 1, objects: 1 }); // BIGINT as a number (pgDatabase.ts)
      expect((await buffer(store.blobs.open(sha256))).equals(html)).toBe(true);
      // Putting it again finds it: still one object.
      await store.blobs.put(html, { compress: true });
      const again = await other.query<{ n: number }>('SELECT count(*) AS n FROM pg_largeobject_metadata');
      expect(again.rows[0]!.n).toBe(1);
    } finally {
      await other.end();
      await watcher.end();
      await store.close();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
