import { join } from 'node:path';
import { openDatabase } from '../database.js';
import { openPgDb } from '../pg/pgDatabase.js';
import { DATABASE_FILE, openStore } from '../store.js';
import { copySqliteToPg, type CopyProgress, type CopyReport } from './copyToPg.js';

export type { CopyProgress, CopyReport } from './copyToPg.js';

/**
 * The SQLite store of `dataDir` (brought to the current schema first, as any command would) into the
 * PostgreSQL database at `url`: see copySqliteToPg. The source is then read through a read-only connection.
 */
export async function copyStoreToPg(
  dataDir: string,
  url: string,
  onProgress?: (p: CopyProgress) => void,
): Promise<CopyReport & { target: string }> {
  await (await openStore(dataDir)).close();
  const source = openDatabase(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const target = await openPgDb(url, { poolSize: 1, applicationName: 'markwatch store copy' });
    try {
      const report = await copySqliteToPg({
        source,
        dataDir,
        target,
        ...(onProgress ? { onProgress } : {}),
      });
      return { ...report, target: target.label };
    } finally {
      await target.close();
    }
  } finally {
    source.close();
  }
}
