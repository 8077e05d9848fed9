import {
  LeaseLostError,
  type EnqueueLimit,
  type ItemCommit,
  type ItemCommitResult,
  type LeasedEntry,
  type NewFrontierEntry,
  type NextLease,
} from '../crawlRepositories.js';
import { isoNow } from '../frontierRows.js';
import type { UpsertStatus } from '../repositories.js';
import type { PgConn, PgExec } from './pgDatabase.js';
import { PgEvidenceRepository } from './pgEvidence.js';
import { PgFrontierQueue } from './pgFrontierQueue.js';
import { PgHitRepository } from './pgHits.js';
import { PgListingRepository } from './pgListings.js';

interface DoneMark {
  listingPk: number | null;
  status: UpsertStatus | null;
  relistingOf: string | null;
  hits: number;
  newFindings: number;
}

/**
 * A page's commit on PostgreSQL: a search page's discoveries, or an item's listing, relisting link, keys, hits,
 * findings and evidence — with the row marked done and the worker's next row leased, in ONE transaction whose
 * repositories are built on the transaction's connection.
 *
 * The lease is checked first and the row kept locked (SELECT … FOR UPDATE) to the commit: a row swept and
 * re-leased elsewhere fails here with LeaseLostError before anything is written or matched, and a sweep that
 * comes while we commit waits for our commit and then finds the row done. So a row is committed once.
 */
export class PgItemCommit {
  constructor(private readonly conn: PgConn) {}

  /** Locks the row if `owner` still holds its lease; its run, or LeaseLostError. */
  private async holdLease(c: PgExec, frontierId: number, owner: string): Promise<number> {
    const { rows } = await c.query<{ run_pk: number }>(
      `SELECT run_pk FROM crawl_frontier WHERE id = $1 AND state = 'leased' AND lease_owner = $2 FOR UPDATE`,
      [frontierId, owner],
    );
    if (!rows[0]) throw new LeaseLostError(frontierId);
    return rows[0].run_pk;
  }

  private async markDone(c: PgExec, frontierId: number, owner: string, d: DoneMark): Promise<void> {
    const info = await c.query(
      `UPDATE crawl_frontier SET state = 'done', processed = processed + 1, listing_pk = $3, listing_status = $4,
              relisting_of = $5, hits = $6, new_leads = $7, lease_owner = NULL, lease_until = NULL, updated_at = $8
       WHERE id = $1 AND state = 'leased' AND lease_owner = $2`,
      [frontierId, owner, d.listingPk, d.status, d.relistingOf, d.hits, d.newFindings, isoNow()],
    );
    if (!info.rowCount) throw new LeaseLostError(frontierId);
  }

  async completeSearch(
    frontierId: number,
    owner: string,
    discovered: NewFrontierEntry[],
    limit?: EnqueueLimit,
    leaseNext?: NextLease,
  ): Promise<{ inserted: number; next: LeasedEntry | null }> {
    return this.conn.tx(async (c) => {
      const runPk = await this.holdLease(c, frontierId, owner);
      await this.markDone(c, frontierId, owner, {
        listingPk: null,
        status: null,
        relistingOf: null,
        hits: 0,
        newFindings: 0,
      });
      const queue = new PgFrontierQueue(c);
      const inserted = await queue.insertAll(runPk, discovered, limit);
      return { inserted, next: leaseNext ? await queue.leaseNext(owner, leaseNext) : null };
    });
  }

  async commitItem(ci: ItemCommit): Promise<ItemCommitResult> {
    return this.conn.tx(async (c): Promise<ItemCommitResult> => {
      const runPk = await this.holdLease(c, ci.frontierId, ci.owner);
      const { pk, status } = await new PgListingRepository(c).upsert(ci.listing, ci.contentHash);
      let hits = 0;
      let flaggedHits = 0;
      let newFindingIds: number[] = [];
      let relistingOf: string | null = null;
      if (status === 'new') relistingOf = await this.linkRelisting(c, ci, pk, runPk);
      if (status !== 'unchanged') {
        if (ci.relistingKeys.length > 0) {
          await c.query(
            `INSERT INTO crawl_listing_keys (platform, seller_id, key, listing_pk)
             SELECT $1, $2, key, $4 FROM unnest($3::text[]) AS key
             ON CONFLICT DO NOTHING`,
            [ci.listing.platform, ci.listing.seller.id, ci.relistingKeys, pk],
          );
        }
        const found = ci.match(ci.listing);
        hits = found.length;
        flaggedHits = found.filter((h) => h.flagged).length;
        if (found.length > 0) {
          newFindingIds = (
            await new PgHitRepository(c, { listingLocked: true }).record(
              pk,
              ci.contentHash,
              found,
              ci.decideFindings,
            )
          ).newFindingIds;
        }
        await new PgEvidenceRepository(c).addAll(pk, ci.evidence);
      }
      await this.markDone(c, ci.frontierId, ci.owner, {
        listingPk: pk,
        status,
        relistingOf,
        hits,
        newFindings: newFindingIds.length,
      });
      const next = ci.leaseNext ? await new PgFrontierQueue(c).leaseNext(ci.owner, ci.leaseNext) : null;
      const evidenceCount = status === 'unchanged' ? 0 : ci.evidence.length;
      return {
        listingPk: pk,
        status,
        hits,
        flaggedHits,
        newFindingIds,
        evidence: evidenceCount,
        relistingOf,
        next,
      };
    });
  }

  /** A new listing sharing a content key with another of the same seller (newest first) relists it. */
  private async linkRelisting(c: PgExec, ci: ItemCommit, pk: number, runPk: number): Promise<string | null> {
    if (ci.relistingKeys.length === 0) return null;
    const { rows } = await c.query<{ pk: number; listing_id: string }>(
      `SELECT l.pk, l.listing_id FROM crawl_listing_keys k JOIN listings l ON l.pk = k.listing_pk
       WHERE k.platform = $1 AND k.seller_id = $2 AND k.key = ANY($3::text[]) AND k.listing_pk <> $4
       ORDER BY k.listing_pk DESC LIMIT 1`,
      [ci.listing.platform, ci.listing.seller.id, ci.relistingKeys, pk],
    );
    const previous = rows[0];
    if (!previous) return null;
    await c.query(
      `INSERT INTO crawl_relistings (listing_pk, previous_pk, run_pk, detected_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [pk, previous.pk, runPk, isoNow()],
    );
    return previous.listing_id;
  }
}
