import { openStore } from './store.js';
import { openPgStore } from './pg/pgStore.js';
import type { OpenStoreOptions, Store } from './storeInterface.js';

/** The store part of the configuration (`store`, with MARKWATCH_STORE_URL applied by loadConfig). */
export interface StoreSettings {
  dataDir: string;
  store: { kind: 'sqlite' | 'postgres'; url?: string | undefined; poolSize: number };
}

/** Opens the configured store: SQLite in the data directory (default) or the PostgreSQL server of `store.url`. */
export async function openConfiguredStore(
  config: StoreSettings,
  options: OpenStoreOptions = {},
): Promise<Store> {
  if (config.store.kind === 'sqlite') return openStore(config.dataDir, options);
  return openPgStore(config.store.url ?? '', config.dataDir, {
    poolSize: config.store.poolSize,
    ...(options.readonly !== undefined ? { readonly: options.readonly } : {}),
  });
}
