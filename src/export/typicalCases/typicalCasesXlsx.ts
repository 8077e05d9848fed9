import ExcelJS from 'exceljs';
import { inertValue } from '../inertCell.js';
import type { TypicalCaseRow } from './typicalCaseRows.js';

/*
 * The 典型案例表 as XLSX: a title row, the Chinese headers, one row per case. Every text cell goes through
 * inertValue (a seller's title starting with = stays text); amounts are numbers in 元 with two decimals.
 */

const COLUMNS: ReadonlyArray<{
  header: string;
  width: number;
  value: (r: TypicalCaseRow, i: number) => string | number | null;
}> = [
  { header: '序号', width: 6, value: (_r, i) => i + 1 },
  { header: '案件名称', width: 30, value: (r) => r.caseName },
  { header: '办案机关', width: 20, value: (r) => r.authority },
  { header: '处罚决定书文号', width: 20, value: (r) => r.decisionNo },
  { header: '当事人', width: 16, value: (r) => r.party },
  { header: '统一社会信用代码', width: 20, value: (r) => r.creditCode },
  { header: '知识产权类型', width: 16, value: (r) => r.ipType },
  { header: '平台', width: 10, value: (r) => r.platform },
  { header: '店铺', width: 20, value: (r) => r.shop },
  { header: '商品类别', width: 14, value: (r) => r.goodsCategory },
  { header: '涉案商品（示例）', width: 30, value: (r) => r.exampleListing },
  { header: '线索来源', width: 16, value: (r) => r.source },
  { header: '基本案情', width: 50, value: (r) => r.facts },
  { header: '法律依据', width: 24, value: (r) => r.legalBasis },
  { header: '处罚结果', width: 24, value: (r) => r.penalty },
  { header: '涉案金额（元）', width: 14, value: (r) => r.amountInvolved },
  { header: '涉案金额来源', width: 10, value: (r) => r.amountFrom },
  { header: '罚没金额（元）', width: 14, value: (r) => r.fines },
  { header: '移送情况', width: 20, value: (r) => r.referral },
  { header: '典型意义', width: 40, value: (r) => r.significance },
  { header: '公示链接', width: 30, value: (r) => r.publicityUrl },
];

const MONEY_COLUMNS = new Set(['涉案金额（元）', '罚没金额（元）']);

export interface TypicalCasesHeader {
  office: string;
  /** China date the table was made. */
  madeOn: string;
}

export function typicalCasesWorkbook(
  rows: readonly TypicalCaseRow[],
  h: TypicalCasesHeader,
): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'markwatch';
  const made = new Date(`${h.madeOn}T00:00:00Z`);
  wb.created = made;
  wb.modified = made;
  const ws = wb.addWorksheet('典型案例');
  ws.columns = COLUMNS.map((c) => ({ width: c.width }));
  ws.mergeCells(1, 1, 1, COLUMNS.length);
  ws.getCell(1, 1).value = inertValue(`知识产权执法典型案例表（${h.office}，${h.madeOn}）`);
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  const head = ws.getRow(2);
  COLUMNS.forEach((c, j) => {
    head.getCell(j + 1).value = c.header;
    head.getCell(j + 1).font = { bold: true };
  });
  rows.forEach((r, i) => {
    const row = ws.getRow(3 + i);
    COLUMNS.forEach((c, j) => {
      const cell = row.getCell(j + 1);
      cell.value = inertValue(c.value(r, i));
      if (MONEY_COLUMNS.has(c.header)) cell.numFmt = '#,##0.00';
      cell.alignment = { wrapText: true, vertical: 'top' };
    });
  });
  ws.getCell(4 + rows.length, 1).value =
    '注：当事人为自然人的，姓名已脱敏；涉案金额来源为“估算”的，按监测到的单价×销量计算，仅供参考。';
  return wb;
}

/** The workbook's bytes. */
export async function typicalCasesXlsx(
  rows: readonly TypicalCaseRow[],
  h: TypicalCasesHeader,
): Promise<Buffer> {
  return Buffer.from(await typicalCasesWorkbook(rows, h).xlsx.writeBuffer());
}
