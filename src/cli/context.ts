import type { Command } from 'commander';
import { loadConfig } from '../config/loadConfig.js';
import { explainStoreError, openConfiguredStore, type Store } from '../store/index.js';

export interface GlobalOptions {
  dataDir?: string;
  config?: string;
}

/** The configuration for a command, with the global --config and --data-dir applied. */
export function configFor(command: Command) {
  const opts = command.optsWithGlobals<GlobalOptions>();
  return loadConfig({ file: opts.config, dataDir: opts.dataDir });
}

/**
 * Runs `run` with the store of the command's data directory, closed afterwards. `access: 'read'` opens it
 * read-only (no migrations), so listing works on a read-only data directory; a write that still reaches SQLite
 * on a read-only file is reported naming the file and what to do, never as SQLite's bare message.
 */
export async function withStore<T>(
  command: Command,
  access: 'read' | 'write',
  run: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openConfiguredStore(configFor(command), { readonly: access === 'read' });
  try {
    return await run(store);
  } catch (err) {
    throw explainStoreError(err, store.file, store.readOnly);
  } finally {
    await store.close();
  }
}

/** For commands whose issue has not landed yet: say so plainly and exit 2. */
export function notYetAvailable(name: string) {
  return () => {
    process.stderr.write(`markwatch ${name}: 尚未提供 (not yet available)\n`);
    process.exitCode = 2;
  };
}
