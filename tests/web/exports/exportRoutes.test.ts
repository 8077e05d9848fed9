import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { CONFIG_DEFAULTS } from '../../../src/config/schema.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { SEED_RIGHT, seedExportLeads } from '../../../src/tools/bench/exportSeed.js';
import { storeProofBytes } from '../../../src/workflow/proofOfRight.js';
import { readZip } from '../../export/package/zipHelpers.js';
import { useTempDir } from '../../helpers/tempDir.js';
import { addUser, Browser, webApp } from '../webHarness.js';

/* Exports on the web: the lead package (with the PDFs and the proof of right), the 移送 package, 公示, 典型案例. */

const tempDir = useTempDir();
const HOSTILE = '=HYPERLINK("http://evil.example","点我")<script>alert(1)</script>';

async function setup(): Promise<{
  store: Store;
  dir: string;
  ids: number[];
  officer: Browser;
  holder: Browser;
}> {
  const dir = tempDir();
  const store = await openStore(dir);
  const ids = await seedExportLeads(store, { leads: 2, screenshotBytes: 1024, title: () => HOSTILE });
  const config = { ...CONFIG_DEFAULTS, dataDir: store.dataDir };
  const app = webApp(store, config);
  const officer = new Browser(app);
  await officer.login('zhang', await addUser(store, 'zhang', 'officer'));
  const holder = new Browser(app);
  await holder.login('nike', await addUser(store, 'nike', 'rights_holder', 'holder-nike'));
  return { store, dir, ids, officer, holder };
}

async function saved(dir: string, res: Response, name: string): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

describe('web exports', () => {
  it('streams a lead package with the summary PDF, the extraction record and the proof of right', async () => {
    const { store, dir, ids, officer } = await setup();
    try {
      const pdf = Buffer.from('%PDF-1.4\n% certificate\n%%EOF\n');
      const sha256 = storeProofBytes(store.dataDir, pdf);
      await store.proofs.record(
        {
          holderId: 'holder-nike',
          sha256,
          mediaType: 'application/pdf',
          size: pdf.length,
          fileName: '注册证.pdf',
        },
        [SEED_RIGHT.id],
        { actor: 'nike', role: 'rights_holder', osUser: 'test', at: '2026-11-30T00:00:00.000Z' },
      );
      const res = await officer.get(`/leads/${ids[0]}/package.zip`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/zip');
      expect(res.headers.get('content-disposition')).toContain(`lead-${ids[0]}.zip`);
      const entries = await readZip(await saved(dir, res, 'lead.zip'));
      const names = [...entries.keys()];
      for (const doc of ['summary.html', 'summary.pdf', 'extraction-record.html', 'extraction-record.pdf']) {
        expect(
          names.some((n) => n.endsWith(`/${doc}`)),
          doc,
        ).toBe(true);
      }
      const manifestName = names.find((n) => n.endsWith('/manifest.json'))!;
      const manifest = JSON.parse(entries.get(manifestName)!.toString('utf8')) as {
        right: { proofOfRight: { sha256: string } | null };
        documents: { status: string };
      };
      expect(manifest.right.proofOfRight?.sha256).toBe(sha256);
      // Once sent, the package's digest is in the audit log, where `markwatch verify` looks it up.
      const digest = entries
        .get(names.find((n) => n.endsWith('/manifest.sha256'))!)!
        .toString('utf8')
        .split(' ')[0];
      // The record follows the last byte sent: a loaded machine gets time, a quick one returns at once.
      await vi.waitFor(
        async () => {
          const recorded = await store.audit.list({ subjectType: 'lead_package', subjectId: digest });
          expect(recorded[0]).toMatchObject({ action: 'export.lead_package', actor: 'zhang' });
        },
        { timeout: 30_000, interval: 50 },
      );
      expect(manifest.documents.status).toBe('rendered');
      const summary = entries.get(names.find((n) => n.endsWith('/summary.html'))!)!.toString('utf8');
      expect(summary).toContain(sha256);
      expect(summary).not.toContain('<script>alert(1)');
      expect(summary).toContain('&lt;script&gt;');
      expect(
        entries
          .get(names.find((n) => n.endsWith('/summary.pdf'))!)!
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
      expect((await officer.get('/leads/999999/package.zip')).status).toBe(404);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('gives the 移送 package, the 公示 list and the typical-case table, each audited with its hash', async () => {
    const { store, dir, ids, officer } = await setup();
    try {
      const referral = await officer.get(`/leads/${ids[0]}/referral.zip?police=某市公安局`);
      expect(referral.status).toBe(200);
      const entries = await readZip(await saved(dir, referral, 'referral.zip'));
      expect([...entries.keys()].some((n) => n.startsWith('02-移送附件清单'))).toBe(true);
      const publicity = await officer.get('/exports/publicity?from=2026-01-01&to=2026-12-31&format=csv');
      expect(publicity.status).toBe(200);
      expect(publicity.headers.get('content-type')).toContain('text/csv');
      const cases = await officer.get(`/exports/cases.xlsx?ids=${ids.join(',')}`);
      expect(cases.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await cases.arrayBuffer());
      const cells: unknown[] = [];
      wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => cells.push(cell.value))));
      expect(cells.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
      const actions = (await store.audit.list({})).map((e) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining(['export.referral_package', 'export.publicity', 'export.typical_cases']),
      );
      expect((await store.audit.verify()).ok).toBe(true);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('names a bad field, and hides every export from a rights holder', async () => {
    const { store, ids, officer, holder } = await setup();
    try {
      const bad = await officer.get('/exports/publicity?from=2026-02-30&to=2026-03-01');
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('from');
      const badIds = await officer.get('/exports/cases.xlsx?ids=1,abc');
      expect(badIds.status).toBe(400);
      expect(await badIds.text()).toContain('abc');
      for (const path of [
        '/exports',
        `/leads/${ids[0]}/package.zip`,
        `/leads/${ids[0]}/referral.zip`,
        '/exports/publicity?from=2026-01-01&to=2026-12-31',
        `/exports/cases.xlsx?ids=${ids[0]}`,
      ]) {
        expect((await holder.get(path)).status, path).toBe(404);
      }
    } finally {
      await store.close();
    }
  });
});
