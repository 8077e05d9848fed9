export * from './repositories.js';
export { openStore, DATABASE_FILE, type Store } from './store.js';
export { migrate, loadMigrations, MigrationError, type Migration } from './migrate.js';
export { openDatabase, type Db } from './database.js';
