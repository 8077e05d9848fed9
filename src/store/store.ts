import { join } from 'node:path';
import { openDatabase, type Db } from './database.js';
import { migrate } from './migrate.js';
import type {
  EvidenceRepository,
  HitRepository,
  LeadRepository,
  ListingRepository,
  RightsRepository,
  RunRepository,
} from './repositories.js';
import { SqliteListingRepository } from './sqliteListings.js';
import { SqliteHitRepository } from './sqliteHits.js';
import { SqliteLeadRepository } from './sqliteLeads.js';
import { SqliteEvidenceRepository } from './sqliteEvidence.js';
import { SqliteRunRepository } from './sqliteRuns.js';
import { sqliteFrontierRepository } from './sqliteFrontier.js';
import { SqliteHostPolicyRepository } from './sqliteHostPolicy.js';
import type { FrontierRepository, HostPolicyRepository } from './crawlRepositories.js';
import { SqliteRightsRepository } from './sqliteRights.js';

export const DATABASE_FILE = 'markwatch.sqlite';

/** The one owner of the database connection; everything else reaches data through its repositories. */
export interface Store {
  readonly dataDir: string;
  readonly listings: ListingRepository;
  readonly hits: HitRepository;
  readonly leads: LeadRepository;
  readonly evidence: EvidenceRepository;
  readonly runs: RunRepository;
  readonly frontier: FrontierRepository;
  readonly hosts: HostPolicyRepository;
  readonly rights: RightsRepository;
  /** Migrations applied when this store was opened (empty when the schema was already current). */
  readonly appliedMigrations: string[];
  close(): Promise<void>;
}

class SqliteStore implements Store {
  readonly listings: ListingRepository;
  readonly hits: HitRepository;
  readonly leads: LeadRepository;
  readonly evidence: EvidenceRepository;
  readonly runs: RunRepository;
  readonly frontier: FrontierRepository;
  readonly hosts: HostPolicyRepository;
  readonly rights: RightsRepository;

  constructor(
    readonly dataDir: string,
    private readonly db: Db,
    readonly appliedMigrations: string[],
  ) {
    this.listings = new SqliteListingRepository(db);
    this.hits = new SqliteHitRepository(db);
    this.leads = new SqliteLeadRepository(db);
    this.evidence = new SqliteEvidenceRepository(db);
    this.runs = new SqliteRunRepository(db);
    // The frontier commits listing, hits, leads and evidence in its own transaction, so it gets their cores.
    this.frontier = sqliteFrontierRepository(
      db,
      new SqliteListingRepository(db),
      new SqliteHitRepository(db),
      new SqliteEvidenceRepository(db),
    );
    this.hosts = new SqliteHostPolicyRepository(db);
    this.rights = new SqliteRightsRepository(db);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** Opens the SQLite store in `dataDir`, applying pending migrations first. */
export async function openStore(dataDir: string): Promise<Store> {
  const db = openDatabase(join(dataDir, DATABASE_FILE));
  try {
    const applied = migrate(db);
    return new SqliteStore(dataDir, db, applied);
  } catch (err) {
    db.close();
    throw err;
  }
}
