import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { publicityDocument } from '../../../src/export/publicity/publicityExport.js';
import { useTempDir } from '../../helpers/tempDir.js';
import {
  docsFixture,
  HOSTILE_FORMULA,
  HOSTILE_SCRIPT,
  NOTIFIER,
  NOTIFIER_PHONE,
  SELLER,
  SELLER_PHONE,
} from '../referral/docsFixture.js';

const tempDir = useTempDir();
const PERIOD = { from: '2026-12-01', to: '2026-12-31' };

describe('publicity export', () => {
  it('HTML: handled notices with results, no person name or phone, hostile text escaped, no script', async () => {
    const { store, deps } = await docsFixture(tempDir());
    const doc = await publicityDocument(deps, PERIOD, 'html');
    expect(doc.rows).toBe(2);
    expect(doc.body).toContain('已删除（下架）');
    expect(doc.body).toContain('2026-12-04');
    expect(doc.body).toContain('李*');
    for (const secret of [SELLER, NOTIFIER, SELLER_PHONE, NOTIFIER_PHONE])
      expect(doc.body).not.toContain(secret);
    expect(doc.body).toContain('138****5678');
    expect(doc.body).not.toContain(HOSTILE_SCRIPT);
    expect(doc.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(doc.body).not.toMatch(/<script/i);
    expect(doc.body).toContain('=HYPERLINK(&quot;http://x&quot;)');
    await store.close();
  });

  it('CSV: one row per listing, every text cell inert, no person name or phone', async () => {
    const { store, deps } = await docsFixture(tempDir());
    const doc = await publicityDocument(deps, PERIOD, 'csv');
    expect(doc.body.startsWith('\uFEFF')).toBe(true);
    const rows = parse(doc.body.slice(1)) as string[][];
    expect(rows[0]).toContain('处理结果');
    expect(rows).toHaveLength(3);
    const titles = rows.slice(1).map((r) => r[6]);
    expect(titles).toContain(`'${HOSTILE_FORMULA} 耐克 运动鞋`);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    for (const secret of [SELLER, NOTIFIER, SELLER_PHONE, NOTIFIER_PHONE])
      expect(doc.body).not.toContain(secret);
    expect(rows.slice(1).map((r) => r[9])).toEqual(['已删除（下架）', '已删除（下架）']);
    await store.close();
  });

  it('keeps only results inside the period and refuses a bad period naming the field', async () => {
    const { store, deps } = await docsFixture(tempDir());
    expect((await publicityDocument(deps, { from: '2026-12-05', to: '2026-12-31' }, 'csv')).rows).toBe(0);
    expect((await publicityDocument(deps, { from: '2026-12-04', to: '2026-12-04' }, 'csv')).rows).toBe(2);
    const empty = await publicityDocument(deps, { from: '2026-11-01', to: '2026-11-30' }, 'html');
    expect(empty.body).toContain('本期无已处理的通知');
    await expect(publicityDocument(deps, { from: '2026-13-01', to: '2026-12-31' }, 'html')).rejects.toThrow(
      /--from/,
    );
    await expect(publicityDocument(deps, { from: '2026-12-31', to: '2026-12-01' }, 'html')).rejects.toThrow(
      /晚于/,
    );
    await store.close();
  });
});
