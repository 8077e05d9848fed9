import type { ChangeFeed } from './changeFeed.js';
import type { FrontierRepository } from './crawlRepositories.js';
import type { Db } from './database.js';
import { SqliteCrawlFailures } from './sqliteCrawlFailures.js';
import { SqliteCrawlRuns } from './sqliteCrawlRuns.js';
import type { SqliteEvidenceRepository } from './sqliteEvidence.js';
import { SqliteFrontierQueue } from './sqliteFrontierQueue.js';
import type { SqliteHitRepository } from './sqliteHits.js';
import { SqliteItemCommit } from './sqliteItemCommit.js';
import type { SqliteListingRepository } from './sqliteListings.js';
import { SqliteRunTally } from './sqliteRunTally.js';

/*
 * The crawler's repository as callers see it, assembled from units with one job each: crawl runs (claim,
 * heartbeat, plan), the frontier queue (rows, leases, retry and settle), failures, the page commit and the
 * run tally. Callers keep one object; each unit stays small enough to read in one sitting.
 *
 * Their write transactions are IMMEDIATE: workers of several processes share the file, and a deferred
 * transaction that reads first fails at once with "database is locked" (SQLITE_BUSY_SNAPSHOT, no busy
 * timeout) when another process committed between its read and its first write.
 */
export function sqliteFrontierRepository(
  db: Db,
  listings: SqliteListingRepository,
  hits: SqliteHitRepository,
  evidence: SqliteEvidenceRepository,
  changes: ChangeFeed,
): FrontierRepository {
  const runs = new SqliteCrawlRuns(db);
  const queue = new SqliteFrontierQueue(db);
  const failures = new SqliteCrawlFailures(db);
  const commit = new SqliteItemCommit(db, queue, listings, hits, evidence);
  const tally = new SqliteRunTally(db);
  return {
    claimRun: runs.claimRun.bind(runs),
    savePlan: runs.savePlan.bind(runs),
    plan: runs.plan.bind(runs),
    heartbeat: runs.heartbeat.bind(runs),
    finishRun: runs.finishRun.bind(runs),
    runningRuns: runs.runningRuns.bind(runs),
    enqueue: queue.enqueue.bind(queue),
    carryFailures: queue.carryFailures.bind(queue),
    lease: queue.lease.bind(queue),
    leaseWithSlot: queue.leaseWithSlot.bind(queue),
    queryRows: queue.queryRows.bind(queue),
    outstanding: queue.outstanding.bind(queue),
    release: queue.release.bind(queue),
    renewLeases: queue.renewLeases.bind(queue),
    releaseLeases: queue.releaseLeases.bind(queue),
    releaseStaleLeases: queue.releaseStaleLeases.bind(queue),
    retry: queue.retry.bind(queue),
    settle: queue.settle.bind(queue),
    entries: queue.entries.bind(queue),
    completeSearch: commit.completeSearch.bind(commit),
    commitItem: commit.commitItem.bind(commit),
    recordFailure: failures.recordFailure.bind(failures),
    failures: failures.failures.bind(failures),
    tally: tally.tally.bind(tally),
    onChange: (listener) => changes.subscribe(listener),
  };
}
