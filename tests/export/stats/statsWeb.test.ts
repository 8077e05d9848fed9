import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS } from '../../../src/config/schema.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { useTempDir } from '../../helpers/tempDir.js';
import { addUser, Browser, webApp } from '../../web/webHarness.js';

/* The /stats page: officers and admins only, CSRF-guarded entry forms, downloads that say where figures came from. */

const tempDir = useTempDir();
const OFFICE = '某市市场监督管理局';
const HOSTILE = '=HYPERLINK("http://evil.example","x")';

async function setup(): Promise<{ store: Store; officer: Browser; holder: Browser }> {
  const store = await openStore(tempDir());
  const config = {
    ...CONFIG_DEFAULTS,
    dataDir: store.dataDir,
    workflow: { ...CONFIG_DEFAULTS.workflow, office: { name: OFFICE, regionCode: '330100' } },
  };
  const app = webApp(store, config);
  const officer = new Browser(app);
  await officer.login('zhang', await addUser(store, 'zhang', 'officer'));
  const holder = new Browser(app);
  await holder.login('nike', await addUser(store, 'nike', 'rights_holder', 'h1'));
  return { store, officer, holder };
}

const caseFields = (csrf: string, over: Record<string, string> = {}) => ({
  _csrf: csrf,
  unit: OFFICE,
  caseNo: 'W-1',
  row: 'trademark',
  openedOn: '2026-02-10',
  closedOn: '2026-08-20',
  amountInvolvedFen: '12345.67',
  finesFen: '50',
  ecommerce: '是',
  foreignVictim: '是',
  ...over,
});

describe('/stats', () => {
  it('lets an officer enter a case and shows it, with its source, in the page and the XLSX', async () => {
    const { store, officer } = await setup();
    try {
      const csrf = await officer.csrf('/stats?quarter=2026Q3');
      const saved = await officer.post('/stats/cases?quarter=2026Q3', caseFields(csrf));
      expect(saved.status).toBe(303);
      expect(saved.headers.get('location')).toContain('saved=cases');
      const html = await (await officer.get('/stats?quarter=2026Q3')).text();
      expect(html).toContain('知识产权执法数据统计表');
      expect(html).toContain('W-1（zhang 录入');
      const xlsx = await officer.get('/stats/download?quarter=2026Q3&format=xlsx');
      expect(xlsx.headers.get('content-disposition')).toContain('stats-2026Q3.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await xlsx.arrayBuffer());
      const ws = wb.getWorksheet('统计表')!;
      expect(ws.getCell('B11').value).toBe(1);
      expect(ws.getCell('D11').value).toBe(1.23); // ¥12,345.67
      expect(ws.getCell('H11').value).toBe(1);
      expect(ws.getCell('K11').value).toBe(1);
      const audit = await store.audit.list({ subjectType: 'stat_case' });
      expect(audit[0]).toMatchObject({ action: 'stats.case_entered', actor: 'zhang' });
    } finally {
      await store.close();
    }
  });

  it('refuses bad fields by name, saving nothing', async () => {
    const { store, officer } = await setup();
    try {
      const csrf = await officer.csrf('/stats');
      const res = await officer.post(
        '/stats/cases?quarter=2026Q3',
        caseFields(csrf, { openedOn: '2026-02-30', finesFen: 'abc', leadId: '77' }),
      );
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('「立案日期」：&quot;2026-02-30&quot; 不是有效日期');
      expect(html).toContain('「罚没款金额（元）」');
      expect(await store.stats.cases(OFFICE)).toEqual([]);
      const action = await officer.post('/stats/actions?quarter=2026Q3', {
        _csrf: csrf,
        ref: 'A-1',
        on: '2026-03-01',
        actions: '-1',
      });
      expect(action.status).toBe(400);
      expect(await action.text()).toContain('「开展执法行动（次）」');
    } finally {
      await store.close();
    }
  });

  it('needs the CSRF token and a staff role', async () => {
    const { store, officer, holder } = await setup();
    try {
      expect((await officer.post('/stats/cases', caseFields('wrong'))).status).toBe(403);
      expect(await store.stats.cases(OFFICE)).toEqual([]);
      const asHolder = await holder.get('/stats');
      expect([403, 404]).toContain(asHolder.status);
      expect((await holder.get('/stats/download?format=csv')).status).not.toBe(200);
      expect((await officer.get('/stats?quarter=2026Q5')).status).toBe(400);
    } finally {
      await store.close();
    }
  });

  it('keeps a hostile unit inert in the CSV download and escaped in the page', async () => {
    const { store, officer } = await setup();
    try {
      const csrf = await officer.csrf('/stats');
      await officer.post('/stats/actions?quarter=2026Q3', {
        _csrf: csrf,
        unit: HOSTILE,
        ref: HOSTILE,
        on: '2026-03-01',
        actions: '2',
      });
      const q = new URLSearchParams({ quarter: '2026Q3', unit: HOSTILE, keyMarketLabel: HOSTILE });
      const bytes = Buffer.from(
        await (await officer.get(`/stats/download?${q.toString()}&format=csv`)).arrayBuffer(),
      );
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: Excel reads the Chinese
      const csv = bytes.toString('utf8');
      expect(csv).toContain(`'${HOSTILE.replaceAll('"', '""')}案件（件）`);
      for (const line of csv.split('\r\n')) expect(line).not.toMatch(/^"?[=+\-@]/);
      const html = await (await officer.get(`/stats?${q.toString()}`)).text();
      const script = new URLSearchParams({ quarter: '2026Q3', unit: '<script>alert(1)</script>' });
      const escaped = await (await officer.get(`/stats?${script.toString()}`)).text();
      expect(escaped).not.toContain('<script>alert(1)');
      expect(escaped).toContain('&lt;script&gt;alert(1)');
      expect(html).toContain('=HYPERLINK(&quot;');
    } finally {
      await store.close();
    }
  });
});
