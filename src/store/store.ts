import { ChangeFeed } from './changeFeed.js';
import { sqliteDataVersionSource } from './sqliteDataVersion.js';
import { join } from 'node:path';
import { explainStoreError, openDatabase, StoreError, type Db } from './database.js';
import { loadMigrations, migrate } from './migrate.js';
import type { OpenStoreOptions, Store } from './storeInterface.js';
import { LocalBlobStore } from './localBlobStore.js';
import type {
  EvidenceRepository,
  HitRepository,
  ListingRepository,
  RightsRepository,
  RunRepository,
} from './repositories.js';
import type { FindingRepository, LeadRepository, NoticeRepository } from './workflowRepositories.js';
import { SqliteFindingRepository } from './sqliteFindings.js';
import { SqliteNoticeRepository } from './sqliteNotices.js';
import type { AuditRepository } from './auditRepository.js';
import { SqliteAuditRepository } from './sqliteAudit.js';
import type { AlertRepository } from './alertRepository.js';
import { SqliteAlertRepository } from './sqliteAlerts.js';
import type { DashboardQueries } from './dashboardQueries.js';
import { SqliteDashboardQueries } from './sqliteDashboard.js';
import type { AccountRepository } from './accountRepository.js';
import { SqliteAccountRepository } from './sqliteAccounts.js';
import { SqliteListingRepository } from './sqliteListings.js';
import { SqliteHitRepository } from './sqliteHits.js';
import { SqliteLeadRepository } from './sqliteLeads.js';
import { SqliteEvidenceRepository } from './sqliteEvidence.js';
import { SqliteRunRepository } from './sqliteRuns.js';
import { sqliteFrontierRepository } from './sqliteFrontier.js';
import { SqliteHostPolicyRepository } from './sqliteHostPolicy.js';
import type { FrontierRepository, HostPolicyRepository } from './crawlRepositories.js';
import { SqliteRightsRepository } from './sqliteRights.js';
import type { JobSettingsRepository } from './jobSettingsRepository.js';
import { SqliteJobSettingsRepository } from './sqliteJobSettings.js';
import type { StatEntryRepository } from './statEntryRepository.js';
import { SqliteStatEntryRepository } from './sqliteStatEntries.js';
import type { ProofRepository } from './proofRepository.js';
import { SqliteProofRepository } from './sqliteProofs.js';
import type { AlertSettingsRepository } from './alertSettingsRepository.js';
import { SqliteAlertSettingsRepository } from './sqliteAlertSettings.js';
import { SqliteLeaderRepository } from './sqliteLeader.js';

export type { OpenStoreOptions, Store } from './storeInterface.js';

export const DATABASE_FILE = 'markwatch.sqlite';

class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly readOnly: boolean;
  readonly blobs: LocalBlobStore;
  readonly listings: ListingRepository;
  readonly hits: HitRepository;
  readonly findings: FindingRepository;
  readonly leads: LeadRepository;
  readonly notices: NoticeRepository;
  readonly audit: AuditRepository;
  readonly alerts: AlertRepository;
  readonly dashboard: DashboardQueries;
  readonly accounts: AccountRepository;
  readonly evidence: EvidenceRepository;
  readonly runs: RunRepository;
  readonly frontier: FrontierRepository;
  readonly hosts: HostPolicyRepository;
  readonly rights: RightsRepository;
  readonly jobSettings: JobSettingsRepository;
  readonly stats: StatEntryRepository;
  readonly proofs: ProofRepository;
  readonly alertSettings: AlertSettingsRepository;
  readonly leader: SqliteLeaderRepository;
  private readonly frontierChanges: ChangeFeed;

  constructor(
    readonly dataDir: string,
    readonly file: string,
    private readonly db: Db,
    readonly appliedMigrations: string[],
  ) {
    this.listings = new SqliteListingRepository(db);
    this.hits = new SqliteHitRepository(db);
    this.findings = new SqliteFindingRepository(db);
    this.leads = new SqliteLeadRepository(db);
    this.notices = new SqliteNoticeRepository(db);
    this.audit = new SqliteAuditRepository(db);
    this.alerts = new SqliteAlertRepository(db);
    this.dashboard = new SqliteDashboardQueries(db);
    this.accounts = new SqliteAccountRepository(db);
    this.evidence = new SqliteEvidenceRepository(db);
    this.runs = new SqliteRunRepository(db);
    this.frontierChanges = new ChangeFeed(sqliteDataVersionSource(db));
    // The frontier commits listing, hits, leads and evidence in its own transaction, so it gets their cores.
    this.frontier = sqliteFrontierRepository(
      db,
      new SqliteListingRepository(db),
      new SqliteHitRepository(db),
      new SqliteEvidenceRepository(db),
      this.frontierChanges,
    );
    this.hosts = new SqliteHostPolicyRepository(db);
    this.rights = new SqliteRightsRepository(db);
    this.jobSettings = new SqliteJobSettingsRepository(db);
    this.stats = new SqliteStatEntryRepository(db);
    this.proofs = new SqliteProofRepository(db);
    this.alertSettings = new SqliteAlertSettingsRepository(db);
    this.leader = new SqliteLeaderRepository(db);
    this.readOnly = db.readonly;
    this.blobs = new LocalBlobStore(dataDir);
  }

  async close(): Promise<void> {
    const stopping = this.frontierChanges.close(); // its poll stops at once
    if (this.db.open) this.db.close();
    await stopping;
  }
}

/** Migrations this build knows that `db` has not applied (a read-only connection may not apply them). */
function pendingMigrations(db: Db): string[] {
  const hasTable = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  const applied = new Set(
    hasTable
      ? db
          .prepare('SELECT name FROM schema_migrations')
          .pluck()
          .all()
          .map((n) => String(n))
      : [],
  );
  return loadMigrations()
    .map((m) => m.name)
    .filter((name) => !applied.has(name));
}

/** Opens the SQLite store in `dataDir`: read-write with pending migrations applied first, or read-only. */
export async function openStore(dataDir: string, options: OpenStoreOptions = {}): Promise<Store> {
  const file = join(dataDir, DATABASE_FILE);
  const readOnly = options.readonly === true;
  const db = openDatabase(file, { readonly: readOnly });
  try {
    if (readOnly) {
      const pending = pendingMigrations(db);
      if (pending.length > 0) {
        throw new StoreError(
          'store.schema_behind',
          `${file}: the database schema is behind this markwatch (not applied: ${pending.join(', ')}); ` +
            'run a command that writes (e.g. `markwatch rights expire --as staff`) once with a writable ' +
            'data directory to upgrade it',
          file,
        );
      }
    }
    const applied = readOnly ? [] : migrate(db);
    return new SqliteStore(dataDir, file, db, applied);
  } catch (err) {
    db.close();
    throw explainStoreError(err, file, readOnly);
  }
}
