import {
  LeaseLostError,
  type EnqueueLimit,
  type ItemCommit,
  type ItemCommitResult,
  type LeasedEntry,
  type NewFrontierEntry,
  type NextLease,
} from './crawlRepositories.js';
import type { Db } from './database.js';
import { isoNow } from './frontierRows.js';
import type { SqliteEvidenceRepository } from './sqliteEvidence.js';
import type { SqliteFrontierQueue } from './sqliteFrontierQueue.js';
import type { SqliteHitRepository } from './sqliteHits.js';
import type { SqliteListingRepository } from './sqliteListings.js';

/**
 * A page's commit: a search page's discoveries, or an item's listing, relisting link, hits, findings and
 * evidence — with the row marked done and the worker's next row leased, all in one transaction.
 */
export class SqliteItemCommit {
  private readonly doneStmt;
  private readonly relistStmt;
  private readonly keyStmt;
  private readonly runOfStmt;

  constructor(
    private readonly db: Db,
    private readonly queue: SqliteFrontierQueue,
    private readonly listings: SqliteListingRepository,
    private readonly hits: SqliteHitRepository,
    private readonly evidence: SqliteEvidenceRepository,
  ) {
    this.doneStmt = db.prepare(
      `UPDATE crawl_frontier SET state = 'done', processed = processed + 1, listing_pk = @listingPk,
              listing_status = @status, relisting_of = @relistingOf, hits = @hits, new_leads = @newFindings,
              lease_owner = NULL, lease_until = NULL,
              updated_at = @at
       WHERE id = @id AND state = 'leased' AND lease_owner = @owner`,
    );
    // A listing of the same seller sharing a content key (newest first).
    this.relistStmt = db.prepare<[string, string, string, number], { pk: number; listing_id: string }>(
      `SELECT l.pk, l.listing_id FROM crawl_listing_keys k JOIN listings l ON l.pk = k.listing_pk
       WHERE k.platform = ? AND k.seller_id = ? AND k.key IN (SELECT value FROM json_each(?)) AND k.listing_pk <> ?
       ORDER BY k.listing_pk DESC LIMIT 1`,
    );
    this.keyStmt = db.prepare(
      'INSERT OR IGNORE INTO crawl_listing_keys (platform, seller_id, key, listing_pk) VALUES (?, ?, ?, ?)',
    );
    this.runOfStmt = db.prepare<[number], number>('SELECT run_pk FROM crawl_frontier WHERE id = ?').pluck();
  }

  async completeSearch(
    frontierId: number,
    owner: string,
    discovered: NewFrontierEntry[],
    limit?: EnqueueLimit,
    leaseNext?: NextLease,
  ): Promise<{ inserted: number; next: LeasedEntry | null }> {
    return this.db
      .transaction(() => {
        const runPk = this.runOfStmt.get(frontierId);
        const info = this.doneStmt.run({
          id: frontierId,
          owner,
          listingPk: null,
          status: null,
          hits: 0,
          newFindings: 0,
          relistingOf: null,
          at: isoNow(),
        });
        if (info.changes === 0) throw new LeaseLostError(frontierId);
        const inserted = this.queue.insertAllSync(Number(runPk), discovered, limit);
        return { inserted, next: leaseNext ? this.queue.leaseNextSync(owner, leaseNext) : null };
      })
      .immediate();
  }

  async commitItem(c: ItemCommit): Promise<ItemCommitResult> {
    return this.db
      .transaction((): ItemCommitResult => {
        const { pk, status } = this.listings.upsertSync(c.listing, c.contentHash);
        let hits = 0;
        let flaggedHits = 0;
        let newFindingIds: number[] = [];
        let evidence = 0;
        let relistingOf: string | null = null;
        if (status === 'new') {
          const previous = this.relistStmt.get(
            c.listing.platform,
            c.listing.seller.id,
            JSON.stringify(c.relistingKeys),
            pk,
          );
          if (previous) {
            relistingOf = previous.listing_id;
            const runPk = this.runOfStmt.get(c.frontierId);
            this.db
              .prepare(
                'INSERT OR IGNORE INTO crawl_relistings (listing_pk, previous_pk, run_pk, detected_at) VALUES (?, ?, ?, ?)',
              )
              .run(pk, previous.pk, runPk, isoNow());
          }
        }
        if (status !== 'unchanged') {
          for (const key of c.relistingKeys)
            this.keyStmt.run(c.listing.platform, c.listing.seller.id, key, pk);
          const found = c.match(c.listing);
          hits = found.length;
          flaggedHits = found.filter((h) => h.flagged).length;
          if (found.length > 0)
            newFindingIds = this.hits.recordSync(pk, c.contentHash, found, c.decideFindings).newFindingIds;
          for (const e of c.evidence) this.evidence.addSync(pk, e);
          evidence = c.evidence.length;
        }
        const info = this.doneStmt.run({
          id: c.frontierId,
          owner: c.owner,
          listingPk: pk,
          status,
          hits,
          newFindings: newFindingIds.length,
          relistingOf,
          at: isoNow(),
        });
        if (info.changes === 0) throw new LeaseLostError(c.frontierId);
        const next = c.leaseNext ? this.queue.leaseNextSync(c.owner, c.leaseNext) : null;
        return { listingPk: pk, status, hits, flaggedHits, newFindingIds, evidence, relistingOf, next };
      })
      .immediate();
  }
}
