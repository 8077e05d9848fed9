import { ChangeFeed } from '../changeFeed.js';
import { pgFrontierListenSource } from './pgFrontierListen.js';
import type { Store } from '../storeInterface.js';
import { StoreError } from '../database.js';
import { openPgDb, type PgDb } from './pgDatabase.js';
import { migratePg, pendingPgMigrations } from './pgMigrate.js';
import { PgAccountRepository } from './pgAccounts.js';
import { PgAlertRepository } from './pgAlerts.js';
import { PgAlertSettingsRepository } from './pgAlertSettings.js';
import { PgAuditRepository } from './pgAudit.js';
import { PgJobSettingsRepository } from './pgJobSettings.js';
import { PgProofRepository } from './pgProofs.js';
import { PgStatEntryRepository } from './pgStatEntries.js';
import { PgBlobStore } from './pgBlobStore.js';
import { PgDashboardQueries } from './pgDashboard.js';
import { PgFindingRepository } from './pgFindings.js';
import { PgLeadRepository } from './pgLeads.js';
import { PgNoticeRepository } from './pgNotices.js';
import { PgRightsRepository } from './pgRights.js';
import { PgLeaderRepository } from './pgLeader.js';
import { PgListingRepository } from './pgListings.js';
import { PgHitRepository } from './pgHits.js';
import { PgEvidenceRepository } from './pgEvidence.js';
import { PgRunRepository } from './pgRuns.js';
import { pgFrontierRepository } from './pgFrontier.js';
import { PgHostPolicyRepository } from './pgHostPolicy.js';

/*
 * The PostgreSQL store: the same repositories as SQLite's, over one connection pool shared by them; a page's
 * commit and a workflow change build theirs on one transaction's connection (PgConn).
 */

class PgStore implements Store {
  readonly kind = 'postgres' as const;
  readonly readOnly: boolean;
  readonly file: string;
  readonly blobs: PgBlobStore;
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
  readonly leader: Store['leader'];
  private readonly frontierChanges: ChangeFeed;

  constructor(
    readonly dataDir: string,
    readonly db: PgDb,
    readonly appliedMigrations: string[],
    readOnly: boolean,
  ) {
    this.file = db.label;
    this.blobs = new PgBlobStore(db);
    this.readOnly = readOnly;
    this.findings = new PgFindingRepository(db);
    this.leads = new PgLeadRepository(db);
    this.notices = new PgNoticeRepository(db);
    this.audit = new PgAuditRepository(db);
    this.alerts = new PgAlertRepository(db);
    this.dashboard = new PgDashboardQueries(db);
    this.accounts = new PgAccountRepository(db);
    this.rights = new PgRightsRepository(db);
    this.jobSettings = new PgJobSettingsRepository(db);
    this.stats = new PgStatEntryRepository(db);
    this.proofs = new PgProofRepository(db);
    this.alertSettings = new PgAlertSettingsRepository(db);
    this.leader = new PgLeaderRepository(db);
    this.listings = new PgListingRepository(db);
    this.hits = new PgHitRepository(db);
    this.evidence = new PgEvidenceRepository(db);
    this.runs = new PgRunRepository(db);
    this.frontierChanges = new ChangeFeed(pgFrontierListenSource(db.url, db.applicationName));
    this.frontier = pgFrontierRepository(db, this.frontierChanges);
    this.hosts = new PgHostPolicyRepository(db);
  }

  async close(): Promise<void> {
    await this.frontierChanges.close();
    await this.db.close();
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
export async function openPgStore(
  url: string,
  dataDir: string,
  options: OpenPgStoreOptions = {},
): Promise<Store> {
  const db = await openPgDb(url, {
    readOnly: options.readonly === true,
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
