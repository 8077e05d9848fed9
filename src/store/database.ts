import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { MarkwatchError } from '../common/errors.js';

export type Db = Database.Database;

/**
 * A database that cannot be opened or written as the command needs. Codes: `store.readonly` (the file or its
 * folder cannot be written), `store.missing` (a read-only command found no database), `store.schema_behind`
 * (a read-only command found an older schema it may not migrate), `store.unopenable`.
 */
export class StoreError extends MarkwatchError {
  constructor(
    code: string,
    message: string,
    readonly file: string,
    options?: ErrorOptions,
  ) {
    super(code, message, options);
  }
}

export interface OpenDatabaseOptions {
  /** Open read-only: nothing is created, changed or migrated (better-sqlite3 `readonly`). */
  readonly?: boolean;
}

const WHAT_TO_DO =
  'check the permissions of the file and its folder, or use --data-dir with a writable directory';

/**
 * Whether markwatch may write `path`. The mode bits are read as well as access(2): root passes access() on any
 * local file, but a data directory whose write bits were taken away was made read-only on purpose (an archived
 * case file, a copy for review), and markwatch honours that for root too.
 */
function writable(path: string): boolean {
  if ((statSync(path).mode & 0o222) === 0) return false;
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The nearest folder of `path` that exists (mkdir -p creates the rest inside it). */
function existingAncestor(path: string): string {
  let dir = path;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Refuses, before SQLite does, a database file (or folder) that cannot be written, naming it. */
export function assertWritable(file: string): void {
  const dir = existingAncestor(dirname(file));
  // A WAL database writes `-wal` and `-shm` files beside itself, so the folder must be writable too.
  const blocked = existsSync(file) && !writable(file) ? file : !writable(dir) ? dir : null;
  if (blocked === null) return;
  const which = blocked === file ? 'the file' : `its folder ${dir}`;
  throw new StoreError(
    'store.readonly',
    `${file} is read-only (${which} cannot be written), and this command writes to it: ${WHAT_TO_DO}`,
    file,
  );
}

/**
 * SQLite's own errors about the file, turned into a StoreError that names it and says what to do; any other
 * error is returned unchanged. `openedReadonly`: the connection was opened read-only on purpose.
 */
export function explainStoreError(err: unknown, file: string, openedReadonly = false): unknown {
  if (err instanceof StoreError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code !== 'string') return err;
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    const why = openedReadonly
      ? 'it was opened read-only for a command that only reads, but something tried to write'
      : message;
    return new StoreError('store.readonly', `${file} is read-only: ${why}; ${WHAT_TO_DO}`, file, {
      cause: err,
    });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || code === 'SQLITE_NOTADB') {
    return new StoreError(
      'store.unopenable',
      `${file}: cannot open the database (${message}); check that the file and its folder are readable, or use --data-dir`,
      file,
      { cause: err },
    );
  }
  return err;
}

/**
 * Opens a SQLite file with the pragmas every connection needs. Read-write (the default) creates the file and
 * its folder when missing; read-only requires the file and never writes.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  if (options.readonly) return openReadonly(file);
  if (file !== ':memory:') {
    assertWritable(file);
    mkdirSync(dirname(file), { recursive: true });
  }
  let db: Db | undefined;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (err) {
    db?.close();
    throw explainStoreError(err, file);
  }
}

/** SQLite's codes for "a WAL database whose folder cannot take the -shm file" (3.22+). */
const WAL_NEEDS_FOLDER = new Set([
  'SQLITE_READONLY_DIRECTORY',
  'SQLITE_READONLY_CANTINIT',
  'SQLITE_CANTOPEN',
]);

function openReadonly(file: string): Db {
  if (!existsSync(file)) {
    throw new StoreError(
      'store.missing',
      `${file} does not exist: nothing has been stored in this data directory yet ` +
        '(run `markwatch demo` or `markwatch crawl` first, or use --data-dir to name the right directory)',
      file,
    );
  }
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    // The first read is where SQLite finds out whether it can attach to the WAL index.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    db?.close();
    const code = (err as { code?: unknown }).code;
    if (typeof code !== 'string' || !WAL_NEEDS_FOLDER.has(code)) throw explainStoreError(err, file, true);
    db = snapshot(file, err);
  }
  // journal_mode is the writer's to set; a reader only needs these.
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * A read-only in-memory copy of a WAL database whose folder cannot be written. SQLite needs to create the
 * `-shm` index beside a WAL database even to read it, so a truly read-only data directory (a mounted copy,
 * another user's folder) cannot be opened in place. A cleanly closed WAL database holds everything in the main
 * file, so it is read whole, marked as a rollback-journal file (header bytes 18–19), and opened from memory.
 */
function snapshot(file: string, cause: unknown): Db {
  const wal = `${file}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    throw new StoreError(
      'store.unopenable',
      `${file}: changes not yet merged into it wait in ${wal}, and its folder is read-only, so SQLite cannot ` +
        'read them; run any markwatch command once with the folder writable, or copy the data directory ' +
        'somewhere writable and use --data-dir',
      file,
      { cause },
    );
  }
  try {
    const bytes = readFileSync(file);
    if (bytes.length >= 20) bytes.writeUInt16BE(0x0101, 18);
    return new Database(bytes, { readonly: true });
  } catch (err) {
    throw explainStoreError(err, file, true);
  }
}
