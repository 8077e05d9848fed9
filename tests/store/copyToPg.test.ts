import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/demo.js';
import { parseConfig } from '../../src/config/loadConfig.js';
import { copyStoreToPg, type CopyProgress } from '../../src/store/copy/copyStore.js';
import { COPY_TABLES, ident, sqliteColumns } from '../../src/store/copy/copyTables.js';
import { DATABASE_FILE, openDatabase, openStore, type WorkflowActor } from '../../src/store/index.js';
import { LocalBlobStore } from '../../src/store/localBlobStore.js';
import { PgBlobStore } from '../../src/store/pg/pgBlobStore.js';
import { openPgDb } from '../../src/store/pg/pgDatabase.js';
import { createPgDatabase, pgAdminUrl } from '../helpers/pgStore.js';

/*
 * A real store to move: the demo (rights import, a crawl of the sample marketplace with evidence, the workflow
 * story: finding → lead → notice → relisting) and, for the tables the demo leaves empty, their repositories.
 */

const T0 = '2026-12-04T02:00:00.000Z';
const who: WorkflowActor = { actor: 'shell:root', role: 'shell', osUser: 'root', at: T0 };
const HASH = 'scrypt$1024$8$1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5';

async function addWhatTheDemoLeavesEmpty(dataDir: string): Promise<void> {
  const store = await openStore(dataDir);
  try {
    const user = await store.accounts.createUser(
      {
        username: 'zhao',
        displayName: '赵科长',
        role: 'officer',
        holderId: null,
        passwordHash: HASH,
        mustChangePassword: true,
      },
      who,
    );
    await store.accounts.createSession({
      tokenHash: 'a'.repeat(64),
      userId: user.id,
      csrfToken: 'csrf',
      createdAt: T0,
      lastSeenAt: T0,
      expiresAt: '2026-12-05T02:00:00.000Z',
      address: '10.0.0.1',
      userAgent: null,
    });
    await store.accounts.recordAttempt({
      username: 'zhao',
      address: '10.0.0.1',
      ok: true,
      reason: null,
      at: T0,
    });
    await store.alerts.enqueue(
      {
        kind: 'high_risk_lead',
        dedupKey: 'k1',
        subject: '【markwatch】k1',
        text: '正文',
        html: '<p>k1</p>',
        data: { n: 1 },
        createdAt: T0,
      },
      ['hook', 'mail'],
      new Date(T0),
    );
    await store.stats.saveActions(
      [
        {
          unit: 'U',
          ref: 'A1',
          on: '2026-02-01',
          actions: 1,
          deployments: 4,
          marketActions: 0,
          marketDeployments: 0,
          keyMarkets: 12,
          note: '',
        },
      ],
      who,
    );
    await store.stats.saveCases(
      [
        {
          unit: 'U',
          caseNo: 'C-1',
          row: 'trademark',
          openedOn: '2026-02-01',
          closedOn: null,
          referredOn: null,
          amountInvolvedFen: 5000,
          finesFen: null,
          lossesRecoveredFen: null,
          foreignLossesRecoveredFen: null,
          ecommerce: true,
          keyMarket: false,
          rural: false,
          foreignVictim: true,
          leadId: null,
          note: '',
        },
      ],
      who,
    );
  } finally {
    await store.close();
  }
  // The rest through SQL: rows the copy must move whatever wrote them (NULLs, Chinese text, a REAL, a BLOB-free
  // row with a self-chosen key).
  const db = openDatabase(join(dataDir, DATABASE_FILE));
  try {
    const run = Number(db.prepare('SELECT min(pk) FROM runs').pluck().get());
    const frontier = Number(db.prepare('SELECT min(id) FROM crawl_frontier').pluck().get());
    db.exec(`
      INSERT INTO seller_whitelist (platform, seller_id, right_key, note, created_by, created_at, revoked_by, revoked_at)
        VALUES ('shopa', 's1', 'tm-naike', '授权经销商', 'zhao', '${T0}', NULL, NULL);
      INSERT INTO right_notifications (account_id, right_id, kind, message, created_at, read_at)
        VALUES ('holder-1', 'tm-naike', 'expiring', '权利即将到期', '${T0}', NULL);
      INSERT INTO proofs (holder_id, sha256, media_type, size, file_name, uploaded_by, uploaded_at)
        VALUES ('holder-1', '${'b'.repeat(64)}', 'application/pdf', 1234, '授权书.pdf', 'zhao', '${T0}');
      INSERT INTO right_proofs (right_id, proof_id, attached_by, attached_at)
        VALUES ('tm-naike', (SELECT max(id) FROM proofs), 'zhao', '${T0}');
      INSERT INTO crawl_errors (run_pk, frontier_id, url, error_class, status, message, at)
        VALUES (${run}, ${frontier}, 'http://127.0.0.1/x', 'http', NULL, '超时 timeout', '${T0}');
      INSERT INTO crawl_job_settings (job, settings, updated_at, updated_by)
        VALUES ('demo', '{"budget":5}', '${T0}', 'zhao');
      INSERT INTO alert_settings (settings_json, updated_by, updated_at) VALUES ('{}', 'zhao', '${T0}');
    `);
  } finally {
    db.close();
  }
}

