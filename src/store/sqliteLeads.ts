import type { Lead, LeadStatus } from '../model/index.js';
import type { Db } from './database.js';
import type { LeadQuery, LeadRepository } from './repositories.js';

interface LeadRow {
  pk: number;
  listing_id: string;
  platform: string;
  url: string;
  title: string;
  seller_id: string;
  seller_name: string;
  right_key: string;
  kind: Lead['kind'];
  reason: Lead['reason'];
  score: number;
  status: LeadStatus;
  created_at: string;
  updated_at: string;
}

const SELECT = `SELECT d.pk, l.listing_id, l.platform, l.url, l.title, l.seller_id, l.seller_name, d.right_key, d.kind,
                       d.reason, d.score, d.status, d.created_at, d.updated_at
                FROM leads d JOIN listings l ON l.pk = d.listing_pk`;

function toLead(r: LeadRow): Lead {
  return {
    id: r.pk,
    listingId: r.listing_id,
    platform: r.platform,
    url: r.url,
    title: r.title,
    sellerId: r.seller_id,
    sellerName: r.seller_name,
    rightId: r.right_key === '' ? null : r.right_key,
    kind: r.kind,
    reason: r.reason,
    score: r.score,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export class SqliteLeadRepository implements LeadRepository {
  constructor(private readonly db: Db) {}

  async list(query: LeadQuery = {}): Promise<Lead[]> {
    const where = query.status ? 'WHERE d.status = @status' : '';
    const rows = this.db
      .prepare<Record<string, unknown>, LeadRow>(
        `${SELECT} ${where} ORDER BY d.score DESC, d.pk LIMIT @limit OFFSET @offset`,
      )
      .all({ status: query.status, limit: query.limit ?? -1, offset: query.offset ?? 0 });
    return rows.map(toLead);
  }

  async get(id: number): Promise<Lead | null> {
    const row = this.db.prepare<[number], LeadRow>(`${SELECT} WHERE d.pk = ?`).get(id);
    return row ? toLead(row) : null;
  }

  async count(query: Pick<LeadQuery, 'status'> = {}): Promise<number> {
    const sql = query.status ? 'SELECT count(*) FROM leads WHERE status = ?' : 'SELECT count(*) FROM leads';
    const stmt = this.db.prepare(sql).pluck();
    return Number(query.status ? stmt.get(query.status) : stmt.get());
  }

  async setStatus(id: number, status: LeadStatus): Promise<void> {
    const info = this.db
      .prepare('UPDATE leads SET status = ?, updated_at = ? WHERE pk = ?')
      .run(status, new Date().toISOString(), id);
    if (info.changes === 0) throw new Error(`lead ${id} not found`);
  }
}
