export * from './repositories.js';
export * from './crawlRepositories.js';
export { openStore, DATABASE_FILE, type Store, type OpenStoreOptions } from './store.js';
export { openConfiguredStore, type StoreSettings } from './openConfiguredStore.js';
export { migrate, loadMigrations, MigrationError, type Migration } from './migrate.js';
export {
  openDatabase,
  assertWritable,
  explainStoreError,
  StoreError,
  type Db,
  type OpenDatabaseOptions,
} from './database.js';
export * from './workflowRepositories.js';
export * from './auditRepository.js';
export * from './alertRepository.js';
export * from './dashboardQueries.js';
export * from './accountRepository.js';
export * from './jobSettingsRepository.js';
export * from './statEntryRepository.js';
export * from './proofRepository.js';
export * from './alertSettingsRepository.js';
export * from './blobStore.js';
export * from './leaderRepository.js';