const pgOnly = pgAdminUrl() ? describe : describe.skip;

pgOnly('store copy SQLite → PostgreSQL', () => {
  let dataDir = '';
  const drops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'markwatch-copy-'));
    const config = { ...parseConfig({}, 'test'), dataDir };
    const demo = await runDemo({ config, marketplacePort: 0, budget: 20, story: true });
    await demo.marketplace.close();
    await demo.store.close();
    await addWhatTheDemoLeavesEmpty(dataDir);
  }, 300_000);

  afterAll(async () => {
    for (const d of drops) await d();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function target(): Promise<{ url: string; client: pg.Client }> {
    const { url, drop } = await createPgDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    drops.push(async () => {
      await client.end();
      await drop();
    });
    return { url, client };
  }

  /** Rows of every copied table, and of blobs, in the target. */
  async function counts(client: pg.Client): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of [...COPY_TABLES, 'blobs']) {
      out[t] = Number((await client.query(`SELECT count(*) AS n FROM ${ident(t)}`)).rows[0].n);
    }
    return out;
  }

  it('copies every table row by row with its ids, continues the ids after them, and moves the evidence', async () => {
    const { url, client } = await target();
    const progress: CopyProgress[] = [];
    const report = await copyStoreToPg(dataDir, url, (p) => progress.push(p));

    const source = openDatabase(join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      const empty: string[] = [];
      for (const table of COPY_TABLES) {
        const { columns, key } = sqliteColumns(source, table);
        const cols = columns.map(ident).join(', ');
        // Sorted here by the key: PostgreSQL's text collation need not order as SQLite's bytes do.
        const byKey = (rows: Record<string, unknown>[]) =>
          rows.sort((a, b) =>
            JSON.stringify(key.map((k) => a[k])) < JSON.stringify(key.map((k) => b[k])) ? -1 : 1,
          );
        const want = byKey(
          source.prepare(`SELECT ${cols} FROM ${ident(table)}`).all() as Record<string, unknown>[],
        );
        const got = byKey((await client.query(`SELECT ${cols} FROM ${ident(table)}`)).rows);
        expect(got, table).toEqual(want);
        expect(report.tables.find((t) => t.table === table)?.rows, table).toBe(want.length);
        expect(progress.at(-1)).toBeDefined();
        expect(progress.filter((p) => p.table === table).at(-1), table).toEqual({
          table,
          copied: want.length,
          total: want.length,
        });
        if (want.length === 0) empty.push(table);
      }
      // The fixture reaches every table: a table with no row would prove nothing.
      expect(empty).toEqual([]);

      // Identity sequences continue after the copied ids: a new row does not collide with a copied one.
      const maxListing = Number(source.prepare('SELECT max(pk) FROM listings').pluck().get());
      const next = await client.query(`SELECT nextval(pg_get_serial_sequence('listings', 'pk')) AS n`);
      expect(Number(next.rows[0].n)).toBe(maxListing + 1);

      // Every evidence record's bytes open from PostgreSQL, equal to the local file's.
      const shas = source.prepare('SELECT DISTINCT sha256 FROM evidence').pluck().all() as string[];
      expect(shas.length).toBeGreaterThan(10);
      expect(report.blobs).toBe(shas.length);
      const db = await openPgDb(url, { poolSize: 2 });
      try {
        const remote = new PgBlobStore(db);
        const local = new LocalBlobStore(dataDir);
        for (const sha of shas.slice(0, 8)) {
          expect((await buffer(remote.open(sha))).equals(await buffer(local.open(sha))), sha).toBe(true);
        }
      } finally {
        await db.close();
      }
    } finally {
      source.close();
    }
  });

  it('refuses a target that already has rows, naming the table, and leaves it as it was', async () => {
    const { url, client } = await target();
    await copyStoreToPg(dataDir, url);
    const before = await counts(client);
    await expect(copyStoreToPg(dataDir, url)).rejects.toThrow(
      /表 runs 已有数据.*target table runs already has rows/,
    );
    expect(await counts(client)).toEqual(before);
  });

  it('a failure after every table was inserted (an evidence file missing) leaves the target empty', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'markwatch-copy-broken-'));
    try {
      cpSync(dataDir, broken, { recursive: true });
      const ab = readdirSync(join(broken, 'evidence')).find((d) => /^[0-9a-f]{2}$/.test(d))!;
      const cd = readdirSync(join(broken, 'evidence', ab))[0]!;
      const file = readdirSync(join(broken, 'evidence', ab, cd))[0]!;
      rmSync(join(broken, 'evidence', ab, cd, file));
      const { url, client } = await target();
      await expect(copyStoreToPg(broken, url)).rejects.toThrow(file.replace('.gz', ''));
      const after = await counts(client);
      expect(Object.entries(after).filter(([, n]) => n !== 0)).toEqual([]);
      const lo = await client.query('SELECT count(*) AS n FROM pg_largeobject_metadata');
      expect(Number(lo.rows[0].n)).toBe(0);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
