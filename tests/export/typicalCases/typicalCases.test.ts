import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { loadCaseDetails } from '../../../src/export/typicalCases/caseDetails.js';
import { typicalCasesDocument } from '../../../src/export/typicalCases/typicalCasesExport.js';
import { referLead } from '../../../src/workflow/referral.js';
import { useTempDir } from '../../helpers/tempDir.js';
import {
  docsFixture,
  HOSTILE_FORMULA,
  HOSTILE_SCRIPT,
  SELLER,
  SELLER_PHONE,
  staff,
} from '../referral/docsFixture.js';

const tempDir = useTempDir();

async function sheetOf(body: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb.getWorksheet('典型案例')!;
}

function rowByHeader(ws: ExcelJS.Worksheet, n: number): Record<string, unknown> {
  const head = ws.getRow(2).values as unknown[];
  const values = ws.getRow(n).values as unknown[];
  return Object.fromEntries(head.map((h, i) => [String(h), values[i]]).filter(([h]) => h !== 'undefined'));
}

describe('typical-case table', () => {
  it('has the §8 fields from the lead and the officer’s details, redacted and inert', async () => {
    const dir = tempDir();
    const { store, deps, leadId } = await docsFixture(dir);
    await referLead(deps, leadId, '数额较大', [], staff());
    const file = join(dir, 'details.json');
    writeFileSync(
      file,
      JSON.stringify({
        cases: {
          [leadId]: {
            decisionNo: '杭市监处罚〔2026〕88号',
            penalty: '没收侵权商品，罚款人民币 5 万元',
            fines: 50000,
            significance: HOSTILE_SCRIPT,
            legalBasis: '《商标法》第五十七条第（三）项、第六十条第二款',
          },
        },
      }),
    );
    const doc = await typicalCasesDocument(deps, [leadId], loadCaseDetails(file));
    expect(doc.rows).toBe(1);
    const ws = await sheetOf(doc.body);
    expect(String(ws.getCell(1, 1).value)).toContain('知识产权执法典型案例表');
    const row = rowByHeader(ws, 3);
    expect(row['当事人']).toBe('李*');
    expect(row['知识产权类型']).toBe('商标侵权案件');
    expect(row['处罚决定书文号']).toBe('杭市监处罚〔2026〕88号');
    expect(row['罚没金额（元）']).toBe(50000);
    expect(row['涉案金额（元）']).toBe(90000);
    expect(row['涉案金额来源']).toBe('估算');
    expect(row['移送情况']).toBe('已移送公安机关');
    expect(row['店铺']).toBe('李*（li**01）');
    expect(row['办案机关']).toBe('杭州市市场监督管理局');
    // The hostile title is text, quote-prefixed; the script tag is plain cell text.
    expect(row['涉案商品（示例）']).toBe(`'${HOSTILE_FORMULA} 耐克 运动鞋`);
    expect(row['典型意义']).toBe(HOSTILE_SCRIPT);
    for (let r = 1; r <= ws.rowCount; r++) {
      ws.getRow(r).eachCell((cell) => {
        expect(cell.formula).toBeUndefined();
        if (typeof cell.value === 'string') {
          expect(cell.value).not.toMatch(/^[=+\-@]/);
          expect(cell.value).not.toContain(SELLER);
          expect(cell.value).not.toContain(SELLER_PHONE);
        }
      });
    }
    await store.close();
  });

  it('refuses an unknown lead and a details file with a bad field, naming it', async () => {
    const dir = tempDir();
    const { store, deps } = await docsFixture(dir);
    await expect(typicalCasesDocument(deps, [999])).rejects.toThrow(/线索 999 不存在/);
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ cases: { '1': { fines: -3 } } }));
    expect(() => loadCaseDetails(file)).toThrow(/cases\.1\.fines/);
    await store.close();
  });
});
