import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { statsCsv } from '../../../src/export/stats/statsCsv.js';
import { statsXlsx } from '../../../src/export/stats/statsXlsx.js';
import { q3Form } from './fixtures.js';

async function openXlsx(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

const HOSTILE = '=HYPERLINK("http://evil.example","x")';

describe('the XLSX form', () => {
  it('is laid out like the template, with figures, totals and number formats', async () => {
    const wb = await openXlsx(await statsXlsx(q3Form()));
    const ws = wb.getWorksheet('统计表')!;
    expect(ws.getCell('A1').value).toBe('知识产权执法数据统计表');
    expect(ws.getCell('A2').value).toBe('报送单位：某市市场监督管理局');
    expect(ws.getCell('E2').value).toBe('统计时间：2026年1月1日至9月30日');
    expect(ws.getCell('I2').value).toBe('报送时间：2026年10月10日');
    expect(ws.getCell('A4').value).toBe('一、执法行动数据');
    expect(ws.getCell('A5').value).toBe('开展执法行动（次）');
    expect([1, 2, 3, 4, 5].map((c) => ws.getCell(6, c).value)).toEqual([3, 15, 1, 5, 12]);
    expect(ws.getCell('A8').value).toBe('二、案件数据');
    expect(ws.getCell('B9').value).toBe('立案');
    expect(ws.getCell('B10').value).toBe('件');
    expect(ws.getCell('D9').value).toBe('涉案金额');
    expect(ws.getCell('D10').value).toBe('万元');
    expect(ws.getCell('I9').value).toBe('重点实体市场案件');
    // Merged header cells and title.
    expect(ws.getCell('A10').isMerged).toBe(true);
    expect(ws.getCell('L1').isMerged).toBe(true);
    // Rows 11–18 the 8 rows, 19 the total.
    expect(ws.getCell('A11').value).toBe('商标侵权案件');
    expect(ws.getCell('A18').value).toBe('其他专利案件');
    expect(ws.getCell('A19').value).toBe('合计');
    expect(ws.getCell('B11').value).toBe(3);
    expect(ws.getCell('B11').numFmt).toBe('0');
    expect(ws.getCell('D11').value).toBe(0.02);
    expect(ws.getCell('D11').numFmt).toBe('0.00');
    expect(ws.getCell('D19').value).toBe(0.03); // total from the exact sum
    expect(ws.getCell('G19').value).toBe(2); // referrals: tm-3/lead 9 once + lead 8
    expect(ws.getCell('H11').value).toBe(2); // e-commerce
    expect(ws.getCell('K11').value).toBe(1); // foreign: tm-1 also counted in e-commerce
    const notes: string[] = [];
    ws.eachRow((row) => {
      const v = row.getCell(1).value;
      if (typeof v === 'string' && /^\d\./.test(v)) notes.push(v);
    });
    expect(notes).toHaveLength(5);
    expect(notes[1]).toContain('在相应各列分别统计');
  });

  it('says where each figure came from', async () => {
    const wb = await openXlsx(await statsXlsx(q3Form()));
    const ws = wb.getWorksheet('数据来源')!;
    const rows = ws.getSheetValues().slice(2) as unknown[][];
    const referred = rows.find(
      (r) => r[2] === '商标侵权案件' && String(r[3]).startsWith('移送司法机关案件'),
    )!;
    expect(referred[5]).toBe('markwatch 自动统计＋人工录入');
    expect(String(referred[6])).toMatch(/线索#9 移送公安（li，2026-06-02T10:00:00\+08:00）/);
    expect(String(referred[6])).toMatch(/tm-3（zhang 录入/);
    const patent = rows.find((r) => r[2] === '假冒专利案件' && String(r[3]).startsWith('移送'))!;
    expect(patent[5]).toBe('markwatch 自动统计');
    const activity = wb.getWorksheet('markwatch监测')!;
    expect(activity.getCell('A3').value).toBe('发出通知');
    expect(activity.getCell('B3').value).toBe(30);
  });

  it('keeps a hostile unit and label inert', async () => {
    const form = q3Form({ unit: HOSTILE, keyMarketLabel: HOSTILE });
    const wb = await openXlsx(await statsXlsx(form));
    const ws = wb.getWorksheet('统计表')!;
    // The unit is prefixed by its label; the label column header starts with the hostile text itself.
    expect(ws.getCell('A2').value).toBe(`报送单位：${HOSTILE}`);
    expect(ws.getCell('I9').value).toBe(`'${HOSTILE}案件`);
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.formula).toBeUndefined();
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
      }),
    );
  });
});

describe('the CSV form', () => {
  const rowsOf = (text: string) =>
    parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];

  it('has the header lines, both blocks, the total and the sources', () => {
    const text = statsCsv(q3Form());
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = rowsOf(text);
    expect(rows[0]).toEqual(['知识产权执法数据统计表']);
    expect(rows[2]).toEqual(['统计时间：2026年1月1日至9月30日']);
    const actionsAt = rows.findIndex((r) => r[0] === '开展执法行动（次）');
    expect(rows[actionsAt + 1]).toEqual(['3', '15', '1', '5', '12']);
    const headerAt = rows.findIndex((r) => r[0] === '案件类别');
    expect(rows[headerAt]![1]).toBe('立案（件）');
    expect(rows[headerAt]![3]).toBe('涉案金额（万元）');
    expect(rows[headerAt + 1]).toEqual([
      '商标侵权案件',
      '3',
      '4',
      '0.02',
      '0.01',
      '1.00',
      '1',
      '2',
      '0',
      '0',
      '1',
      '0.12',
    ]);
    expect(rows[headerAt + 9]![0]).toBe('合计');
    expect(rows[headerAt + 9]![3]).toBe('0.03');
    expect(rows.some((r) => r[0] === '数据来源')).toBe(true);
  });

  it('keeps a hostile unit and label inert', () => {
    const rows = rowsOf(statsCsv(q3Form({ unit: HOSTILE, keyMarketLabel: HOSTILE })));
    const cells = rows.flat();
    expect(cells).toContain(`'${HOSTILE}案件（件）`);
    expect(cells.filter((c) => /^[=+\-@]/.test(c))).toEqual([]);
  });
});
