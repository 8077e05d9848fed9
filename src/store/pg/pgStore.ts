import type { Store } from '../storeInterface.js';
import { StoreError } from '../database.js';
import { openPgDb, type PgDb } from './pgDatabase.js';
import { migratePg, pendingPgMigrations } from './pgMigrate.js';
import { PgListingRepository } from './pgListings.js';
import { PgHitRepository } from './pgHits.js';
import { PgEvidenceRepository } from './pgEvidence.js';
import { PgRunRepository } from './pgRuns.js';
import { pgFrontierRepository } from './pgFrontier.js';
import { PgHostPolicyRepository } from './pgHostPolicy.js';

/*
 * The PostgreSQL store: the same repositories as SQLite's, over one connection pool. Repositories not yet
 * ported answer every call with a `store.pg_unsupported` error that names them.
 */

function notYet<T extends object>(name: string, label: string): T {
  return new Proxy({} as T, {
    get(_target, method) {
      if (method === 'then') return undefined;
      return () => {
        throw new StoreError(
          'store.pg_unsupported',
          `${label}: ${name}.${String(method)} is not available on PostgreSQL yet`,
          label,
        );
      };
    },
  });
}

class PgStore implements Store {
  readonly kind = 'postgres' as const;
  readonly readOnly: boolean;
  readonly file: string;
  readonly listings: Store['listings'];
  readonly hits: Store['hits'];
  readonly findings: Store['findings'];
  readonly leads: Store['leads'];
  readonly notices: Store['notices'];
  readonly audit: Store['audit'];
  readonly alerts: Store['alerts'];
  readonly dashboard: Store['dashboard'];
  readonly accounts: Store['accounts'];
  readonly evidence: Store['evidence'];
  readonly runs: Store['runs'];
  readonly frontier: Store['frontier'];
  readonly hosts: Store['hosts'];
  readonly rights: Store['rights'];
  readonly jobSettings: Store['jobSettings'];
  readonly stats: Store['stats'];
  readonly proofs: Store['proofs'];
  readonly alertSettings: Store['alertSettings'];

  constructor(
    readonly dataDir: string,
    readonly db: PgDb,
    readonly appliedMigrations: string[],
    readOnly: boolean,
  ) {
    this.file = db.label;
    this.readOnly = readOnly;
    const l = this.file;
    this.listings = new PgListingRepository(db);
    this.hits = new PgHitRepository(db);
    this.findings = notYet('findings', l);
    this.leads = notYet('leads', l);
    this.notices = notYet('notices', l);
    this.audit = notYet('audit', l);
    this.alerts = notYet('alerts', l);
    this.dashboard = notYet('dashboard', l);
    this.accounts = notYet('accounts', l);
    this.evidence = new PgEvidenceRepository(db);
    this.runs = new PgRunRepository(db);
    this.frontier = pgFrontierRepository(db);
    this.hosts = new PgHostPolicyRepository(db);
    this.rights = notYet('rights', l);
    this.jobSettings = notYet('jobSettings', l);
    this.stats = notYet('stats', l);
    this.proofs = notYet('proofs', l);
    this.alertSettings = notYet('alertSettings', l);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

export interface OpenPgStoreOptions {
  readonly?: boolean;
  poolSize?: number;
  applicationName?: string;
}

/**
 * Opens the PostgreSQL store at `url`, applying pending migrations first (read-write), or refusing a schema
 * behind this build (read-only: such commands never migrate). `dataDir` still holds local files (exports,
 * the WARC of a run).
 */
export async function openPgStore(url: string, dataDir: string, options: OpenPgStoreOptions = {}): Promise<Store> {
  const db = await openPgDb(url, {
    ...(options.poolSize !== undefined ? { poolSize: options.poolSize } : {}),
    ...(options.applicationName !== undefined ? { applicationName: options.applicationName } : {}),
  });
  try {
    if (options.readonly) {
      const pending = await pendingPgMigrations(db);
      if (pending.length > 0) {
        throw new StoreError(
          'store.schema_behind',
          `${db.label}: the database schema is behind this markwatch (not applied: ${pending.join(', ')}); ` +
            'run `markwatch store migrate` once',
          db.label,
        );
      }
    }
    const applied = options.readonly ? [] : await migratePg(db);
    return new PgStore(dataDir, db, applied, options.readonly === true);
  } catch (err) {
    await db.close();
    throw err;
  }
}
