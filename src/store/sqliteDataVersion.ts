import type { ChangeSource } from './changeFeed.js';
import type { Db } from './database.js';

/**
 * How often an idle crawl process checks whether another process committed to the database file: a tenth
 * of a fast page, and a pragma read costs microseconds.
 */
export const DATA_VERSION_POLL_MS = 20;

/**
 * Commits by other connections to the SQLite file, from `PRAGMA data_version` (which changes exactly when
 * another connection has committed, and reads no table): SQLite has no notification between processes. A read
 * that fails (the file busy past the busy timeout, an I/O error) stops the source; the workers' poll remains.
 */
export function sqliteDataVersionSource(db: Db, pollMs = DATA_VERSION_POLL_MS): ChangeSource {
  let timer: NodeJS.Timeout | undefined;
  const read = () => db.pragma('data_version', { simple: true }) as number;
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  return {
    start(emit) {
      let last = read();
      timer = setInterval(() => {
        let now: number;
        try {
          if (!db.open) return stop();
          now = read();
        } catch {
          return stop();
        }
        if (now !== last) {
          last = now;
          emit();
        }
      }, pollMs);
      timer.unref();
    },
    stop,
  };
}
