import type {
  EvidenceRepository,
  HitRepository,
  ListingRepository,
  RightsRepository,
  RunRepository,
} from './repositories.js';
import type { FindingRepository, LeadRepository, NoticeRepository } from './workflowRepositories.js';
import type { AuditRepository } from './auditRepository.js';
import type { AlertRepository } from './alertRepository.js';
import type { DashboardQueries } from './dashboardQueries.js';
import type { AccountRepository } from './accountRepository.js';
import type { FrontierRepository, HostPolicyRepository } from './crawlRepositories.js';
import type { JobSettingsRepository } from './jobSettingsRepository.js';
import type { StatEntryRepository } from './statEntryRepository.js';
import type { ProofRepository } from './proofRepository.js';
import type { AlertSettingsRepository } from './alertSettingsRepository.js';
import type { BlobStore } from './blobStore.js';
import type { LeaderRepository } from './leaderRepository.js';

/** The one owner of the database connection; everything else reaches data through its repositories. */
export interface Store {
  /** Which engine holds the records (config `store.kind`). */
  readonly kind: 'sqlite' | 'postgres';
  readonly dataDir: string;
  /** The database file (SQLite) or the server URL without its password (PostgreSQL), for messages. */
  readonly file: string;
  /** Opened read-only (a command that only reads): every write fails with SQLITE_READONLY. */
  readonly readOnly: boolean;
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
  /** Evidence bytes: the data directory (SQLite) or the database itself (PostgreSQL, shared by every machine). */
  readonly blobs: BlobStore;
  readonly leader: LeaderRepository;
  /** Migrations applied when this store was opened (empty when the schema was already current). */
  readonly appliedMigrations: string[];
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /**
   * For commands that only read (`leads list`, `rights list` …): the database is opened read-only and never
   * migrated, so such commands work on a read-only data directory. A missing database, or one whose schema is
   * behind this build, is an error that says so.
   */
  readonly?: boolean;
}
