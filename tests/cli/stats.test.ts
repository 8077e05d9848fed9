import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { runCli } from '../helpers/runCli.js';
import { useTempDir } from '../helpers/tempDir.js';

/* markwatch stats and stats import, in-process on a real data directory. */

const tempDir = useTempDir();
afterEach(() => {
  delete process.env.MARKWATCH_AS;
});

const OFFICE = '某市市场监督管理局';
const CASE_HEADER =
  '报送单位,案件编号,案件类别,立案日期,结案日期,移送日期,涉案金额（元）,罚没款金额（元）,挽回经济损失（元）,' +
  '挽回外商投资企业经济损失（元）,电商领域,重点实体市场,农村市场,外商投资企业被侵权,线索编号,备注';

function setup() {
  const dir = tempDir();
  const config = join(dir, 'markwatch.config.json');
  writeFileSync(
    config,
    JSON.stringify({ dataDir: dir, workflow: { office: { name: OFFICE, regionCode: '330100' } } }),
  );
  const cli = (...args: string[]) => runCli(dir, '--config', config, ...args);
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  return { dir, cli, file };
}

describe('markwatch stats import', () => {
  it('imports cases and actions, then exports the form as XLSX and CSV', async () => {
    const { dir, cli, file } = setup();
    process.env.MARKWATCH_AS = 'staff:zhang';
    const cases = file(
      'cases.csv',
      `\uFEFF${CASE_HEADER}\n` +
        ',C-1,商标侵权,2026-02-10,2026/8/20,,50,40,,,是,,,是,,\n' +
        ',C-2,商标侵权案件,2026-08-03,2026-09-30,,50,40,,,1,,,,,\n' +
        ',C-3,trademark,2026-05-05,,,50,40,,,否,,,,,\n' +
        ',G-1,地理标志,2026-10-02,,,1000000,,,,是,是,是,,,\n',
    );
    expect((await cli('stats', 'import', cases)).out).toContain('新增 4');
    const actions = file(
      'actions.csv',
      '行动编号,日期,开展执法行动（次）,出动执法人员（人次）,实体市场执法行动（次）,实体市场出动执法人员（人次）,辖区重点实体市场数量（个）\n' +
        'A-1,2026-02-01,2,10,1,4,12\nA-2,2026-07-01,1,5,,,\n',
    );
    expect((await cli('stats', 'import', actions)).out).toContain('执法行动');

    const xlsx = join(dir, 'q3.xlsx');
    await cli('stats', '--quarter', '2026Q3', '--out', xlsx, '--key-market-label', '重点实体经济市场');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('统计表')!;
    expect(ws.getCell('A2').value).toBe(`报送单位：${OFFICE}`);
    expect([1, 2, 3, 4, 5].map((c) => ws.getCell(6, c).value)).toEqual([3, 15, 1, 4, 12]);
    expect(ws.getCell('B11').value).toBe(3); // C-1 Feb, C-2 Aug, C-3 May; G-1 is October
    expect(ws.getCell('C11').value).toBe(2);
    expect(ws.getCell('D11').value).toBe(0.01); // ¥100 closed in the window → 0.01 万元
    expect(ws.getCell('H11').value).toBe(2); // e-commerce: C-1, C-2
    expect(ws.getCell('K11').value).toBe(1); // foreign victim: C-1 again
    expect(ws.getCell('I9').value).toBe('重点实体经济市场案件');
    expect(ws.getCell('B12').value).toBe(0); // G-1 opened in Q4
    const sources = wb.getWorksheet('数据来源')!.getSheetValues().slice(2) as unknown[][];
    expect(String(sources.find((r) => r[2] === '商标侵权案件' && r[3] === '立案（件）')![6])).toMatch(
      /C-1（zhang 录入/,
    );

    const csv = join(dir, 'q4.csv');
    await cli('stats', '--quarter', '2026Q4', '--out', csv);
    const text = readFileSync(csv, 'utf8');
    expect(text).toContain('统计时间：2026年1月1日至12月31日');
    expect(text).toMatch(/地理标志案件,1,0,0\.00,/);
  });

  it('names the line and column of every problem and imports nothing', async () => {
    const { cli, file, dir } = setup();
    process.env.MARKWATCH_AS = 'staff:zhang';
    const bad = file(
      'bad.csv',
      `${CASE_HEADER}\n` +
        ',C-1,商标侵权,2026-02-10,,,50,,,,是,,,,,\n' +
        ',C-2,商标侵犯,2026-02-30,,,12.345,,,,也许,,,,,\n' +
        ',C-1,商标侵权,2026-03-01,2026-02-01,,,,,,,,,,99,\n',
    );
    const err = await cli('stats', 'import', bad).catch((e: Error) => e.message);
    expect(err).toMatch(/bad\.csv:3: field "案件类别": "商标侵犯" 不是统计表的案件类别/);
    expect(err).toMatch(/bad\.csv:3: field "立案日期": "2026-02-30" 不是有效日期/);
    expect(err).toMatch(/bad\.csv:3: field "涉案金额（元）": "12\.345" 不是金额/);
    expect(err).toMatch(/bad\.csv:3: field "电商领域": "也许" 应为 是 或 否/);
    expect(err).toMatch(/bad\.csv:4: field "结案日期": 结案日期早于立案日期/);
    expect(err).toMatch(/bad\.csv:4: field "案件编号": "C-1" 与第 2 行重复/);
    // A lead that does not exist: refused after parsing, still naming the line; nothing written.
    const noLead = file('nolead.csv', `${CASE_HEADER}\n,C-9,商标侵权,2026-02-10,,,,,,,,,,,42,\n`);
    await expect(cli('stats', 'import', noLead)).rejects.toThrow(
      /nolead\.csv:2: field "线索编号": 没有线索 #42/,
    );
    const store = await openStore(dir, { readonly: true });
    try {
      expect(await store.stats.cases(OFFICE)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('needs --as and refuses a file with missing columns', async () => {
    const { cli, file } = setup();
    const f = file('x.csv', '案件编号,立案日期\nC-1,2026-01-01\n');
    await expect(cli('stats', 'import', f)).rejects.toThrow(/--as/);
    process.env.MARKWATCH_AS = 'staff:zhang';
    await expect(cli('stats', 'import', f)).rejects.toThrow(/x\.csv:1: 缺少列.*「案件类别」/);
  });
});

describe('markwatch stats', () => {
  it.each(['2026Q5', '2026-09', 'Q3'])('refuses --quarter %s naming the option', async (q) => {
    const { cli } = setup();
    await expect(cli('stats', '--quarter', q)).rejects.toThrow(/--quarter: ".*" 不是有效季度/);
  });

  it('needs --quarter and a .xlsx or .csv --out', async () => {
    const { cli, dir } = setup();
    await expect(cli('stats')).rejects.toThrow(/--quarter/);
    await expect(cli('stats', '--quarter', '2026Q1', '--out', join(dir, 'x.pdf'))).rejects.toThrow(/--out/);
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
  });

  it('prints the form for another unit without markwatch figures', async () => {
    const { cli, dir } = setup();
    await (await openStore(dir)).close();
    const out = JSON.parse((await cli('stats', '--quarter', '2026Q1', '--unit', '某县局', '--json')).out) as {
      unit: string;
      activity: unknown;
      cases: { rows: unknown[] };
    };
    expect(out.unit).toBe('某县局');
    expect(out.activity).toBeNull();
    expect(out.cases.rows).toHaveLength(9);
  });
});
