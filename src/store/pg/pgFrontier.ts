import type { ChangeFeed } from '../changeFeed.js';
import type { FrontierRepository } from '../crawlRepositories.js';
import { PgCrawlFailures } from './pgCrawlFailures.js';
import { PgCrawlRuns } from './pgCrawlRuns.js';
import type { PgConn } from './pgDatabase.js';
import { PgFrontierQueue } from './pgFrontierQueue.js';
import { PgItemCommit } from './pgItemCommit.js';
import { PgRunTally } from './pgRunTally.js';

/*
 * The crawler's repository on PostgreSQL, assembled like sqliteFrontierRepository from units with one job each:
 * crawl runs, the frontier queue (with pgLease.ts), failures, the page commit and the run tally.
 */
export function pgFrontierRepository(conn: PgConn, changes: ChangeFeed): FrontierRepository {
  const runs = new PgCrawlRuns(conn);
  const queue = new PgFrontierQueue(conn);
  const failures = new PgCrawlFailures(conn);
  const commit = new PgItemCommit(conn);
  const tally = new PgRunTally(conn);
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
