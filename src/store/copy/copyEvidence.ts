import { MarkwatchError } from '../../common/errors.js';
import type { Db } from '../database.js';
import { LocalBlobStore } from '../localBlobStore.js';
import { PgBlobStore } from '../pg/pgBlobStore.js';
import type { PgConn } from '../pg/pgDatabase.js';
import type { CopyProgress } from './copyTables.js';

/**
 * Every evidence file an evidence record names goes into the PostgreSQL blob store, inside the copy's
 * transaction (`c`), re-hashed on the way: a file missing or altered on disk stops the copy, naming it, rather
 * than moving records whose evidence cannot be opened. Files no record names (a crash between capture and
 * commit) are left behind. Returns the number of blobs stored.
 */
export async function copyEvidenceBlobs(
  c: PgConn,
  source: Db,
  dataDir: string,
  onProgress?: (p: CopyProgress) => void,
): Promise<number> {
  const records = source
    .prepare('SELECT sha256, min(path) AS path FROM evidence GROUP BY sha256 ORDER BY sha256')
    .all() as { sha256: string; path: string }[];
  const local = new LocalBlobStore(dataDir);
  const target = new PgBlobStore(c);
  let copied = 0;
  for (const r of records) {
    const blob = local.openStored(r.sha256);
    if (!blob) {
      throw new MarkwatchError(
        'store.copy_evidence',
        `证据文件缺失：${r.path}（${r.sha256}），未复制任何数据 (evidence file missing in ${dataDir})`,
      );
    }
    const put = await target.put(blob, { compress: r.path.endsWith('.gz') });
    if (put.sha256 !== r.sha256) {
      throw new MarkwatchError(
        'store.copy_evidence',
        `证据文件 ${r.path} 的 SHA-256 为 ${put.sha256}，与登记的不符，未复制任何数据 (evidence file altered on disk)`,
      );
    }
    copied++;
    onProgress?.({ table: 'evidence blobs', copied, total: records.length });
  }
  return copied;
}
